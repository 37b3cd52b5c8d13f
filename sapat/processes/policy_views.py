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

from sapat.approvals import services as approvals
from sapat.approvals.models import ApprovalRequest, State
from sapat.lib.redirects import redirect_back
from sapat.org.access import Action, scope_q
from sapat.org.models import Person, Unit

from .forms import PolicyDraftForm
from .models import PolicyAcknowledgement, QualityPolicy
from .permissions import (
    may_approve_policy,
    may_draft_policy,
    may_see_acknowledgements,
    may_see_all_acknowledgements,
    require_read_university_record,
    university_q,
)
from .services import policy_acknowledge, policy_draft_create, policy_draft_update


@login_required
def policy(request):
    current = QualityPolicy.objects.select_related("approved_by").filter(
        approved_on__isnull=False).order_by("-version").first()
    # The rector who approved it has read it: they are not asked to acknowledge it.
    acknowledged = bool(current) and (current.approved_by_id == request.user.pk
                                      or PolicyAcknowledgement.objects.filter(
                                          policy=current, person=request.user).exists())
    drafts = []
    if may_draft_policy(request.user) or may_approve_policy(
            request.user, current.unit if current else None):
        drafts = list(QualityPolicy.objects.filter(approved_on__isnull=True)
                      .filter(university_q(request.user)).select_related("unit"))
    states = {}
    if drafts:
        # The newest request of each draft, in one query.
        for r in ApprovalRequest.objects.filter(
                kind="policy", object_id__in=[d.pk for d in drafts]).order_by("number"):
            states[r.object_id] = r
    for d in drafts:
        d.approval = states.get(d.pk)
        d.state = d.approval.state if d.approval else State.DRAFT
        d.state_label = State(d.state).label
    return render(request, "processes/policy.html", {
        "policy": current,
        "text": current.text_in(get_language()) if current else "",
        "acknowledged": acknowledged, "drafts": drafts,
        "may_draft": may_draft_policy(request.user),
        "may_see_acks": may_see_acknowledgements(request.user),
        "section": "policy",
    })


@login_required
def policy_version(request, pk):
    """One version of the policy, draft or approved, with its approval panel."""
    version = get_object_or_404(QualityPolicy.objects.select_related("unit", "approved_by"),
                                pk=pk)
    require_read_university_record(request.user, version.unit)
    state = approvals.current_state(version)
    return render(request, "processes/policy_version.html", {
        "version": version, "text": version.text_in(get_language()),
        "may_edit": may_draft_policy(request.user) and not version.is_approved
        and state != State.SUBMITTED,
        "section": "policy", "title": str(version),
    })


@login_required
@require_http_methods(["GET", "POST"])
def policy_draft_edit(request, pk):
    """Correct a draft (a returned one, say) before it is submitted (again)."""
    draft = get_object_or_404(QualityPolicy.objects.select_related("unit"), pk=pk)
    require_read_university_record(request.user, draft.unit)
    if not may_draft_policy(request.user):
        raise PermissionDenied
    if draft.is_approved or approvals.current_state(draft) == State.SUBMITTED:
        messages.error(request, _("An approved or submitted version cannot be changed."))
        return redirect("processes:policy_version", draft.pk)
    form = PolicyDraftForm(request.POST or None, initial={
        "text": draft.text, "text_ru": draft.text_ru, "text_en": draft.text_en})
    if request.method == "POST" and form.is_valid():
        try:
            policy_draft_update(policy=draft, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect("processes:policy_version", draft.pk)
    return render(request, "processes/form.html", {
        "form": form, "title": _("Edit the draft of the quality policy"),
        "section": "policy", "cancel_url": reverse("processes:policy_version", args=[pk]),
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
        draft = policy_draft_create(unit=university, **form.cleaned_data)
        messages.success(request, _("The draft is saved. Submit it for approval when it is "
                                    "ready; the rector approves it."))
        return redirect("processes:policy_version", draft.pk)
    return render(request, "processes/form.html", {
        "form": form, "title": _("New version of the quality policy"), "section": "policy",
        "cancel_url": reverse("processes:policy"),
    })


@login_required
def acknowledgements(request):
    """Who has not yet acknowledged the policy in force, by unit: the QMS office, the
    rector and the council for the whole university, heads for their units."""
    if not may_see_acknowledgements(request.user):
        raise PermissionDenied
    current = QualityPolicy.in_force()
    scope = scope_q(request.user, Action.UPDATE, "unit")
    if may_see_all_acknowledgements(request.user):
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
