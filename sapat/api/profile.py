"""The profile page: who I am, my roles, my API tokens (create, revoke), password link."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sapat.org.models import RoleAssignment

from . import ratelimit
from .models import ApiToken
from .tokens import token_create, token_revoke

NEW_KEY_SESSION = "sapat_new_api_key"


@login_required
def profile(request):
    # The new key is shown on the one page after creation, then forgotten.
    new_key = request.session.pop(NEW_KEY_SESSION, None)
    return render(request, "api/profile.html", {
        "title": _("Profile"),
        "roles": RoleAssignment.objects.filter(person=request.user).select_related("unit"),
        "tokens": ApiToken.objects.filter(person=request.user),
        "new_key": new_key,
        "errors": [],
    })


@login_required
@require_POST
def token_new(request):
    ident = str(request.user.pk)
    if ratelimit.over_limit("tokens", ident):
        messages.error(request, _("Too many tokens created recently; try again later."))
        return redirect("profile")
    try:
        token, key = token_create(person=request.user, name=request.POST.get("name", ""))
    except ValidationError as exc:
        return render(request, "api/profile.html", {
            "title": _("Profile"),
            "roles": RoleAssignment.objects.filter(person=request.user).select_related("unit"),
            "tokens": ApiToken.objects.filter(person=request.user),
            "errors": exc.messages,
            "name": request.POST.get("name", ""),
        }, status=400)
    ratelimit.count("tokens", ident)
    request.session[NEW_KEY_SESSION] = {"name": token.name, "key": key}
    return redirect("profile")


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    # Only one's own tokens: someone else's id is simply not found.
    token = get_object_or_404(ApiToken, pk=pk, person=request.user)
    token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("profile")
