"""KPI screens: the list, one KPI with its trend and values, definition and entry."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sapat.lib.form_errors import errors_to_form
from sapat.lib.locking import save_form
from sapat.lib.numbers import format_decimal
from sapat.org.access import Action, may_configure, scope_q
from sapat.org.models import Unit

from . import health
from .chart import legend as chart_legend
from .chart import trend_svg
from .forms import IndicatorForm, MeasurementForm, MonitoringSettingsForm
from .models import Indicator, Measurement, MonitoringSettings, Process
from .permissions import (
    may_enter_any_measurement,
    may_enter_measurement,
    may_manage_indicator,
    may_manage_kpis,
    require_read_university_record,
    university_q,
)
from .plausibility import UnusualValue
from .services import measurement_record


def entry_units(person, indicator):
    """The units for which `person` may enter values of `indicator`."""
    if not indicator.per_unit:
        units = Unit.objects.filter(pk=indicator.owner_unit_id)
    else:
        units = indicator.owner_unit.subtree()
    if not may_manage_indicator(person, indicator):
        units = units.filter(scope_q(person, Action.CREATE, field=""))
    return units.order_by("path")


@login_required
def indicator_list(request):
    process_id = request.GET.get("process") or ""
    indicators = (health.latest_indicators().select_related("process", "owner_unit")
                  .filter(university_q(request.user, "owner_unit")))
    if process_id.isdigit():
        indicators = indicators.filter(process_id=int(process_id))
    status = request.GET.get("status") or ""
    states = health.indicator_states(indicators)
    if status:
        states = [s for s in states if s.status == status]
    # Values due and still missing: the rule the QMS office's home counts (sapat.processes.due).
    from django.utils import timezone

    from . import due as kpi_due

    missing = {d.indicator.pk: d for d in kpi_due.due([s.indicator for s in states],
                                                       timezone.localdate())}
    for state in states:
        state.missing = missing.get(state.indicator.pk)
    return render(request, "processes/kpi_list.html", {
        "states": states, "status": status, "process_id": process_id,
        "missing_count": len(missing), "grace_days": kpi_due.grace().days,
        "processes": Process.objects.live().filter(university_q(request.user)),
        "may_add": _may_add_any(request),
        # The same check that guards the import decides whether its button shows.
        "may_import": may_enter_any_measurement(request.user),
        "may_configure": may_configure(request.user),
        "section": "kpis",
    })


def _may_add_any(request) -> bool:
    """May the person add an indicator: the QMS office, or the owner of some process."""
    return may_configure(request.user) or Process.objects.filter(
        Q(owner_person=request.user) | Q(owner_position__holder=request.user)
    ).exists()


@login_required
@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk):
    """One KPI: its trend, its values by period and unit, and the entry form."""
    indicator = get_object_or_404(
        health.live_indicators().select_related("process__owner_position"), pk=pk
    )
    require_read_university_record(request.user, indicator.owner_unit)
    units = entry_units(request.user, indicator)
    may_enter = units.exists()
    form = None
    if may_enter:
        form = MeasurementForm(request.POST or None, request.FILES or None,
                               indicator=indicator, units=units,
                               initial=_correction(request))
        if request.method == "POST":
            if saved := _record(request, form, indicator):
                # Back to the value just saved, so that a correction edits it (no conflict).
                return redirect(reverse("processes:kpi", args=[indicator.pk])
                                + f"?period={saved.period_id}&unit={saved.unit_id}")
    elif request.method == "POST":
        raise PermissionDenied
    measurements = sorted(indicator.measurements.all(),
                          key=lambda m: (m.period.start, m.unit.path), reverse=True)
    return render(request, "processes/kpi_detail.html", {
        "indicator": indicator, "state": health.indicator_states([indicator])[0],
        "measurements": measurements,
        "chart": trend_svg(indicator, measurements, legend_inside=False,
                           described_by="kpi-chart-legend"),
        "legend": chart_legend(indicator, measurements),
        "form": form, "may_edit": may_manage_indicator(request.user, indicator),
        "entry_unit_ids": set(units.values_list("pk", flat=True)) if may_enter else set(),
        # Who is asked for values (sapat.processes.due): the units listed on the KPI, if any.
        "reporters": list(indicator.reporting_units.order_by("path")) if indicator.per_unit
        else [],
        "section": "kpis",
    })


def _correction(request) -> dict:
    """?period=&unit= opens the form on the value saved there (see MeasurementForm)."""
    period, unit = request.GET.get("period", ""), request.GET.get("unit", "")
    if not (period.isdigit() and unit.isdigit()):
        return {}
    return {"period": int(period), "unit": int(unit)}


def _record(request, form, indicator):
    """The measurement saved from `form`, or None (the form then says why)."""
    from sapat.lib.locking import StaleRecord

    if not form.is_valid():
        return None
    unit = form.cleaned_data["unit"]
    if not may_enter_measurement(request.user, indicator, unit):
        raise PermissionDenied
    try:
        saved = measurement_record(
            indicator=indicator, period=form.cleaned_data["period"], unit=unit,
            value=form.cleaned_data["value"], comment=form.cleaned_data["comment"],
            evidence=form.cleaned_data.get("evidence"), by=request.user,
            expected_version=form.cleaned_data.get("seen_version") or 0,
            confirmed=form.cleaned_data.get("confirm_unusual") or False,
        )
    except UnusualValue as unusual:
        form.add_error("value", unusual.found.message())
        form.ask_to_confirm()
        return None
    except StaleRecord as stale:
        # Show the stored value; a second save (now knowing it) replaces it.
        form.data = form.data.copy()
        form.data["seen_version"] = stale.current.version if stale.current else 0
        form.add_error(None, _(
            "A value for this period and unit is already saved: %(value)s. Save again to "
            "replace it."
        ) % {"value": format_decimal(stale.current.value) if stale.current else "—"})
        return None
    except ValidationError as exc:
        errors_to_form(form, exc)  # a refusal of the whole value, too (not only by field)
        return None
    messages.success(request, _("The value is saved."))
    return saved


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk=None):
    indicator = get_object_or_404(Indicator.objects.live(), pk=pk) if pk else None
    if indicator:
        require_read_university_record(request.user, indicator.owner_unit)
        if not may_manage_indicator(request.user, indicator):
            raise PermissionDenied
    else:
        if not _may_add_any(request):
            raise PermissionDenied
    initial = {}
    if not indicator and request.GET.get("process", "").isdigit():
        initial["process"] = int(request.GET["process"])
    form = IndicatorForm(request.POST or None, instance=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not may_manage_kpis(request.user, form.cleaned_data["process"]):
            raise PermissionDenied
    if request.method == "POST" and (saved := save_form(request, form)):
        return redirect("processes:kpi", pk=saved.pk)
    return render(request, "processes/form.html", {
        "form": form, "object": indicator, "section": "kpis",
        "cancel_url": reverse("processes:kpi", args=[indicator.pk]) if indicator
        else reverse("processes:kpis"),
        "title": _("Edit indicator") if indicator else _("New indicator"),
    })


@login_required
def indicator_chart(request, pk):
    """The trend chart alone, as an SVG file (for reports and embedding)."""
    indicator = get_object_or_404(health.live_indicators(), pk=pk)
    require_read_university_record(request.user, indicator.owner_unit)
    svg = trend_svg(indicator, list(indicator.measurements.all())) or (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
def measurement_evidence(request, pk):
    """A value's evidence file, to those who may read the KPI (never a bare media URL)."""
    from django.http import Http404

    from sapat.lib.uploads import attachment_response

    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator__owner_unit"), pk=pk
    )
    require_read_university_record(request.user, measurement.indicator.owner_unit)
    if not measurement.evidence:
        raise Http404
    return attachment_response(measurement.evidence)


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_settings(request):
    """The QMS office sets how long after a period's end its values are asked for."""
    if not may_configure(request.user):
        raise PermissionDenied
    current = MonitoringSettings.load()
    form = MonitoringSettingsForm(request.POST or None,
                                  instance=current if current._state.adding is False else None)
    if request.method == "POST" and save_form(request, form):
        return redirect("processes:kpi_settings")
    return render(request, "processes/form.html", {
        "form": form, "section": "kpis",
        "cancel_url": reverse("processes:kpis"), "title": _("KPI monitoring settings"),
    })
