"""The quality policy (§5, Appendix 5): reading, acknowledging, drafting, approving."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sapat.lib.redirects import redirect_back
from sapat.org.access import Action, may_configure, scope_q
from sapat.org.models import Person, Unit

from .forms import PolicyDraftForm
from .models import PolicyAcknowledgement, QualityPolicy
from .permissions import (
    may_approve_policy,
    may_draft_policy,
    may_see_acknowledgements,
    university_q,
)
from .services import policy_acknowledge, policy_approve, policy_draft_create


@login_required
def policy(request):
    current = QualityPolicy.objects.select_related("approved_by").filter(
        approved_on__isnull=False).order_by("-version").first()
    acknowledged = bool(current) and PolicyAcknowledgement.objects.filter(
        policy=current, person=request.user).exists()
    drafts = []
    if may_draft_policy(request.user) or may_approve_policy(
            request.user, current.unit if current else None):
        drafts = list(QualityPolicy.objects.filter(approved_on__isnull=True)
                      .filter(university_q(request.user)).select_related("unit"))
    for d in drafts:
        d.may_approve = may_approve_policy(request.user, d.unit)
    return render(request, "processes/policy.html", {
        "policy": current,
        "text": current.text_in(get_language()) if current else "",
        "acknowledged": acknowledged, "drafts": drafts,
        "may_draft": may_draft_policy(request.user),
        "may_see_acks": may_see_acknowledgements(request.user),
        "section": "policy",
    })


@login_required
@require_POST
def policy_acknowledge_view(request, pk):
    current = get_object_or_404(QualityPolicy, pk=pk, approved_on__isnull=False)
    if not QualityPolicy.objects.filter(university_q(request.user), pk=pk).exists():
        raise PermissionDenied
    policy_acknowledge(policy=current, person=request.user)
    messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect_back(request, "processes:policy")


@login_required
@require_http_methods(["GET", "POST"])
def policy_draft(request):
    if not may_draft_policy(request.user):
        raise PermissionDenied
    current = QualityPolicy.in_force()
    initial = {}
    if current:
        initial = {"text": current.text, "text_ru": current.text_ru, "text_en": current.text_en}
    form = PolicyDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        university = current.unit if current else Unit.objects.filter(
            parent__isnull=True).filter(scope_q(request.user, Action.READ, "")).first()
        policy_draft_create(unit=university, **form.cleaned_data)
        messages.success(request, _("The draft is saved; the rector approves it."))
        return redirect("processes:policy")
    return render(request, "processes/form.html", {
        "form": form, "title": _("New version of the quality policy"), "section": "policy",
        "cancel_url": reverse("processes:policy"),
    })


@login_required
@require_POST
def policy_approve_view(request, pk):
    draft = get_object_or_404(QualityPolicy.objects.select_related("unit"), pk=pk)
    if not may_approve_policy(request.user, draft.unit):
        raise PermissionDenied
    try:
        policy_approve(policy=draft, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The quality policy version %(v)s is in force.")
                         % {"v": draft.version})
    return redirect("processes:policy")


@login_required
def acknowledgements(request):
    """Who has not yet acknowledged the policy in force, by unit (QMS office, heads)."""
    if not may_see_acknowledgements(request.user):
        raise PermissionDenied
    current = QualityPolicy.in_force()
    scope = scope_q(request.user, Action.UPDATE, "unit")
    if may_configure(request.user):
        scope = university_q(request.user, "unit")
    people = (Person.objects.filter(is_active=True, unit__isnull=False).filter(scope)
              .select_related("unit")
              .annotate(acked=Exists(PolicyAcknowledgement.objects.filter(
                  policy=current, person=OuterRef("pk"))))
              .order_by("unit__path", "full_name"))
    by_unit: dict = {}
    for person in people:
        entry = by_unit.setdefault(person.unit_id, {"unit": person.unit, "done": 0,
                                                    "missing": []})
        if person.acked:
            entry["done"] += 1
        else:
            entry["missing"].append(person)
    rows = list(by_unit.values())
    for r in rows:
        r["total"] = r["done"] + len(r["missing"])
    only_missing = request.GET.get("missing") == "1"
    if only_missing:
        rows = [r for r in rows if r["missing"]]
    return render(request, "processes/acknowledgements.html", {
        "policy": current, "rows": rows, "only_missing": only_missing, "section": "policy",
    })
