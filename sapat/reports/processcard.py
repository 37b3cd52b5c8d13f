"""The process card (Appendix 2): element | content, one row per element."""
from __future__ import annotations

from django.utils.translation import gettext as _

from .columns import PROCESS_CARD_COLUMNS, Table
from .common import title_block


def owner_text(process) -> str:
    """The owner as the card names it, else the heads of the units that run it."""
    if process.owner_text:
        return process.owner_text
    return process.owner_or_heads


def indicators_text(process) -> str:
    """The process's KPIs (processes.Indicator, when that model exists), one per line."""
    related = getattr(process, "indicators", None)
    if related is None:
        return ""
    try:
        items = related.all()
        if hasattr(items, "live"):
            items = items.live()
        return "\n".join(i.label for i in items)
    except Exception:  # noqa: BLE001 — the KPI model is another app's and may change
        return ""


def process_card_rows(process):
    return [
        {"element": _("Process name"), "content": process.label},
        {"element": _("Process goal"), "content": process.goal},
        {"element": _("Inputs"), "content": process.inputs},
        {"element": _("Outputs"), "content": process.outputs},
        {"element": _("Process owner"), "content": owner_text(process)},
        {"element": _("Resources"), "content": process.resources},
        {"element": _("Indicators"), "content": indicators_text(process)},
    ]


def process_card_table(*, process, person) -> Table:
    """The card of `process`: readable by anyone with a role in its university."""
    from django.http import Http404

    from sapat.processes.permissions import may_read_university_record

    if not may_read_university_record(person, process.unit):
        raise Http404
    return Table(
        key="process-card",
        title=_("Process card"),
        columns=PROCESS_CARD_COLUMNS,
        rows=process_card_rows(process),
        title_block=title_block(person=person, unit=process.unit),
        landscape=False,
        filename=f"process-card-{process.code}",
    )
