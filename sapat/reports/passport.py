"""The risk passport of a unit (Appendix 3): rows, scales under the table."""
from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from sapat.org.access import Action, require
from sapat.org.models import Unit

from .columns import PASSPORT_COLUMNS, Table
from .common import band_value, measures_lines, scale_notes, title_block


def passport_risks(unit: Unit):
    """The live risks of `unit`'s passport, with everything a row needs (fixed queries)."""
    from sapat.risks.models import Measure, Risk

    return (
        Risk.objects.live().with_scoring().filter(unit=unit)
        .prefetch_related(
            "responsible_positions", "responsible_people",
            Prefetch("measures", queryset=Measure.objects.live().order_by("pk")),
        )
        .order_by("pk")
    )


def passport_rows(risks):
    for number, risk in enumerate(risks, start=1):
        yield {
            "pk": risk.pk,
            "number": number,
            "title": risk.text_in("title"),
            "likelihood": risk.likelihood,
            "consequences": risk.consequences,
            "level": band_value(risk.score),
            "responsible": risk.responsible_display,
            "measures": measures_lines(risk),
        }


def passport_table(*, unit: Unit, person, risks=None) -> Table:
    """The passport of `unit` as `person` may see it (404 when they may not read it)."""
    require(person, Action.READ, unit)
    risks = passport_risks(unit) if risks is None else risks
    return Table(
        key="passport",
        title=_("Risk passport"),
        columns=PASSPORT_COLUMNS,
        rows=list(passport_rows(risks)),
        title_block=title_block(person=person, unit=unit),
        notes=scale_notes(),
        landscape=True,
        filename=f"passport-{unit.code}",
    )
