from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import get_language

from sapat.org.access import Action, scope_q

from .models import Process, ProcessGroup, QualityPolicy


@login_required
def process_map(request):
    """Every process of the university, by group, with its card's essentials."""
    live = Process.objects.live().filter(scope_q(request.user, Action.READ)).select_related(
        "owner_position", "owner_person"
    )
    groups = ProcessGroup.objects.prefetch_related(Prefetch("processes", queryset=live))
    ungrouped = live.filter(group__isnull=True)
    return render(request, "processes/map.html", {"groups": groups, "ungrouped": ungrouped})


@login_required
def policy(request):
    current = QualityPolicy.in_force()
    return render(request, "processes/policy.html", {
        "policy": current,
        "text": current.text_in(get_language()) if current else "",
    })
