"""Audit workflows: each one function, keyword-only, validated, in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from sapat.lib.locking import StaleRecord, one_at_a_time

from . import impartiality
from .models import (
    Audit,
    AuditProgramme,
    ChecklistQuestion,
    ConflictDeclaration,
    Finding,
    FindingFile,
)


def _check_version(record, expected_version: int | None) -> None:
    if expected_version is not None and record.version != expected_version:
        raise StaleRecord(type(record)._base_manager.get(pk=record.pk))


def _frozen_error(programme: AuditProgramme) -> ValidationError:
    return ValidationError(
        _("The programme is approved and frozen. Make a new edition of it to change the plan.")
    )


# --- the programme ---------------------------------------------------------------------


def submit_programme(*, programme: AuditProgramme, by):
    """The QMS office submits the draft programme to the rector (`sapat.approvals`)."""
    from sapat.approvals import services as approvals

    if not programme.audits.live().exists():
        raise ValidationError(_("Plan at least one audit before the programme is approved."))
    return approvals.submit(programme, by)


def approve_programme(
    *, programme: AuditProgramme, by, decision_no: str, decision_date: datetime.date
):
    """The rector approves the submitted programme: who, when, the decision's № and date.

    The one approval workflow (`sapat.approvals`) records the decision and calls back
    `programme_freeze`, which keeps the plan as approved with the edition.
    """
    from sapat.approvals import services as approvals

    return approvals.approve(programme, by, decision_no, decision_date)


def programme_freeze(
    *, programme: AuditProgramme, by, decision_no: str, decision_date: datetime.date, at
) -> AuditProgramme:
    """Record an approval on the programme and freeze it (called by the approval)."""
    if programme.state != AuditProgramme.State.DRAFT:
        raise ValidationError(_("Only a draft programme is approved."))
    audits = list(
        programme.audits.live()
        .prefetch_related("units", "processes", "team")
        .select_related("lead_auditor")
    )
    programme.approved_plan = [_plan_entry(a) for a in audits]
    programme.state = AuditProgramme.State.APPROVED
    programme.approved_by = by
    programme.approved_at = at
    programme.decision_no = decision_no
    programme.decision_date = decision_date
    programme.version += 1
    programme._change_reason = _("Approved, decision № %(no)s") % {"no": decision_no}
    programme.save()
    return programme


def _plan_entry(audit: Audit) -> dict:
    return {
        "number": audit.number,
        "title": audit.title,
        "units": [u.code for u in audit.units.all()],
        "processes": [p.code for p in audit.processes.all()],
        "lead_auditor": audit.lead_auditor_id,
        "team": sorted(p.pk for p in audit.team.all()),
        "planned_start": audit.planned_start.isoformat(),
        "planned_end": audit.planned_end.isoformat(),
    }


def programme_revise(
    *, programme: AuditProgramme, by, reason: str, expected_version: int | None = None
) -> AuditProgramme:
    """Open the next edition of an approved programme as a draft (to be approved again)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the approved programme changes.")})
    with transaction.atomic():
        programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
        _check_version(programme, expected_version)
        if programme.state != AuditProgramme.State.APPROVED:
            raise ValidationError(_("Only an approved programme gets a new edition."))
        programme.state = AuditProgramme.State.DRAFT
        programme.edition += 1
        programme.approved_by = None
        programme.approved_at = None
        programme.decision_no = ""
        programme.decision_date = None
        programme.version += 1
        programme._change_reason = reason
        programme.save()
    return programme


# --- planning an audit -----------------------------------------------------------------


def split_plan(data: dict) -> tuple[dict, dict]:
    """A form's or serializer's cleaned plan as `audit_plan` takes it: the plain fields,
    and the many-to-many parts by name (an absent part is empty)."""
    fields = {
        k: data[k] for k in Audit.PLAN_FIELDS if k in data and k not in Audit.PLAN_RELATIONS
    }
    lists = {name: data.get(name) or [] for name in Audit.PLAN_RELATIONS}
    return fields, lists


def audit_plan(
    *,
    programme: AuditProgramme,
    by,
    audit: Audit | None = None,
    fields: dict,
    units,
    processes=(),
    clauses=(),
    team=(),
    expected_version: int | None = None,
) -> Audit:
    """Create or change an audit of a draft programme; refuses a partial team.

    Impartiality is enforced here (and shown earlier by the form): every refusal of
    `impartiality.refusals` for the lead auditor or a team member is a validation error.
    """
    units, processes, clauses, team = list(units), list(processes), list(clauses), list(team)
    if programme.is_frozen:
        raise _frozen_error(programme)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit to audit.")})
    lead = fields.get("lead_auditor")
    on = fields.get("planned_start")
    errors = {}
    if lead is None:
        errors["lead_auditor"] = [_("Choose the lead auditor.")]
    else:
        lead_refused = impartiality.refusals(lead, units=units, processes=processes, on=on)
        if lead_refused:
            errors["lead_auditor"] = [r.message for r in lead_refused]
    members = [p for p in team if lead is None or p.pk != lead.pk]
    team_refused = impartiality.team_refusals(members, units=units, processes=processes, on=on)
    if team_refused:
        errors["team"] = [r.message for r in team_refused]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if audit is None:
            one_at_a_time(f"audit-number-{programme.pk}")
            audit = Audit(programme=programme)
            audit.number = (programme.audits.aggregate(n=Max("number"))["n"] or 0) + 1
        else:
            audit = Audit.objects.select_for_update().get(pk=audit.pk)
            _check_version(audit, expected_version)
            if audit.state != Audit.State.PLANNED:
                raise ValidationError(_("Only a planned audit's plan is changed."))
            audit.version += 1
        for name, value in fields.items():
            setattr(audit, name, value)
        audit.full_clean(exclude=["programme", "units", "processes", "clauses", "team"])
        audit.save()
        audit.units.set(units)
        audit.processes.set(processes)
        audit.clauses.set(clauses)
        audit.team.set([p for p in team if p.pk != audit.lead_auditor_id])
    return audit


def audit_archive(*, audit: Audit, by) -> None:
    if audit.programme.is_frozen:
        raise _frozen_error(audit.programme)
    if audit.state != Audit.State.PLANNED:
        raise ValidationError(_("Only a planned audit is removed from the programme."))
    audit.archive()


# --- running an audit ------------------------------------------------------------------


def _move(audit: Audit, to: str, reason: str, extra: list[str] | None = None) -> Audit:
    if to not in Audit.TRANSITIONS[audit.state]:
        raise ValidationError(
            _("An audit that is “%(state)s” cannot become “%(to)s”.")
            % {"state": audit.get_state_display(), "to": Audit.State(to).label}
        )
    audit.state = to
    audit.save_state(["state", *(extra or [])])
    update_change_reason(audit, reason)
    return audit


def audit_start(*, audit: Audit, by) -> Audit:
    """The opening meeting was held: the audit runs (the programme must be approved)."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        if not AuditProgramme.objects.get(pk=audit.programme_id).is_frozen:
            raise ValidationError(_("The programme is not approved yet: its audits wait."))
        if audit.opening_meeting is None:
            audit.opening_meeting = timezone.localdate()
        return _move(audit, Audit.State.IN_PROGRESS, _("Audit started"), ["opening_meeting"])


def audit_issue_report(
    *, audit: Audit, by, summary: str, strengths: str, expected_version: int | None = None
) -> Audit:
    """The lead auditor issues the report; the gradings become visible to the auditee."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Write the summary of the audit.")})
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _check_version(audit, expected_version)
        questions = audit.questions.live()
        if not questions.exists():
            raise ValidationError(_("The checklist is empty."))
        ungraded = questions.filter(finding__isnull=True).count()
        if ungraded:
            raise ValidationError(
                _("Grade every question first: %(n)s not graded.") % {"n": ungraded}
            )
        audit.summary = summary
        audit.strengths = (strengths or "").strip()
        audit.report_issued_at = timezone.now()
        if audit.closing_meeting is None:
            audit.closing_meeting = timezone.localdate()
        return _move(
            audit,
            Audit.State.REPORTED,
            _("Report issued"),
            ["summary", "strengths", "report_issued_at", "closing_meeting"],
        )


def audit_acknowledge(*, audit: Audit, by, text: str) -> Audit:
    """The auditee's acknowledgement of the issued report (with any comment)."""
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        if audit.state != Audit.State.REPORTED or audit.acknowledged_at:
            raise ValidationError(_("This report waits for no acknowledgement."))
        audit.acknowledgement = (text or "").strip() or _("Acknowledged.")
        audit.acknowledged_by = by
        audit.acknowledged_at = timezone.now()
        audit.save_state(["acknowledgement", "acknowledged_by", "acknowledged_at"])
    return audit


def audit_close(*, audit: Audit, by) -> Audit:
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        return _move(audit, Audit.State.CLOSED, _("Audit closed"))


# --- the checklist ---------------------------------------------------------------------


def _state_of(audit_id: int) -> str:
    """The stored state (a caller's object may have been read before a move)."""
    return Audit.objects.filter(pk=audit_id).values_list("state", flat=True).get()


def _require_open(audit: Audit) -> None:
    if _state_of(audit.pk) not in (Audit.State.PLANNED, Audit.State.IN_PROGRESS):
        raise ValidationError(_("The report is issued: the checklist no longer changes."))


def question_add(*, audit: Audit, by, text: str, clause=None) -> ChecklistQuestion:
    _require_open(audit)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    with transaction.atomic():
        last = audit.questions.aggregate(n=Max("order"))["n"] or 0
        question = ChecklistQuestion(audit=audit, text=text, clause=clause, order=last + 1)
        question.full_clean()
        question.save()
    return question


def question_remove(*, question: ChecklistQuestion, by) -> None:
    _require_open(question.audit)
    question.archive()


def finding_record(
    *,
    question: ChecklistQuestion,
    by,
    grade: str,
    evidence: str = "",
    sample: str = "",
    expected_version: int | None = None,
) -> Finding:
    """Grade a question (or change its grade) with the evidence seen and the sample."""
    if _state_of(question.audit_id) != Audit.State.IN_PROGRESS:
        raise ValidationError(_("Questions are graded while the audit is in progress."))
    with transaction.atomic():
        finding = Finding.objects.select_for_update().filter(question=question).first()
        if finding is None:
            finding = Finding(question=question)
        else:
            _check_version(finding, expected_version)
            finding.version += 1
        finding.grade = grade
        finding.evidence = (evidence or "").strip()
        finding.sample = (sample or "").strip()
        finding.graded_by = by
        finding.graded_at = timezone.now()
        finding.full_clean(exclude=["question"])
        finding.save()
    return finding


def finding_file_add(*, finding: Finding, by, upload) -> FindingFile:
    if _state_of(finding.question.audit_id) != Audit.State.IN_PROGRESS:
        raise ValidationError(_("Questions are graded while the audit is in progress."))
    with transaction.atomic():
        record = FindingFile(finding=finding, file=upload, uploaded_by=by)
        record.full_clean()
        record.save()
    return record


def conflict_declare(*, person, unit=None, process=None, reason: str) -> ConflictDeclaration:
    with transaction.atomic():
        record = ConflictDeclaration(
            person=person, unit=unit, process=process, reason=(reason or "").strip()
        )
        record.full_clean()
        record.save()
    return record


def nonconformity_findings(*, audit: Audit | None = None):
    """Findings graded a minor or major nonconformity in issued reports: where corrective
    action starts (regulation §8.4). The improvement app opens its record from each of
    these (a foreign key to `Finding`), so a finding is never typed again."""
    findings = Finding.objects.filter(
        grade__in=Finding.NONCONFORMITIES,
        question__archived_at__isnull=True,
        question__audit__archived_at__isnull=True,
        question__audit__state__in=[Audit.State.REPORTED, Audit.State.CLOSED],
    ).select_related("question__audit", "question__clause", "question__unit")
    if audit is not None:
        findings = findings.filter(question__audit=audit)
    return findings.order_by("question__audit__planned_start", "question__order", "pk")
