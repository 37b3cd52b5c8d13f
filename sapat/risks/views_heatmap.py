"""The heat map page: inherent and residual risk side by side, 5×5, counts per cell.

Each cell links to the consolidated register filtered to that cell (`?l=4&c=5`, or
`?rl=&rc=` for residual), keeping the page's unit, process and category filters. A
residual risk known only as a level (as the regulation's register gives it) cannot be
placed on the grid; the page counts those and links to them.
"""
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import scoring
from .consolidated import visible_risks
from .filters import Kind, RiskFilterForm
from .heatmap import heatmap_svg
from .views_registers import require_reader


def cell_counts(risks, l_field: str, c_field: str) -> dict[tuple[int, int], int]:
    """{(l, c): count} in one grouped query; rows without both scores are left out."""
    rows = (
        risks.filter(**{f"{l_field}__isnull": False, f"{c_field}__isnull": False})
        .order_by().values_list(l_field, c_field).annotate(n=Count("pk"))
    )
    return {(lk, c): n for lk, c, n in rows}


def heatmap_counts(risks) -> dict:
    """Everything the page shows, in three queries whatever the number of risks."""
    totals = risks.order_by().aggregate(
        total=Count("pk"),
        score_only=Count("pk", filter=Q(residual_likelihood__isnull=True,
                                        residual_score__isnull=False)),
        unassessed=Count("pk", filter=Q(residual_likelihood__isnull=True,
                                        residual_score__isnull=True)),
    )
    return {
        "inherent": cell_counts(risks, "likelihood", "consequences"),
        "residual": cell_counts(risks, "residual_likelihood", "residual_consequences"),
        **totals,
    }


@login_required
def heatmap(request):
    require_reader(request.user)
    bands = scoring.load_bands()
    form = RiskFilterForm(request.GET or None, person=request.user, bands=bands,
                          with_responsible=bool(request.GET.get("responsible")))
    risks = form.filter_risks(visible_risks(request.user), cells=False)
    counts = heatmap_counts(risks)

    base = request.GET.copy()
    for name in (*RiskFilterForm.CELL_FIELDS, "page", "kind"):
        base.pop(name, None)
    base["kind"] = Kind.RISK
    register = reverse("risks:consolidated")

    def link(**cell) -> str:
        params = base.copy()
        for key, value in cell.items():
            params[key] = value
        return f"{register}?{params.urlencode()}"

    inherent = heatmap_svg(
        counts["inherent"], bands, title=_("Risk before measures"), testid="heatmap-inherent",
        href=lambda lk, c: link(l=lk, c=c),
    )
    residual = heatmap_svg(
        counts["residual"], bands, title=_("Residual risk"), testid="heatmap-residual",
        href=lambda lk, c: link(rl=lk, rc=c),
    )
    export = base.copy()
    export.pop("kind", None)
    residual_export = export.copy()
    residual_export["kind"] = "residual"
    return render(request, "risks/heatmap.html", {
        "export_query": export.urlencode(),
        "export_residual_query": residual_export.urlencode(),
        "form": form,
        "heatmap": True,
        "bands": bands,
        # The SVG is built from escaped text and numbers only (see heatmap.py).
        "inherent_svg": mark_safe(inherent),  # noqa: S308
        "residual_svg": mark_safe(residual),  # noqa: S308
        "counts": counts,
        # A map limited to one's units (or by the filters) says so: "2 of the university's 13".
        "university_total": _university_risks(request.user),
        "placed_inherent": sum(counts["inherent"].values()),
        "placed_residual": sum(counts["residual"].values()),
        "score_only_url": link(residual_score_only="on"),
        "register_url": f"{register}?{base.urlencode()}",
        "section": "heatmap",
    })


def _university_risks(person) -> int:
    """Live risks in the universities where `person` has a role (one query)."""
    from sapat.processes.permissions import university_q

    from .models import Risk

    return Risk.objects.live().filter(university_q(person, "unit")).count()
