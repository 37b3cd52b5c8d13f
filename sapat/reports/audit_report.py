"""The internal audit report (ISO 9001 9.2.2 e): scope, team, criteria, summary,
strengths, findings by clause and the auditee's acknowledgement, as one element | content
table — the process card's shape — so the one PDF and DOCX writers print it."""

from __future__ import annotations

from django.db.models import F, Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from .columns import PROCESS_CARD_COLUMNS, Table
from .common import title_block


def _names(items) -> str:
    return "; ".join(str(i) for i in items)


def audit_report_rows(audit, questions) -> list[dict]:
    criteria = [f"ISO 9001 {c.code} {c.label}" for c in audit.clauses.all()]
    if audit.regulation_sections:
        criteria.append(_("Regulation, sections %(s)s") % {"s": audit.regulation_sections})
    if audit.criteria_text:
        criteria.append(audit.criteria_text)
    dates = f"{audit.planned_start:%d.%m.%Y} – {audit.planned_end:%d.%m.%Y}"
    meetings = " / ".join(
        d.strftime("%d.%m.%Y") if d else "—" for d in (audit.opening_meeting, audit.closing_meeting)
    )
    rows = [
        {"element": _("Audit"), "content": str(audit)},
        {"element": _("Audited units"), "content": _names(u.label for u in audit.units.all())},
        {
            "element": _("Audited processes"),
            "content": _names(p.label for p in audit.processes.all()) or "—",
        },
        {"element": _("Criteria"), "content": "\n".join(criteria) or "—"},
        {"element": _("Objectives"), "content": audit.objectives or "—"},
        {"element": _("Lead auditor"), "content": str(audit.lead_auditor)},
        {"element": _("Audit team"), "content": _names(audit.team.all()) or "—"},
        {"element": _("Dates"), "content": dates},
        {"element": _("Opening and closing meetings"), "content": meetings},
        {"element": _("Summary"), "content": audit.summary},
        {"element": _("Strengths"), "content": audit.strengths or "—"},
    ]
    by_grade: dict[str, int] = {}
    for question in questions:
        finding = question.finding
        by_grade[finding.get_grade_display()] = by_grade.get(finding.get_grade_display(), 0) + 1
        clause = f"ISO 9001 {question.clause.code}" if question.clause_id else _("No clause")
        content = [question.text, f"{_('Grade')}: {finding.get_grade_display()}"]
        if finding.evidence:
            content.append(f"{_('Evidence seen')}: {finding.evidence}")
        if finding.sample:
            content.append(f"{_('Sample')}: {finding.sample}")
        files = [str(f) for f in finding.files.all()]
        if files:
            content.append(f"{_('Evidence files')}: {', '.join(files)}")
        rows.append({"element": clause, "content": "\n".join(content)})
    rows.insert(
        11,
        {
            "element": _("Findings"),
            "content": "; ".join(f"{k}: {v}" for k, v in by_grade.items()) or "—",
        },
    )
    if audit.acknowledged_at:
        ack = _("%(who)s, %(when)s: %(text)s") % {
            "who": audit.acknowledged_by,
            "when": f"{audit.acknowledged_at:%d.%m.%Y}",
            "text": audit.acknowledgement,
        }
    else:
        ack = "_" * 24
    rows.append({"element": _("Acknowledged by the audited unit"), "content": ack})
    return rows


def audit_report_table(*, audit_id, person) -> Table:
    """The report of audit `audit_id`, for a person who may read its gradings, once issued."""
    from sapat.audits import permissions
    from sapat.audits.models import Audit, ChecklistQuestion, FindingFile

    try:
        audit = permissions.audit_for(person, int(audit_id))
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not audit.gradings_published:
        raise Http404
    audit = (
        Audit.objects.filter(pk=audit.pk)
        .select_related("programme__university", "lead_auditor", "acknowledged_by")
        .prefetch_related("units", "processes", "clauses", "team")
        .get()
    )
    questions = (
        ChecklistQuestion.objects.live()
        .filter(audit=audit, finding__isnull=False)
        .select_related("clause", "finding")
        .prefetch_related(Prefetch("finding__files", queryset=FindingFile.objects.live()))
        .order_by(F("clause__order").asc(nulls_last=True), "order", "pk")
    )
    return Table(
        key="audit-report",
        title=_("Internal audit report"),
        columns=PROCESS_CARD_COLUMNS,
        rows=audit_report_rows(audit, list(questions)),
        title_block=title_block(person=person, unit=audit.programme.university),
        landscape=False,
        filename=f"audit-report-{audit.pk}",
    )
