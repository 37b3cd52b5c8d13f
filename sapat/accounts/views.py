"""Sign-in pages: the sign-in form that says clearly why it refused, the page for a person
Sapat does not know, invitations, and the QMS office's page of sign-in settings."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorList
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sapat.api.login import ThrottledLoginView
from sapat.org.access import RULES, Action, grants, require_configure
from sapat.org.models import Person, Role, Unit

from .invitations import (
    invitation_accept,
    invitation_for,
    invitation_use_for_signin,
    invitations_send,
    university_signin,
)
from .matching import UNKNOWN_SESSION_KEY
from .models import Invitation

INVITATION_SESSION_KEY = "sapat_invitation"
LOCAL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInView(ThrottledLoginView):
    """The sign-in form: a Sapat password, or the university's login and password."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **university_signin()}

    def form_invalid(self, form):
        email = getattr(self.request, "sapat_unknown_email", None)
        if email:
            return unknown_page(self.request, email)
        if getattr(self.request, "sapat_directory_down", False) and not getattr(
            self.request, "axes_locked_out", False
        ):
            form._errors["__all__"] = ErrorList([_(
                "The university's directory cannot be reached just now, so your password "
                "could not be checked. Nothing was locked: try again in a few minutes. "
                "People with a Sapat password can sign in with it meanwhile."
            )])
        return super().form_invalid(form)


def qms_contact() -> str:
    """Whom to ask: `SAPAT_QMS_CONTACT`, or the name of the QMS office's unit."""
    contact = getattr(settings, "SAPAT_QMS_CONTACT", "")
    if contact:
        return contact
    unit = Unit.objects.filter(role_assignments__role=Role.QMS).order_by("path").first()
    return unit.label if unit else ""


def unknown_page(request, email: str):
    return render(request, "accounts/unknown.html", {
        "email": email, "contact": qms_contact(),
        "title": _("Sapat does not know you yet"),
    }, status=403)


@require_GET
def unknown(request):
    """After the OpenID provider: who the person is, and that the QMS office adds people."""
    email = request.session.pop(UNKNOWN_SESSION_KEY, "")
    if not email:
        return redirect("login")
    return unknown_page(request, email)


# --- Invitations ---------------------------------------------------------------------------


@require_GET
def invitation(request, token: str):
    """The link from the e-mail: the token moves to the session, out of the address bar
    (and out of any Referer), as Django's password reset does."""
    found = invitation_for(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", {
            "title": _("This invitation can no longer be used"),
        }, status=410)
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("accounts:invitation_accept")


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request):
    found = invitation_for(request.session.get(INVITATION_SESSION_KEY, ""))
    if found is None:
        return render(request, "accounts/invitation_invalid.html", {
            "title": _("This invitation can no longer be used"),
        }, status=410)
    person = found.person
    form = SetPasswordForm(person, request.POST if request.POST.get("action") == "password"
                           else None)
    if request.method == "POST":
        if request.POST.get("action") == "university":
            invitation_use_for_signin(invitation=found)
            request.session.pop(INVITATION_SESSION_KEY, None)
            if university_signin()["provider"]:
                return redirect("accounts:oidc_start")
            messages.info(request, _("Sign in with your university login and password."))
            return redirect("login")
        if form.is_valid():
            try:
                person = invitation_accept(invitation=found,
                                           password=form.cleaned_data["new_password1"])
            except ValidationError as exc:
                form.add_error("new_password1", exc)
            else:
                request.session.pop(INVITATION_SESSION_KEY, None)
                login(request, person, backend=LOCAL_BACKEND)
                messages.success(request, _("Welcome to Sapat. Your password is set."))
                return redirect("home")
    return render(request, "accounts/invitation.html", {
        "form": form, "person": person, "invitation": found,
        "title": _("Welcome to Sapat"), **university_signin(),
    })


# --- The QMS office's page -------------------------------------------------------------------


def _base_url(request) -> str:
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")


def _university_scope(person) -> Q:
    """People of the universities `person` configures (everyone for a superuser)."""
    if person.is_superuser:
        return Q()
    paths = [g.path for g in grants(person) if Action.CONFIGURE in RULES[g.role].actions]
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path=path) | Q(unit__path__startswith=path + ".")
    return q


def _never_signed_in(person):
    return Person.objects.filter(_university_scope(person), is_active=True, last_login__isnull=True
                                 ).exclude(email="").exclude(
        pk__in=Invitation.objects.open().values("person_id"))


@login_required
@require_http_methods(["GET", "POST"])
def signin_settings(request):
    """How people sign in, whether the directory and the provider answer, invitations."""
    require_configure(request.user)
    check = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "check_directory":
            from .status import check_directory

            check = check_directory(request.POST.get("login", "").strip())
        elif action == "check_provider":
            from .status import check_provider

            check = check_provider()
        elif action == "invite_pending":
            result = invitations_send(people=list(_never_signed_in(request.user)[:5000]),
                                      by=request.user, base_url=_base_url(request))
            messages.success(request, _("%(n)s invitations sent.") % {"n": result.sent})
            return redirect("accounts:signin_settings")
    invitations = Invitation.objects.filter(person__in=Person.objects.filter(
        _university_scope(request.user))).select_related("person", "created_by")[:100]
    return render(request, "accounts/signin_settings.html", {
        "section": "signin", "title": _("Sign-in and invitations"), "check": check,
        "ldap": getattr(settings, "SAPAT_LDAP", None),
        "oidc": getattr(settings, "SAPAT_OIDC", None),
        "axes_limit": settings.AXES_FAILURE_LIMIT, "axes_hours": settings.AXES_COOLOFF_TIME,
        "invitation_days": getattr(settings, "SAPAT_INVITATION_DAYS", 14),
        "invitations": invitations, "pending": _never_signed_in(request.user).count(),
    })


@login_required
@require_POST
def invite_new(request):
    """Invite the people the last import brought in."""
    require_configure(request.user)
    from sapat.org.views_import import DONE_KEY

    done = request.session.get(DONE_KEY) or {}
    people = list(Person.objects.filter(_university_scope(request.user),
                                        pk__in=done.get("new_people", [])))
    result = invitations_send(people=people, by=request.user, base_url=_base_url(request))
    messages.success(request, _("%(n)s invitations sent.") % {"n": result.sent})
    return redirect("accounts:signin_settings")


@login_required
@require_POST
def invite_person(request, pk: int):
    require_configure(request.user)
    person = get_object_or_404(Person.objects.filter(_university_scope(request.user)), pk=pk)
    result = invitations_send(people=[person], by=request.user, base_url=_base_url(request))
    if result.sent:
        messages.success(request, _("An invitation was sent to %(email)s.") % {
            "email": person.email})
    else:
        messages.error(request, _("No invitation was sent: the person has no e-mail or is "
                                  "not active."))
    return redirect(reverse("org:person_edit", args=[pk]))
