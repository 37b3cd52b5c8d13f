"""Pieces every table builder shares: the title block, band cells, the scale notes."""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from sapat.org.models import Unit

from .columns import BandValue, Note, TitleBlock


def university_of(unit: Unit | None) -> Unit | None:
    if unit is None:
        return None
    if unit.parent_id is None:
        return unit
    return Unit.objects.filter(path=unit.root_path).first()


def title_block(*, person=None, unit: Unit | None = None) -> TitleBlock:
    """University, unit, today's date and the person preparing the document."""
    university = university_of(unit)
    if university is None and person is not None and getattr(person, "unit_id", None):
        university = university_of(person.unit)
    if university is None:
        # The CLI's reader belongs nowhere: name the (first) university of the database.
        university = Unit.objects.filter(
            parent__isnull=True, kind=Unit.Kind.UNIVERSITY
        ).order_by("pk").first()
    return TitleBlock(
        university=university.label if university else "",
        unit=unit.label if unit is not None and unit != university else "",
        date=timezone.localdate(),
        prepared_by=(person.full_name or person.get_username()) if person is not None else "",
    )


def band_value(score) -> BandValue | None:
    """A `risks.scoring.Score` (or None) as a band cell in the current language."""
    if score is None:
        return None
    band = score.band
    if band is None:
        return BandValue(score.level, "", "", "#ffffff")
    return BandValue(score.level, band.code, band.label_in(get_language()), band.colour)


def scale_notes() -> list[Note]:
    """The likelihood and consequence scales of the active scale (Appendix 3)."""
    from sapat.risks.models import RiskScale, ScaleLevel

    scale = RiskScale.active()
    levels = list(ScaleLevel.objects.filter(scale=scale).order_by("axis", "score")) if scale else []
    if not levels:
        from sapat.risks import defaults

        lang = (get_language() or "ky")[:2]
        index = {"ru": 1, "en": 2}.get(lang, 0)
        rows = {"likelihood": [], "consequences": []}
        for axis, score, texts in defaults.LEVELS:
            rows[axis].append((str(score), texts[index]))
    else:
        rows = {"likelihood": [], "consequences": []}
        for lvl in levels:
            rows[lvl.axis].append((str(lvl.score), lvl.label))
    # Appendix 3 heads both scales «Балл | Ыктымалдуулуктун чечмелениши».
    return [
        Note(_("Likelihood scale (1–5)"), rows=rows["likelihood"],
             headers=(_("Score"), pgettext("regulation heading", "Likelihood interpretation"))),
        Note(_("Consequences scale (1–5): how serious it is for the university if the risk "
               "happens"), rows=rows["consequences"],
             headers=(_("Score"), pgettext("regulation heading", "Consequences interpretation"))),
    ]


def level_rule_note() -> Note:
    """The level rule under the registers, with the active scale's thresholds."""
    from sapat.risks import scoring

    lang = get_language()
    bands = list(scoring.load_bands())
    # Appendix 4 gives the rule, then its two-column table «Балл (ыктымалдуулук x натыйжа) |
    # Тобокелдик деңгээли».
    return Note(
        _("Risk level"),
        text=pgettext("regulation heading",
                      "Risk level = likelihood (1-5) x consequences (1-5)"),
        rows=[(f"{b.min_level}-{b.max_level}", b.label_in(lang))
              for b in bands],
        headers=(pgettext("regulation heading", "Score (likelihood x consequences)"),
                 pgettext("regulation heading", "Risk level")),
        colours=tuple(b.colour for b in bands),
    )


def measures_lines(risk) -> str:
    """The risk's live measures, one per line (prefetched), or its summary text."""
    lines = []
    for m in risk.measures.all():
        if m.archived_at is not None:
            continue
        lines.append(measure_line(m))
    if not lines and risk.measures_text:
        return risk.text_in("measures_text")
    return "\n".join(lines)


def measure_line(m) -> str:
    return measure_line_of(m.text_in("text"), m.due_date, m.text_in("rhythm_text"),
                           overdue=m.is_overdue)


def measure_line_of(text: str, due_date, rhythm_text: str, *, overdue: bool = False) -> str:
    """“text [31.12.2026]” or “text [Жыл сайын]”: the import reads the brackets back. An
    open measure past its date is marked as the screens mark it: “text [25.11.2026,
    мөөнөтү өткөн]” (the import reads the date at the bracket's start)."""
    when = due_date.strftime("%d.%m.%Y") if due_date else rhythm_text
    if when and due_date and overdue:
        when = f"{when}, {_('overdue')}"
    text = " ".join(text.split())  # one line per measure in every format
    return f"{text} [{when}]" if when else text
