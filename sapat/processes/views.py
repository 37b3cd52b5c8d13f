"""The process map, process cards (Appendix 2) and process groups."""
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sapat.lib.locking import save_form
from sapat.org.access import may_configure, require_configure

from . import health, kpi_status
from .forms import ProcessCreateForm, ProcessForm, ProcessGroupForm
from .models import Process, ProcessGroup
from .permissions import (
    may_edit_process,
    may_manage_kpis,
    require_edit_process,
    require_read_university_record,
    university_q,
)


def _processes(person):
    return (
        Process.objects.live().filter(university_q(person))
        .select_related("group", "owner_position__holder", "owner_person", "unit")
        .prefetch_related(Prefetch("indicators", queryset=health.latest_indicators()))
    )


def _kpi_summary(process) -> dict:
    states = health.indicator_states(process.indicators.all())
    counts = {s: 0 for s in kpi_status.Status.values}
    for state in states:
        counts[state.status] += 1
    return {"states": states, "red": counts["red"], "amber": counts["amber"],
            "green": counts["green"], "none": counts["none"], "total": len(states)}


@login_required
def process_map(request):
    """Every process of the university, by group, with its health at a glance."""
    processes = list(_processes(request.user))
    extras = health.extra_figures(processes, request.user)
    for p in processes:
        p.kpi = _kpi_summary(p)
        p.figures = list(extras.get(p.pk, {}).values())
    groups = list(ProcessGroup.objects.all())
    for g in groups:
        g.items = [p for p in processes if p.group_id == g.pk]
    ungrouped = [p for p in processes if p.group_id is None]
    return render(request, "processes/map.html", {
        "groups": groups, "ungrouped": ungrouped, "may_configure": may_configure(request.user),
        "section": "processes",
    })


@login_required
def process_card(request, pk):
    """The process card of Appendix 2, with its KPIs and (from the risks app) its risks."""
    process = get_object_or_404(
        _processes(request.user).prefetch_related("owner_units"), pk=pk
    )
    require_read_university_record(request.user, process.unit)
    kpi = _kpi_summary(process)
    return render(request, "processes/card.html", {
        "process": process, "kpi": kpi,
        "may_edit": may_edit_process(request.user, process),
        "may_add_kpi": may_manage_kpis(request.user, process),
        "sections": health.card_sections(request, process),
        "section": "processes",
    })


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request, pk):
    process = get_object_or_404(Process.objects.live().select_related("unit"), pk=pk)
    require_edit_process(request.user, process)
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and save_form(request, form):
        return redirect("processes:card", pk=process.pk)
    return render(request, "processes/form.html", {
        "form": form, "object": process, "title": _("Edit process card"),
        "cancel_url": process.get_absolute_url(), "section": "processes",
    })


@login_required
@require_http_methods(["GET", "POST"])
def process_create(request):
    require_configure(request.user)
    form = ProcessCreateForm(request.POST or None)
    if request.method == "POST" and (process := save_form(request, form)):
        return redirect("processes:card", pk=process.pk)
    return render(request, "processes/form.html", {
        "form": form, "title": _("New process"), "section": "processes",
        "cancel_url": reverse("processes:map"),
    })


@login_required
def group_list(request):
    require_configure(request.user)
    return render(request, "processes/group_list.html", {
        "groups": ProcessGroup.objects.all(), "section": "processes",
    })


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk=None):
    require_configure(request.user)
    group = get_object_or_404(ProcessGroup, pk=pk) if pk else None
    form = ProcessGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and save_form(request, form):
        return redirect("processes:groups")
    return render(request, "processes/form.html", {
        "form": form, "object": group, "section": "processes",
        "cancel_url": reverse("processes:groups"),
        "title": _("Edit process group") if group else _("New process group"),
    })
