"""Screens of the approval workflow: the request, the comparison, the decision.

The panel on a record's own page (`{% approval_panel obj %}`) posts here; each action
goes back to the page it came from.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sapat.lib.redirects import redirect_back

from . import diff, permissions, registry, services
from .forms import ApproveForm, ReturnForm
from .models import ApprovalRequest, State


def panel_context(obj, person) -> dict:
    """What the approval panel of `obj`'s page shows to `person` (a fixed few queries)."""
    kind = registry.kind_of(obj)
    requests = list(services.requests_of(obj).select_related("submitted_by", "decided_by"))
    latest = requests[0] if requests else None
    state = latest.state if latest else State.DRAFT
    may_decide = latest is not None and state == State.SUBMITTED and \
        permissions.may_decide(person, latest.body, latest.unit)
    may_submit = state != State.SUBMITTED and permissions.may_submit(person, kind, obj)
    if may_submit and state == State.APPROVED:
        # An approved version goes again only once it has changed.
        may_submit = services.changed_since_approval(obj)
    initial = {"version": latest.version} if latest else {}
    return {
        "kind": kind, "object": obj, "state": state,
        "state_label": State(state).label, "approval": latest, "requests": requests,
        "approved": next((r for r in requests if r.state == State.APPROVED), None),
        "events": services.history(obj) if requests else [],
        "body_label": registry.Body(kind.body_of(obj)).label,
        "may_submit": may_submit, "may_decide": may_decide,
        "approve_form": ApproveForm(initial=initial, prefix="approve"),
        "return_form": ReturnForm(initial=initial, prefix="return"),
        "submit_url": reverse("approvals:submit", args=[kind.key, obj.pk]),
    }


def _request(pk, person) -> ApprovalRequest:
    request = get_object_or_404(ApprovalRequest.objects.select_related("unit"), pk=pk)
    permissions.require_read_request(person, request)
    return request


@login_required
def waiting(request):
    """What waits for the decision of the bodies the person speaks for."""
    rows = list(ApprovalRequest.objects.waiting().filter(permissions.bodies_q(request.user))
                .select_related("submitted_by").order_by("submitted_at", "pk"))
    return render(request, "approvals/waiting.html", {
        "rows": rows, "title": _("Awaiting decision"), "section": "approvals",
    })


@login_required
def detail(request, pk):
    approval = _request(pk, request.user)
    others = list(ApprovalRequest.objects.for_record(approval.kind, approval.object_id)
                  .select_related("decided_by").order_by("-number"))
    events = list(approval.events.select_related("by"))
    may_decide = approval.state == State.SUBMITTED and permissions.may_decide(
        request.user, approval.body, approval.unit)
    return render(request, "approvals/detail.html", {
        "approval": approval, "others": others, "events": events, "may_decide": may_decide,
        "approve_form": ApproveForm(initial={"version": approval.version}, prefix="approve"),
        "return_form": ReturnForm(initial={"version": approval.version}, prefix="return"),
        "title": str(approval), "section": "approvals",
    })


@login_required
def compare(request, pk):
    approval = _request(pk, request.user)
    in_force, old_text = services.in_force_text(approval)
    rows = diff.side_by_side(old_text or "", approval.content)
    return render(request, "approvals/compare.html", {
        "approval": approval, "in_force": in_force, "has_in_force": old_text is not None,
        "rows": rows, "changed": diff.changed(rows), "title": _("Comparison"),
        "section": "approvals",
    })


@login_required
def document(request, pk):
    """The frozen copy, byte for byte, as it was submitted (and approved)."""
    approval = _request(pk, request.user)
    content_type = approval.content_type or "application/octet-stream"
    # Only plain text and PDF are served as such; anything else downloads as bytes.
    if not content_type.startswith(("text/plain", "application/pdf")):
        content_type = "application/octet-stream"
    response = HttpResponse(bytes(approval.document), content_type=content_type)
    ext = "pdf" if content_type == "application/pdf" else "txt"
    response["Content-Disposition"] = (
        f'attachment; filename="{approval.kind}-{approval.object_id}-v{approval.number}.{ext}"')
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Sha256"] = approval.sha256
    return response


def _record(approval):
    obj = services.record_of(approval)
    if obj is None:
        raise Http404
    return obj


def _stale(approval, form) -> bool:
    sent = form.cleaned_data.get("version")
    return sent is not None and sent != approval.version


@login_required
@require_POST
def submit_view(request, kind, object_id):
    try:
        kind_ = registry.get(kind)
    except KeyError as exc:
        raise Http404 from exc
    manager = getattr(kind_.model, "all_objects", kind_.model._base_manager)
    obj = get_object_or_404(manager, pk=object_id)
    if not permissions.may_read(request.user, kind_, kind_.unit(obj)):
        raise Http404
    if not permissions.may_submit(request.user, kind_, obj):
        raise PermissionDenied
    try:
        approval = services.submit(obj, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Submitted to %(body)s for approval.")
                         % {"body": approval.get_body_display()})
    return redirect_back(request, kind_.url_of(obj))


@login_required
@require_POST
def approve_view(request, pk):
    approval = _request(pk, request.user)
    permissions.require_decide(request.user, approval)
    form = ApproveForm(request.POST, prefix="approve")
    if form.is_valid() and _stale(approval, form):
        form.add_error(None, _("The request changed after you opened it; look at it again."))
    if not form.is_valid():
        return _detail_with(request, approval, approve_form=form)
    if request.POST.get("confirmed") != "1":
        in_force, old_text = services.in_force_text(approval)
        rows = diff.side_by_side(old_text or "", approval.content)
        return render(request, "approvals/confirm.html", {
            "approval": approval, "form": form, "in_force": in_force,
            "has_in_force": old_text is not None, "rows": rows, "changed": diff.changed(rows),
            "next": request.POST.get("next", ""), "title": _("Confirm the approval"),
            "section": "approvals",
        })
    obj = _record(approval)
    try:
        services.approve(obj, request.user, form.cleaned_data["decision_no"],
                         form.cleaned_data["decision_date"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _detail_with(request, approval, approve_form=form)
    messages.success(request, _("Approved: decision № %(no)s of %(date)s.") % {
        "no": form.cleaned_data["decision_no"],
        "date": form.cleaned_data["decision_date"].strftime("%d.%m.%Y")})
    return redirect_back(request, "approvals:detail", approval.pk)


@login_required
@require_POST
def return_view(request, pk):
    approval = _request(pk, request.user)
    permissions.require_decide(request.user, approval)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid() and _stale(approval, form):
        form.add_error(None, _("The request changed after you opened it; look at it again."))
    if not form.is_valid():
        return _detail_with(request, approval, return_form=form)
    try:
        services.return_(_record(approval), request.user, form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _detail_with(request, approval, return_form=form)
    messages.success(request, _("Returned for correction."))
    return redirect_back(request, "approvals:detail", approval.pk)


def _detail_with(request, approval, **forms):
    others = list(ApprovalRequest.objects.for_record(approval.kind, approval.object_id)
                  .select_related("decided_by").order_by("-number"))
    context = {
        "approval": approval, "others": others,
        "events": list(approval.events.select_related("by")),
        "may_decide": approval.state == State.SUBMITTED,
        "approve_form": ApproveForm(initial={"version": approval.version}, prefix="approve"),
        "return_form": ReturnForm(initial={"version": approval.version}, prefix="return"),
        "title": str(approval), "section": "approvals",
        # Back to the page the decision was started from, once it is corrected.
        "next": request.POST.get("next", ""),
    }
    context.update(forms)
    return render(request, "approvals/detail.html", context, status=400)
