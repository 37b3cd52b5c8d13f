"""Quality objectives (ISO 9001 §6.2): list with progress from linked KPIs; editing."""
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sapat.lib.locking import save_form
from sapat.org.access import require_configure

from . import health, kpi_status
from .forms import ObjectiveForm
from .models import QualityObjective
from .permissions import may_manage_objectives, university_q


def objectives_with_progress(person, queryset=None) -> list:
    """Live objectives the person may read, each with `.states` and `.progress` (0–100)."""
    qs = queryset if queryset is not None else QualityObjective.objects.live()
    objectives = list(
        qs.filter(university_q(person))
        .select_related("responsible_position", "responsible_person", "unit")
        .prefetch_related(Prefetch("indicators", queryset=health.latest_indicators()))
    )
    for o in objectives:
        o.states = health.indicator_states(o.indicators.all())
        shares = [kpi_status.achievement(s.indicator, s.value) for s in o.states]
        shares = [s for s in shares if s is not None]
        o.progress = round(100 * sum(shares) / len(shares)) if shares else None
        o.status = kpi_status.worst(s.status for s in o.states)
        o.badge = kpi_status.BADGE[o.status]
    return objectives


@login_required
def objective_list(request):
    return render(request, "processes/objective_list.html", {
        "objectives": objectives_with_progress(request.user),
        "may_manage": may_manage_objectives(request.user), "section": "objectives",
    })


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request, pk=None):
    require_configure(request.user)
    objective = get_object_or_404(QualityObjective.objects.live(), pk=pk) if pk else None
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and save_form(request, form):
        return redirect("processes:objectives")
    return render(request, "processes/form.html", {
        "form": form, "object": objective, "section": "objectives",
        "cancel_url": reverse("processes:objectives"),
        "title": _("Edit quality objective") if objective else _("New quality objective"),
    })
