"""Nonconformity screens: the register, a nonconformity with its steps, the register of
corrective actions, a corrective action with its completion, a new nonconformity.

Every view asks `permissions` first; every write goes through `services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sapat.lib.form_errors import errors_to_form
from sapat.lib.locking import StaleRecord, VersionedFormMixin
from sapat.lib.uploads import attachment_response
from sapat.org.access import Action, may_anywhere

from . import filters, permissions, services
from .forms import (
    ActionForm,
    CauseForm,
    CompleteForm,
    CorrectionForm,
    DecisionForm,
    JudgeForm,
    NonconformityForm,
    ReviewPlanForm,
    RiskDecisionForm,
)
from .models import Step

SECTION = "improvement"
OPEN = ("planned", "in_progress")
PAGE_SIZE = 50
EXPORT_FORMATS = ("xlsx", "docx", "pdf")


def _query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def register(request):
    if not may_anywhere(request.user, Action.READ):
        raise Http404
    today = timezone.localdate()
    form, qs = filters.nonconformities(request.user, request.GET, today)
    page = Paginator(filters.with_counts(qs, today).order_by("-number"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    for nc in page.object_list:
        nc.age = nc.age_days(today)
    return render(request, "improvement/register.html", {
        "title": _("Register of nonconformities"), "section": SECTION, "form": form,
        "page_obj": page, "query": _query(request), "formats": EXPORT_FORMATS,
        "may_report": True,
    })


@login_required
def actions(request):
    if not may_anywhere(request.user, Action.READ):
        raise Http404
    today = timezone.localdate()
    form, qs = filters.actions(request.user, request.GET, today)
    page = Paginator(
        qs.select_related("nonconformity__unit").prefetch_related("responsible_people")
        .order_by("due_date", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for action in page.object_list:
        action.overdue = action.is_overdue_on(today)
        action.age = (today - action.created_at.date()).days
    return render(request, "improvement/actions.html", {
        "title": _("Register of corrective actions"), "section": SECTION, "form": form,
        "page_obj": page, "query": _query(request), "formats": EXPORT_FORMATS,
    })


@login_required
def create(request):
    if not may_anywhere(request.user, Action.READ):
        raise Http404
    form = NonconformityForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            nc = services.nonconformity_create(by=request.user, unit=unit, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The nonconformity is recorded."))
            return redirect("improvement:detail", nc.pk)
    return render(request, "improvement/form.html", {
        "title": _("Report a nonconformity"), "section": SECTION, "form": form,
        "cancel_url": "improvement:register",
    })


def _step_form(request, nc, person):
    """The form of the step the nonconformity waits at, if `person` takes it."""
    data = request.POST if request.method == "POST" else None
    state = nc.state
    if state in (Step.CORRECTION, Step.DECISION, Step.CAUSE, Step.ACTIONS, Step.RISKS):
        if not permissions.may_run(person, nc):
            return None
    if state == Step.CORRECTION:
        return CorrectionForm(data, person=person)
    if state == Step.DECISION:
        return DecisionForm(data)
    if state == Step.CAUSE:
        return CauseForm(data)
    if state == Step.ACTIONS:
        return ActionForm(data, person=person)
    if state == Step.REVIEW:
        review = services.current_review(nc)
        return JudgeForm(data) if permissions.may_judge(person, nc, review) else None
    if state == Step.RISKS:
        return RiskDecisionForm(data, nc=nc, person=person)
    return None


def _take_step(nc, form, by):
    data = form.cleaned_data
    state = nc.state
    if state == Step.CORRECTION:
        services.record_correction(nc=nc, by=by, **data)
        return _("The correction is recorded.")
    if state == Step.DECISION:
        services.decide_action(nc=nc, by=by, **data)
        return _("The decision is recorded.")
    if state == Step.CAUSE:
        services.record_cause(nc=nc, by=by, method=data["method"], category=data["category"],
                              root_cause=data["root_cause"], causes=form.causes())
        return _("The root cause is recorded.")
    if state == Step.ACTIONS:
        services.action_add(nc=nc, by=by, text=data["text"], text_ru=data["text_ru"],
                            due_date=data["due_date"], people=data["people"])
        return _("The corrective action is planned.")
    if state == Step.REVIEW:
        services.judge(nc=nc, by=by, **data)
        return _("The verdict is recorded.")
    if state == Step.RISKS:
        services.decide_risks(nc=nc, by=by, **data)
        return _("The risk decision is recorded.")
    raise PermissionDenied


def _detail_context(nc, person):
    from .models import CauseAnalysis

    actions = list(nc.actions.live().prefetch_related("responsible_people")
                   .order_by("round", "pk"))
    today = timezone.localdate()
    for a in actions:
        a.overdue = a.is_overdue_on(today)
        a.may_complete = permissions.may_complete(person, a) if a.is_open else False
    cause = (CauseAnalysis.objects.filter(nonconformity=nc).select_related("recorded_by")
             .prefetch_related("causes").first())
    reviews = list(nc.reviews.select_related("reviewer", "judged_by").order_by("round", "pk"))
    from .models import ActionDecision, Correction, RiskDecision

    steps = []
    index = nc.step_index()
    for i, (value, label) in enumerate(Step.choices):
        if value == Step.CLOSED:
            continue
        steps.append({"value": value, "label": label, "done": i < index or nc.is_closed,
                      "current": value == nc.state})
    return {
        "nc": nc, "actions": actions, "steps": steps, "today": today,
        "correction": Correction.objects.filter(nonconformity=nc).select_related(
            "done_by", "recorded_by").first(),
        "decision": ActionDecision.objects.filter(nonconformity=nc).select_related(
            "recorded_by").first(),
        "cause": cause, "reviews": reviews,
        "risk_decision": RiskDecision.objects.filter(nonconformity=nc).select_related(
            "risk", "assessment", "recorded_by").first(),
        "kpi": services.kpi_values(nc),
        "may_run": permissions.may_run(person, nc),
        "may_close": permissions.may_close(person, nc) and nc.state == Step.CLOSURE,
        "may_plan_review": nc.state == Step.REVIEW and permissions.may_manage(person),
    }


@login_required
def detail(request, pk):
    nc = permissions.nonconformity_for(request.user, pk)
    form = _step_form(request, nc, request.user)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                message = _take_step(nc, form, request.user)
            except ValidationError as error:
                errors_to_form(form, error)
            except StaleRecord:
                form.add_error(None, VersionedFormMixin.stale_message)
            else:
                messages.success(request, message)
                return redirect("improvement:detail", nc.pk)
    context = _detail_context(nc, request.user)
    plan_form = None
    if context["may_plan_review"]:
        review = services.current_review(nc)
        plan_form = ReviewPlanForm(initial={"reviewer": review.reviewer_id,
                                            "scheduled_for": review.scheduled_for},
                                   person=request.user)
    context.update({"title": nc.code, "section": SECTION, "form": form,
                    "plan_form": plan_form,
                    "step_title": Step(nc.state).label})
    return render(request, "improvement/detail.html", context)


@login_required
@require_POST
def actions_done(request, pk):
    nc = permissions.nonconformity_for(request.user, pk)
    try:
        services.actions_done(nc=nc, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("improvement:detail", nc.pk)


@login_required
@require_POST
def review_plan(request, pk):
    nc = permissions.nonconformity_for(request.user, pk)
    review = services.current_review(nc)
    if review is None or nc.state != Step.REVIEW:
        raise Http404
    form = ReviewPlanForm(request.POST, person=request.user)
    if form.is_valid():
        try:
            services.review_plan(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The review is planned."))
    else:
        messages.error(request, _("Name the reviewer and the date."))
    return redirect("improvement:detail", nc.pk)


@login_required
@require_POST
def close(request, pk):
    nc = permissions.nonconformity_for(request.user, pk)
    try:
        services.close(nc=nc, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The nonconformity is closed."))
    return redirect("improvement:detail", nc.pk)


@login_required
def action(request, pk):
    action = permissions.action_for(request.user, pk)
    nc = action.nonconformity
    may_complete = permissions.may_complete(request.user, action)
    form = None
    if may_complete:
        form = CompleteForm(request.POST or None, request.FILES or None,
                            initial={"version": action.version})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.action_complete(action=action, by=request.user,
                                         expected_version=data["version"],
                                         result=data["result"], evidence=data["evidence"],
                                         on=data["completed_on"])
            except StaleRecord:
                form.add_error(None, VersionedFormMixin.stale_message)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The corrective action is marked done."))
                return redirect("improvement:action", action.pk)
    elif request.method == "POST":
        raise PermissionDenied
    people = list(action.responsible_people.all())
    return render(request, "improvement/action.html", {
        "title": _("Corrective action"), "section": SECTION, "action": action, "nc": nc,
        "form": form, "people": people, "overdue": action.is_overdue,
    })


@login_required
def action_evidence(request, pk):
    action = permissions.action_for(request.user, pk)
    if not action.evidence:
        raise Http404
    return attachment_response(action.evidence)


@login_required
@require_POST
def from_finding(request, finding_pk):
    """The button on an issued finding: open its nonconformity (the QMS office)."""
    from sapat.audits.models import Finding
    from sapat.audits.permissions import audit_for

    finding = Finding.objects.select_related("question__audit").filter(pk=finding_pk).first()
    if finding is None:
        raise Http404
    audit_for(request.user, finding.question.audit_id)
    if not permissions.may_manage(request.user):
        raise PermissionDenied
    try:
        nc = services.from_finding(finding=finding, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("audits:audit", finding.question.audit_id)
    return redirect("improvement:detail", nc.pk)

