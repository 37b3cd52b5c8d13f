"""Risk screens: the unit passport (Appendix 3), risk and opportunity pages, measures.

Every view asks `permissions` first; every write goes through `services`. htmx requests
get fragments, plain requests a redirect (the pages work without JavaScript too).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sapat.lib.form_errors import errors_to_form
from sapat.lib.locking import StaleRecord, VersionedFormMixin
from sapat.lib.redirects import redirect_back
from sapat.lib.uploads import attachment_response
from sapat.org.access import Action, may, require, units_in_scope
from sapat.org.models import Unit

from . import headings, permissions, scoring, services
from .consolidated import live_measures, with_lists
from .forms import (
    EscalateForm,
    MeasureCompleteForm,
    MeasureForm,
    OpportunityForm,
    OpportunityMarkForm,
    ReassessForm,
    RiskForm,
    RiskRowForm,
    scale_descriptions,
)
from .models import Measure, Opportunity, Risk
from .trend import trend_svg

RISK_M2M = ("responsible_positions", "responsible_people")
# Risks per page of a passport: a big unit holds hundreds, and a page costs per row.
PASSPORT_PAGE_SIZE = 50


# --- helpers -------------------------------------------------------------------------------


def _live_measures():
    return Measure.objects.live().order_by("due_date", "pk")


def _passport_risks(unit: Unit):
    """The unit's live risks; `with_lists` gives a page of them what its rows show."""
    return (
        Risk.objects.live().filter(unit=unit).with_scoring()
        .select_related("category", "process").order_by("pk")
    )


def _split(cleaned: dict, drop=("version",)) -> tuple[dict, dict]:
    """Separate a form's cleaned data into plain fields and responsible M2M lists."""
    fields = {k: v for k, v in cleaned.items() if k not in drop and k not in RISK_M2M}
    m2m = {
        "positions": cleaned.get("responsible_positions"),
        "people": cleaned.get("responsible_people"),
    }
    return fields, m2m


def _stale(form) -> None:
    form._note_stale()
    form.add_error(None, VersionedFormMixin.stale_message)


def _editable_units(person):
    """Units where the person may add risks: for the passport picker."""
    return units_in_scope(person, Action.CREATE).order_by("path")


# --- passport ------------------------------------------------------------------------------


@login_required
def passport_home(request):
    """Open the person's own passport, or let them pick one of the units they can read."""
    units = list(units_in_scope(request.user, Action.READ).order_by("path"))
    if not units:
        raise Http404
    # The passport's unit switch sends the chosen unit's code.
    chosen = next((u for u in units if u.code == request.GET.get("unit")), None)
    if chosen is not None:
        return redirect("risks:passport", code=chosen.code)
    own = request.user.unit
    if own is not None and any(u.pk == own.pk for u in units) and "pick" not in request.GET:
        return redirect("risks:passport", code=own.code)
    if len(units) == 1:
        return redirect("risks:passport", code=units[0].code)
    return render(request, "risks/passport_home.html", {
        "units": units, "title": _("Risk passports"), "section": "risk-passport",
    })


@login_required
def passport(request, code):
    """A unit's risk passport (Appendix 3) with the scales below, PASSPORT_PAGE_SIZE rows a
    page: its risks, then its opportunities, as the document lists them (the exports hold
    it whole)."""
    unit = get_object_or_404(Unit, code=code)
    require(request.user, Action.READ, unit)
    all_risks = _passport_risks(unit)
    all_opportunities = (Opportunity.objects.live().filter(unit=unit)
                         .select_related("process").order_by("pk"))
    risk_count = all_risks.count()
    page_obj = Paginator(range(risk_count + all_opportunities.count()),
                         PASSPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    # The page's rows as a slice of "risks, then opportunities".
    start, end = max(page_obj.start_index() - 1, 0), page_obj.end_index()
    risks = with_lists(all_risks[start:end]) if start < risk_count else []
    opportunity_start = max(start - risk_count, 0)
    opportunities = (with_lists(all_opportunities[opportunity_start:end - risk_count])
                     if end > risk_count else [])
    query = request.GET.copy()
    query.pop("page", None)
    bands = risks[0]._bands if risks else scoring.load_bands()
    may_edit = may(request.user, Action.UPDATE, unit)
    picker = list(units_in_scope(request.user, Action.READ).order_by("path")[:500])
    today = timezone.localdate()
    return render(request, "risks/passport.html", {
        "h": headings,
        "unit": unit, "risks": risks, "opportunities": opportunities, "bands": bands,
        "may_edit": may_edit, "may_create": may(request.user, Action.CREATE, unit),
        "picker": picker if len(picker) > 1 else [], "scales": scale_descriptions(),
        "today": today, "title": _("Risk passport"), "section": "risk-passport",
        "page_obj": page_obj, "query": query.urlencode(),
        "show_risks": bool(risks) or page_obj.number == 1,
        "opportunity_start": opportunity_start,
    })


@login_required
@require_http_methods(["GET", "POST"])
def risk_row(request, pk):
    """The passport row of one risk: shown, edited inline (htmx), saved."""
    risk = permissions.risk_for(request.user, pk, Action.READ)
    if request.method == "POST" or request.GET.get("edit"):
        require(request.user, Action.UPDATE, risk.unit)
    if request.method == "POST":
        form = RiskRowForm(request.POST, instance=risk)
        if form.is_valid():
            fields, _m2m = _split(form.cleaned_data)
            try:
                services.risk_update(risk=risk, by=request.user,
                                     expected_version=form.cleaned_data["version"],
                                     reason=_("Changed in the passport"), **fields)
            except StaleRecord:
                _stale(form)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                if not request.htmx:
                    messages.success(request, _("Saved."))
                    return redirect("risks:passport", code=risk.unit.code)
                return _row(request, risk.pk)
        template = "risks/_risk_row_edit.html" if request.htmx else "risks/row_edit_page.html"
        return render(request, template, {"risk": risk, "form": form, "title": risk.title},
                      status=200 if request.htmx else 400)
    if request.GET.get("edit"):
        return render(request, "risks/_risk_row_edit.html",
                      {"risk": risk, "form": RiskRowForm(instance=risk)})
    return _row(request, risk.pk)


def _row(request, pk):
    risk = _passport_risks_of_pk(pk)
    return render(request, "risks/_risk_row.html", {
        "risk": risk, "may_edit": may(request.user, Action.UPDATE, risk.unit),
        "today": timezone.localdate(), "number": request.GET.get("n", ""),
    })


def _passport_risks_of_pk(pk):
    return (
        Risk.objects.live().filter(pk=pk).with_scoring().select_related("unit")
        .prefetch_related("responsible_positions", "responsible_people",
                          Prefetch("measures", queryset=live_measures()))
        .get()
    )


@login_required
def score_preview(request):
    """“20 — жогору” for the L and C in the query (the forms' live preview), or what is
    still to choose: a level is never shown from a score nobody chose."""
    chosen = {}
    for axis in ("likelihood", "consequences"):
        value = request.GET.get(axis, "")
        chosen[axis] = int(value) if value.isdigit() and int(value) in scoring.SCORES else None
    if None in chosen.values():
        return render(request, "risks/_score_missing.html", {
            "missing_likelihood": chosen["likelihood"] is None,
            "missing_consequences": chosen["consequences"] is None})
    try:
        score = scoring.Score.of(chosen["likelihood"], chosen["consequences"])
    except ValidationError:
        return HttpResponse('<span class="muted">—</span>')
    return render(request, "risks/_score.html", {"score": score})


# --- risks ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def risk_create(request, code):
    unit = get_object_or_404(Unit, code=code)
    require(request.user, Action.CREATE, unit)
    form = RiskForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _split(form.cleaned_data)
        try:
            risk = services.risk_create(by=request.user, unit=unit, **fields, **m2m)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The risk is added to the passport."))
            return redirect("risks:risk_detail", pk=risk.pk)
    return render(request, "risks/risk_form.html", {
        "form": form, "unit": unit, "title": _("New risk"), "section": "risk-passport",
        "cancel_url": reverse("risks:passport", args=[unit.code]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request, pk):
    risk = permissions.risk_for(request.user, pk, Action.UPDATE)
    form = RiskForm(request.POST or None, instance=risk, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _split(form.cleaned_data)
        try:
            services.risk_update(risk=risk, by=request.user,
                                 expected_version=form.cleaned_data["version"],
                                 reason=_("Changed in the risk form"), **fields, **m2m)
        except StaleRecord:
            _stale(form)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("risks:risk_detail", pk=risk.pk)
    return render(request, "risks/risk_form.html", {
        "form": form, "risk": risk, "unit": risk.unit, "title": risk.title,
        "section": "risk-passport", "cancel_url": reverse("risks:risk_detail", args=[pk]),
    })


@login_required
def risk_detail(request, pk):
    """The risk page: details, measures, re-assessment, trend and history."""
    permissions.risk_for(request.user, pk, Action.READ)
    risk = (
        Risk.objects.live().filter(pk=pk).with_scoring()
        .select_related("unit", "category", "process", "created_by")
        .prefetch_related(
            "responsible_positions__holder", "responsible_people",
            Prefetch("measures", queryset=_live_measures().prefetch_related(
                "responsible_positions", "responsible_people")),
            Prefetch("assessments", queryset=_assessments()),
        ).get()
    )
    return render(request, "risks/risk_detail.html", _risk_context(request, risk))


def _mark_progress(user, measures, may_edit: bool) -> None:
    """Who may mark each measure done: editors all, others those assigned to them (1 query)."""
    mine = set()
    if not may_edit and measures:
        mine = set(Measure.objects.filter(pk__in=[m.pk for m in measures])
                   .assigned_to(user).values_list("pk", flat=True))
    for m in measures:
        m.may_progress = may_edit or m.pk in mine


def _assessments():
    from .models import Assessment

    return Assessment.objects.select_related("by").order_by("at", "pk")


def _risk_context(request, risk, reassess_form=None, escalate_form=None):
    user = request.user
    may_edit = may(user, Action.UPDATE, risk.unit)
    assessments = list(risk.assessments.all())
    measures = list(risk.measures.all())
    _mark_progress(user, measures, may_edit)
    if reassess_form is None and may_edit:
        reassess_form = ReassessForm(initial={
            "likelihood": risk.likelihood, "consequences": risk.consequences,
            "residual_likelihood": risk.residual_likelihood,
            "residual_consequences": risk.residual_consequences,
            "residual_score": risk.residual_score, "version": risk.version,
        })
    return {
        "risk": risk, "unit": risk.unit, "measures": measures, "assessments": assessments,
        "trend": trend_svg(assessments, risk._band_set()), "may_edit": may_edit,
        "may_delete": may(user, Action.DELETE, risk.unit),
        "may_escalate": permissions.may_escalate(user),
        "reassess_form": reassess_form, "escalate_form": escalate_form or EscalateForm(),
        "statuses": Risk.Status.choices, "title": risk.title, "section": "risk-passport",
        "today": timezone.localdate(),
    }


@login_required
@require_POST
def risk_reassess(request, pk):
    risk = permissions.risk_for(request.user, pk, Action.UPDATE)
    form = ReassessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_reassess(
                risk=risk, by=request.user, expected_version=data["version"],
                likelihood=data["likelihood"], consequences=data["consequences"],
                residual_likelihood=data["residual_likelihood"],
                residual_consequences=data["residual_consequences"],
                residual_score=data["residual_score"], reason=data["reason"],
            )
        except StaleRecord:
            form.add_error(None, VersionedFormMixin.stale_message)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The new assessment is saved."))
            return redirect("risks:risk_detail", pk=pk)
    risk = Risk.objects.with_scoring().select_related("unit").get(pk=pk)
    return render(request, "risks/risk_detail.html",
                  _risk_context(request, risk, reassess_form=form), status=400)


@login_required
@require_POST
def risk_status(request, pk):
    risk = permissions.risk_for(request.user, pk, Action.UPDATE)
    try:
        services.risk_set_status(risk=risk, by=request.user, status=request.POST.get("status"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("risks:risk_detail", pk=pk)


@login_required
@require_POST
def risk_escalate(request, pk):
    risk = permissions.risk_for(request.user, pk, Action.READ)
    permissions.require_escalate(request.user)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            services.risk_escalate(risk=risk, by=request.user,
                                   number=form.cleaned_data["register_number"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The risk is in the university register as № %(n)s.")
                             % {"n": risk.register_number})
    else:
        messages.error(request, _("Give a whole number of 1 or more."))
    return redirect("risks:risk_detail", pk=pk)


@login_required
@require_POST
def risk_deescalate(request, pk):
    risk = permissions.risk_for(request.user, pk, Action.READ)
    permissions.require_escalate(request.user)
    services.risk_deescalate(risk=risk, by=request.user)
    messages.success(request, _("The risk is taken out of the university register."))
    return redirect("risks:risk_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def risk_archive(request, pk):
    risk = permissions.risk_for(request.user, pk, Action.DELETE)
    if request.method == "POST":
        services.risk_archive(risk=risk, by=request.user)
        messages.success(request, _("The risk is archived; its history is kept."))
        return redirect("risks:passport", code=risk.unit.code)
    return render(request, "risks/confirm_archive.html", {
        "object": risk, "title": _("Archive the risk?"), "section": "risk-passport",
        "cancel_url": reverse("risks:risk_detail", args=[pk]),
    })


@login_required
def archived(request):
    """Archived risks, for the QMS office to find and restore (the archive dialog's promise)."""
    from sapat.org.access import may_configure

    if not may_configure(request.user):
        raise PermissionDenied
    risks = (Risk.objects.archived().select_related("unit", "category")
             .order_by("-archived_at", "pk"))
    opportunities = (Opportunity.objects.archived().select_related("unit")
                     .order_by("-archived_at", "pk"))
    return render(request, "risks/archived.html", {
        "risks": risks, "opportunities": opportunities, "section": "consolidated"})


@login_required
@require_POST
def risk_restore(request, pk):
    risk = get_object_or_404(Risk.objects.archived(), pk=pk)
    services.risk_restore(risk=risk, by=request.user)
    messages.success(request, _("The risk is back in its unit's passport."))
    return redirect("risks:risk_detail", pk=pk)


@login_required
@require_POST
def opportunity_restore(request, pk):
    opportunity = get_object_or_404(Opportunity.objects.archived(), pk=pk)
    services.opportunity_restore(opportunity=opportunity, by=request.user)
    messages.success(request, _("The opportunity is back in its unit's passport."))
    return redirect("risks:opportunity_detail", pk=pk)


# --- opportunities -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request, code):
    unit = get_object_or_404(Unit, code=code)
    require(request.user, Action.CREATE, unit)
    form = OpportunityForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _split(form.cleaned_data)
        try:
            opp = services.opportunity_create(by=request.user, unit=unit, **fields, **m2m)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The opportunity is added."))
            return redirect("risks:opportunity_detail", pk=opp.pk)
    return render(request, "risks/opportunity_form.html", {
        "form": form, "unit": unit, "title": _("New opportunity"), "section": "risk-passport",
        "cancel_url": reverse("risks:passport", args=[unit.code]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, pk):
    opp = permissions.opportunity_for(request.user, pk, Action.UPDATE)
    form = OpportunityForm(request.POST or None, instance=opp, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _split(form.cleaned_data)
        try:
            services.opportunity_update(opportunity=opp, by=request.user,
                                        expected_version=form.cleaned_data["version"],
                                        **fields, **m2m)
        except StaleRecord:
            _stale(form)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("risks:opportunity_detail", pk=pk)
    return render(request, "risks/opportunity_form.html", {
        "form": form, "object": opp, "unit": opp.unit, "title": opp.title,
        "section": "risk-passport",
        "cancel_url": reverse("risks:opportunity_detail", args=[pk]),
    })


@login_required
def opportunity_detail(request, pk):
    permissions.opportunity_for(request.user, pk, Action.READ)
    opp = (
        Opportunity.objects.live().filter(pk=pk).select_related("unit", "process", "created_by")
        .prefetch_related(
            "responsible_positions", "responsible_people",
            Prefetch("measures", queryset=_live_measures().prefetch_related(
                "responsible_positions", "responsible_people")),
        ).get()
    )
    user = request.user
    may_edit = may(user, Action.UPDATE, opp.unit)
    measures = list(opp.measures.all())
    _mark_progress(user, measures, may_edit)
    return render(request, "risks/opportunity_detail.html", {
        "opportunity": opp, "unit": opp.unit, "measures": measures, "may_edit": may_edit,
        "may_delete": may(user, Action.DELETE, opp.unit),
        "mark_form": OpportunityMarkForm(initial={"status": opp.status, "result": opp.result}),
        "title": opp.title, "section": "risk-passport", "today": timezone.localdate(),
    })


@login_required
@require_POST
def opportunity_mark(request, pk):
    opp = permissions.opportunity_for(request.user, pk, Action.UPDATE)
    form = OpportunityMarkForm(request.POST)
    if form.is_valid():
        services.opportunity_set_mark(opportunity=opp, by=request.user,
                                      status=form.cleaned_data["status"],
                                      result=form.cleaned_data["result"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a completion mark and a result."))
    return redirect("risks:opportunity_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_archive(request, pk):
    opp = permissions.opportunity_for(request.user, pk, Action.DELETE)
    if request.method == "POST":
        services.opportunity_archive(opportunity=opp, by=request.user)
        messages.success(request, _("The opportunity is archived; its history is kept."))
        return redirect("risks:passport", code=opp.unit.code)
    return render(request, "risks/confirm_archive.html", {
        "object": opp, "title": _("Archive the opportunity?"), "section": "risk-passport",
        "cancel_url": reverse("risks:opportunity_detail", args=[pk]),
    })


# --- measures ------------------------------------------------------------------------------


def _owner_url(measure_or_owner) -> str:
    owner = getattr(measure_or_owner, "owner", measure_or_owner)
    if isinstance(owner, Risk):
        return reverse("risks:risk_detail", args=[owner.pk])
    return reverse("risks:opportunity_detail", args=[owner.pk])


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request, kind, pk):
    if kind == "risk":
        owner = permissions.risk_for(request.user, pk, Action.UPDATE)
        target = {"risk": owner}
    else:
        owner = permissions.opportunity_for(request.user, pk, Action.UPDATE)
        target = {"opportunity": owner}
    # The unsaved measure knows its owner, so the model's own checks run in the form.
    form = MeasureForm(request.POST or None, instance=Measure(**target),
                       person=request.user)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _split(form.cleaned_data)
        try:
            services.measure_create(by=request.user, **target, **fields, **m2m)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The measure is added."))
            return redirect(_owner_url(owner))
    return render(request, "risks/measure_form.html", {
        "form": form, "owner": owner, "title": _("New measure"), "section": "risk-passport",
        "cancel_url": _owner_url(owner),
    })


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk):
    measure = permissions.measure_for(request.user, pk, Action.UPDATE)
    if not permissions.may_edit_measure(request.user, measure):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure, person=request.user)
    if request.method == "POST" and form.is_valid():
        fields, m2m = _split(form.cleaned_data)
        try:
            services.measure_update(measure=measure, by=request.user,
                                    expected_version=form.cleaned_data["version"],
                                    **fields, **m2m)
        except StaleRecord:
            _stale(form)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_owner_url(measure))
    return render(request, "risks/measure_form.html", {
        "form": form, "owner": measure.owner, "object": measure, "title": _("Edit measure"),
        "section": "risk-passport", "cancel_url": _owner_url(measure),
    })


@login_required
@require_http_methods(["GET", "POST"])
def measure_complete(request, pk):
    measure = permissions.measure_for(request.user, pk, Action.UPDATE)
    form = MeasureCompleteForm(
        request.POST or None, request.FILES or None,
        initial={"completed_on": timezone.localdate(), "version": measure.version,
                 "result": measure.result},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measure_complete(measure=measure, by=request.user,
                                      expected_version=data["version"],
                                      on=data["completed_on"], result=data["result"],
                                      evidence=data["evidence"])
        except StaleRecord:
            form.add_error(None, VersionedFormMixin.stale_message)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("The measure is marked done."))
            return redirect_back(request, _owner_url(measure))
    return render(request, "risks/measure_form.html", {
        "form": form, "owner": measure.owner, "object": measure, "multipart": True,
        "title": _("Mark the measure done"), "section": "my-measures",
        "cancel_url": _owner_url(measure), "next": request.GET.get("next", ""),
    })


@login_required
@require_POST
def measure_status(request, pk):
    measure = permissions.measure_for(request.user, pk, Action.UPDATE)
    try:
        services.measure_set_status(measure=measure, by=request.user,
                                    expected_version=int(request.POST.get("version", 0)),
                                    status=request.POST.get("status"))
    except StaleRecord:
        messages.error(request, VersionedFormMixin.stale_message)
    except (ValidationError, ValueError):
        messages.error(request, _("Unknown status."))
    return redirect_back(request, _owner_url(measure))


@login_required
def measure_evidence(request, pk):
    """The evidence file, only for those who may read the measure (no public media URL)."""
    measure = permissions.measure_for(request.user, pk, Action.READ)
    if not measure.evidence:
        raise Http404
    return attachment_response(measure.evidence)


@login_required
@require_POST
def measure_archive(request, pk):
    measure = permissions.measure_for(request.user, pk, Action.UPDATE)
    services.measure_archive(measure=measure, by=request.user)
    messages.success(request, _("The measure is archived; its history is kept."))
    return redirect(_owner_url(measure))


@login_required
def my_measures(request):
    """Measures the person answers for, directly or through a position they hold."""
    today = timezone.localdate()
    measures = list(
        Measure.objects.live().assigned_to(request.user)
        .filter(risk__archived_at__isnull=True, opportunity__archived_at__isnull=True)
        .with_owner().order_by("status", "due_date", "pk")
    )
    open_ = [m for m in measures if m.is_open]
    closed = [m for m in measures if not m.is_open]
    return render(request, "risks/my_measures.html", {
        "open": open_, "closed": closed, "today": today,
        "overdue": sum(1 for m in open_ if m.is_overdue_on(today)),
        "title": _("My measures"), "section": "my-measures",
    })
