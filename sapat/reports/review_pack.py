"""The management review pack, its minutes and the annual QMS report as element | content
tables — the process card's shape — so the one PDF and DOCX writers print them.

Each is built from the review's inputs (frozen once held) or the report's generated
figures and the QMS office's texts, never from live records directly: the same file comes
out of the same record, which is what approval freezes and hashes."""
from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from .columns import PROCESS_CARD_COLUMNS, Table, TitleBlock


def _section_lines(section: dict, limit: int = 60) -> str:
    lines = [f"{label}: {value}" for label, value in section.get("figures", [])]
    rows = section.get("rows") or []
    if rows:
        if lines:
            lines.append("")
        if section.get("columns"):
            lines.append(" · ".join(section["columns"]))
        lines += [" · ".join(str(c) for c in row) for row in rows[:limit]]
        if len(rows) > limit:
            lines.append(_("…and %(n)s more rows") % {"n": len(rows) - limit})
    if section.get("note"):
        lines.append(section["note"])
    return "\n".join(lines) or "—"


def _chart(sections: list[dict]) -> str:
    for section in sections:
        if section.get("key") == "c3" and section.get("charts"):
            return section["charts"][0]
    return ""


def _block(university, on) -> TitleBlock:
    return TitleBlock(university=university.label, date=on)


def review_pack_table(review, language: str) -> Table:
    """The inputs of `review` (9.3.2) as management saw them, in `language`."""
    from sapat.reviews.services import review_inputs

    with translation.override(language):
        inputs = review_inputs(review, language)
        rows = [
            {"element": _("Management review"), "content": str(review)},
            {"element": _("State"), "content": review.get_state_display()},
        ]
        if review.is_held:
            rows.append({"element": _("Inputs frozen"), "content":
                         f"{review.snapshot_at:%d.%m.%Y %H:%M} UTC · SHA-256 "
                         f"{review.snapshot_sha256}"})
        for section in inputs:
            rows.append({"element": f"{section['clause']} {section['title']}",
                         "content": _section_lines(section)})
        return Table(key="review-pack", title=_("Management review: inputs"),
                     columns=PROCESS_CARD_COLUMNS, rows=rows,
                     title_block=_block(review.university, review.held_on
                                        or review.planned_on or review.period_end),
                     landscape=False, svg=_chart(inputs), filename=f"review-{review.pk}")


def review_minutes_table(review, language: str) -> Table:
    """The minutes of `review`: who met, what they decided (9.3.3), each output's status."""
    with translation.override(language):
        rows = [
            {"element": _("Management review"), "content": str(review)},
            {"element": _("Held on"), "content":
             f"{review.held_on:%d.%m.%Y}" if review.held_on else "—"},
            {"element": _("Chair"), "content": str(review.chair) if review.chair else "—"},
            {"element": _("Attendees"), "content": review.attendees or "—"},
            {"element": _("Minutes"), "content":
             (review.minutes_ru if language == "ru" and review.minutes_ru else review.minutes)
             or "—"},
        ]
        if review.snapshot_sha256:
            rows.append({"element": _("Inputs frozen"),
                         "content": f"SHA-256 {review.snapshot_sha256}"})
        outputs = review.outputs.live().select_related("unit").prefetch_related(
            "responsible_people", "responsible_positions").order_by("number")
        for o in outputs:
            content = [o.text_in("text", language), f"{_('Kind of decision')}: "
                       f"{o.get_kind_display()}", f"{_('Unit')}: {o.unit.label_in(language)}"]
            if o.responsible_display:
                content.append(f"{_('Responsible')}: {o.responsible_display}")
            if o.due_date:
                content.append(f"{_('Due date')}: {o.due_date:%d.%m.%Y}")
            rows.append({"element": _("Decision %(n)s") % {"n": o.number},
                         "content": "\n".join(content)})
        return Table(key="review-minutes", title=_("Minutes of the management review"),
                     columns=PROCESS_CARD_COLUMNS, rows=rows,
                     title_block=_block(review.university, review.held_on or review.period_end),
                     landscape=False, filename=f"review-minutes-{review.pk}")


def annual_report_table(report, language: str) -> Table:
    """The annual QMS report: the QMS office's text and the year's figures per section."""
    from sapat.reviews import sections
    from sapat.reviews.services import reviews_of_year

    with translation.override(language):
        data = report.data.get(language) or report.data.get("ky") or []
        rows = [{"element": _("Annual QMS report"), "content": str(report)}]
        if report.texts.get("summary"):
            rows.append({"element": _("Summary"), "content": report.texts["summary"]})
        titles = {d.key: d for d in sections.definitions()}
        for section in data:
            text = report.texts.get(section["key"], "")
            content = "\n\n".join(p for p in (text, _section_lines(section)) if p)
            definition = titles.get(section["key"])
            title = str(definition.title) if definition else section["title"]
            rows.append({"element": f"{section['clause']} {title}", "content": content})
        reviews = reviews_of_year(report)
        rows.append({"element": _("Management reviews of the year"),
                     "content": "\n".join(" · ".join(r) for r in reviews) or "—"})
        on = report.generated_at.date() if report.generated_at else report.year.end
        return Table(key="annual-report", title=_("Annual QMS report"),
                     columns=PROCESS_CARD_COLUMNS, rows=rows,
                     title_block=_block(report.university, on), landscape=False,
                     svg=_chart(data), filename=f"annual-qms-report-{report.year.start.year}")
