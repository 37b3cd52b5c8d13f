"""The heat map as a document: the 5×5 counts as a table, and the risks app's SVG as a
picture (PNG in DOCX, inline SVG in PDF)."""
from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import Column, Filled, Kind, Table

HEATMAP_COLUMNS = [
    Column("likelihood", gettext_lazy("Likelihood \\ consequences"), Kind.INT, 18),
    *[Column(f"c{c}", str(c), Kind.INT, 10) for c in range(1, 6)],
]


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Render an SVG string to PNG (cairosvg: the one rasteriser used for documents)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)


def cell_counts(risks, residual: bool = False) -> dict[tuple[int, int], int]:
    l_field, c_field = (
        ("residual_likelihood", "residual_consequences") if residual
        else ("likelihood", "consequences")
    )
    rows = (
        risks.filter(**{f"{l_field}__isnull": False, f"{c_field}__isnull": False})
        .order_by().values(l_field, c_field).annotate(n=Count("pk"))
    )
    return {(r[l_field], r[c_field]): r["n"] for r in rows}


def heatmap_table(*, person, risks=None, unit=None, residual: bool = False) -> Table:
    """Counts per (likelihood, consequences) of the risks `person` may read."""
    from sapat.risks import scoring
    from sapat.risks.heatmap import heatmap_svg

    from .common import level_rule_note, title_block
    from .register import _university_block, register_queryset

    if risks is None:
        risks = register_queryset(person)
        if unit is not None:
            from django.db.models import Q

            risks = risks.filter(
                Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + ".")
            )
    counts = cell_counts(risks, residual)
    bands = scoring.load_bands()
    rows = []
    for lik in range(5, 0, -1):
        row = {"likelihood": lik}
        for con in range(1, 6):
            band = bands.for_level(lik * con)
            row[f"c{con}"] = Filled(counts.get((lik, con), 0), band.colour if band else "#ffffff")
        rows.append(row)
    title = _("Residual risk heat map") if residual else _("Risk heat map")
    return Table(
        key="heatmap",
        title=title,
        columns=HEATMAP_COLUMNS,
        rows=rows,
        title_block=title_block(person=person, unit=unit) if unit else _university_block(person),
        svg=heatmap_svg(counts, bands, title=title),
        # The legend: each band's colour with its score range, in the document's language.
        notes=[level_rule_note()],
        landscape=False,
        filename="heatmap",
    )
