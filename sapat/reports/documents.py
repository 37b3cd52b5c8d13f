"""The document register and the list of documents in force (ISO 9001 7.5): one `Table`
each, written to XLSX, DOCX and PDF by the shared writers."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .columns import Column, Kind, Table
from .common import title_block

COLUMNS = [
    Column("code", _("Code"), width=12),
    Column("title", _("Title"), width=40),
    Column("type", _("Type"), width=14),
    Column("owner", _("Owner unit"), width=24),
    Column("version", _("Version in force"), Kind.INT, width=9),
    Column("in_force_from", _("In force from"), Kind.DATE, width=12),
    Column("decision", _("Approved by decision"), width=16),
    Column("next_review", _("Next review"), Kind.DATE, width=12),
    Column("confidentiality", _("Confidentiality"), width=14),
    Column("retention", _("Retention (years)"), Kind.INT, width=9),
]


def _rows(documents):
    from sapat.documents.reading import in_force

    for d in documents:
        v = in_force(d)
        yield {
            "code": d.code,
            "title": d.tr.title,
            "type": d.get_doc_type_display(),
            "owner": d.owner_unit.label,
            "version": v.number if v else None,
            "in_force_from": v.in_force_from if v else None,
            "decision": (f"№ {v.decision_no} {v.decision_date:%d.%m.%Y}"
                         if v and v.decision_no and v.decision_date else ""),
            "next_review": d.next_review,
            "confidentiality": d.get_confidentiality_display().split(":")[0],
            "retention": d.retention_years,
        }


def documents_queryset(person, params=None, *, in_force_only: bool = False):
    from sapat.documents.reading import register_queryset

    params = dict(params or {})
    if in_force_only:
        params["in_force"] = "1"
    return register_queryset(person, params)


def documents_table(*, person, params=None, in_force_only: bool = False) -> Table:
    documents = documents_queryset(person, params, in_force_only=in_force_only)
    return Table(
        key="documents-in-force" if in_force_only else "documents",
        title=_("Documents in force") if in_force_only else _("Register of documents"),
        columns=COLUMNS,
        rows=list(_rows(documents)),
        title_block=title_block(person=person),
        filename="documents-in-force" if in_force_only else "documents",
    )
