"""The corrective-action workflow (ISO 10.2): every step one function, keyword-only,
checked for permission and order, in one transaction, with its history.

The order is enforced here and only here: a step asked for out of turn raises a
`ValidationError` saying which step comes first, in the person's language.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from sapat.lib.locking import StaleRecord, one_at_a_time, save_versioned
from sapat.org.access import Action, may

from . import permissions
from .models import (
    RECURRENCE_MONTHS,
    REVIEW_AFTER_DAYS,
    ActionDecision,
    Cause,
    CauseAnalysis,
    CauseCategory,
    Correction,
    CorrectiveAction,
    EffectivenessReview,
    Nonconformity,
    RiskDecision,
    Step,
)

NC_FIELDS = frozenset({"description", "description_ru", "description_en", "grade",
                       "process", "clause", "indicator"})


def _by(record, by):
    record._history_user = by
    return record


def _locked(nc: Nonconformity, expected_version: int | None = None) -> Nonconformity:
    current = Nonconformity.objects.select_for_update().get(pk=nc.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleRecord(current)
    return current


def _require_step(nc: Nonconformity, step: str) -> None:
    """Refuse a step asked for out of turn, naming the step that comes first."""
    if nc.state == step:
        return
    if nc.state == Step.CLOSED:
        raise ValidationError(_("The nonconformity is closed."))
    raise ValidationError(
        _("This step is not open yet: first “%(now)s”.") % {"now": Step(nc.state).label}
        if Step.values.index(step) > Step.values.index(nc.state)
        else _("This step is done; the nonconformity is now at “%(now)s”.")
        % {"now": Step(nc.state).label}
    )


def _move(nc: Nonconformity, to: str, by, reason: str, extra=()) -> Nonconformity:
    nc.state = to
    _by(nc, by).save_state(["state", *extra])
    update_change_reason(nc, reason)
    return nc


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- a nonconformity is recorded --------------------------------------------------------


def _next_number() -> int:
    one_at_a_time("nonconformity-number")
    return (Nonconformity.objects.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def nonconformity_create(*, by, unit, source: str, description: str, grade: str = "minor",
                         reported_on: datetime.date | None = None, **fields) -> Nonconformity:
    """Anyone with a role who reads `unit` reports a nonconformity there (not from an
    audit: findings open theirs through `from_finding`)."""
    if not permissions.may_report(by, unit):
        raise PermissionDenied
    if source == Nonconformity.Source.AUDIT:
        raise ValidationError({"source": _("An audit finding opens its own nonconformity.")})
    unknown = set(fields) - NC_FIELDS
    if unknown:
        raise TypeError(f"not settable here: {', '.join(sorted(unknown))}")
    nc = Nonconformity(unit=unit, source=source, grade=grade, reported_by=by,
                       description=(description or "").strip(),
                       reported_on=reported_on or timezone.localdate(), **fields)
    nc.number = _next_number()
    nc.full_clean()
    _by(nc, by).save()
    return nc


def _finding_place(finding):
    """The unit, process and clause of a finding, from its question and audit."""
    question = finding.question
    audit = question.audit
    unit = question.unit or audit.units.order_by("path").first()
    process = None
    if question.source == "process" and question.source_id:
        process = audit.processes.filter(pk=question.source_id).first()
    if process is None:
        process = audit.processes.filter(unit=unit).first() or audit.processes.first()
    # A question written from a process card or a KPI names no clause: the audit's
    # criteria do (its first clause in scope).
    clause = question.clause or audit.clauses.order_by("order").first()
    return unit, process, clause


@transaction.atomic
def from_finding(*, finding, by=None) -> Nonconformity:
    """The nonconformity of an audit finding graded minor or major (created once; a
    second call returns it). Its description is the question and the evidence seen."""
    from sapat.audits.models import Finding

    existing = Nonconformity.objects.filter(finding=finding).first()
    if existing is not None:
        return existing
    if finding.grade not in Finding.NONCONFORMITIES:
        raise ValidationError(_("Only a nonconformity finding opens a nonconformity."))
    if not finding.question.audit.gradings_published:
        raise ValidationError(_("The audit report is not issued yet."))
    if by is not None and not (permissions.may_manage(by)
                               or finding.question.audit.lead_auditor_id == by.pk):
        raise PermissionDenied
    unit, process, clause = _finding_place(finding)
    description = finding.question.text
    if finding.evidence:
        description = f"{description}\n{finding.evidence}"
    nc = Nonconformity(
        source=Nonconformity.Source.AUDIT, finding=finding, unit=unit, process=process,
        clause=clause, description=description, grade=finding.grade,
        reported_by=by or finding.graded_by,
        reported_on=(finding.question.audit.report_issued_at or timezone.now()).date(),
    )
    nc.number = _next_number()
    nc.full_clean(exclude=["finding"])
    _by(nc, by or finding.graded_by).save()
    return nc


def open_for_audit(audit, by=None) -> list[Nonconformity]:
    """Open the nonconformities of every minor or major finding of an issued report, and
    turn every opportunity for improvement into an opportunity of the unit (idempotent)."""
    from sapat.audits.services import nonconformity_findings

    opened = [from_finding(finding=f, by=by) for f in nonconformity_findings(audit=audit)]
    opportunities_for_audit(audit)
    return opened


@transaction.atomic
def opportunity_from_finding(*, finding, by):
    """An opportunity for improvement becomes an opportunity of the unit's passport (the
    one kind risks already has), through the risks services; created once."""
    from sapat.audits.models import Finding
    from sapat.risks import services as risks

    if finding.grade != Finding.Grade.OFI:
        raise ValidationError(_("Only an opportunity for improvement becomes an opportunity."))
    from .models import FindingOpportunity

    found = FindingOpportunity.objects.filter(finding=finding).select_related(
        "opportunity").first()
    if found is not None:
        return found.opportunity
    unit, process, _clause = _finding_place(finding)
    audit = finding.question.audit
    opportunity = risks.opportunity_create(
        by=by, unit=unit, title=finding.question.text[:500], process=process,
        essence=finding.evidence or finding.question.text,
        expected_effect=_("From audit %(audit)s") % {"audit": audit},
    )
    FindingOpportunity.objects.create(finding=finding, opportunity=opportunity)
    return opportunity


def opportunities_for_audit(audit) -> list:
    """Every OFI finding of an issued report, as an opportunity; the QMS office (or a
    superuser) is recorded as its author when a person is needed by the risks services."""
    from sapat.audits.models import Audit, Finding
    from sapat.org.models import Person, Role

    if audit.state not in (Audit.State.REPORTED, Audit.State.CLOSED):
        return []
    findings = list(Finding.objects.filter(
        question__audit=audit, question__archived_at__isnull=True, grade=Finding.Grade.OFI,
    ).select_related("question__audit", "question__clause", "question__unit"))
    if not findings:
        return []
    qms = (Person.objects.filter(roles__role=Role.QMS, is_active=True)
           .order_by("pk").first()
           or Person.objects.filter(is_superuser=True, is_active=True).order_by("pk").first())
    if qms is None:
        return []
    return [opportunity_from_finding(finding=f, by=qms) for f in findings]


@transaction.atomic
def nonconformity_update(*, nc: Nonconformity, by, expected_version: int, **changes):
    if not permissions.may_run(by, nc):
        raise PermissionDenied
    unknown = set(changes) - NC_FIELDS
    if unknown:
        raise TypeError(f"not settable here: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(nc, name, value)
    nc.full_clean(exclude=["finding"])
    save_versioned(_by(nc, by), expected_version)
    return nc


# --- a) correction ----------------------------------------------------------------------


@transaction.atomic
def record_correction(*, nc: Nonconformity, by, text: str, done_by, done_on: datetime.date,
                      text_ru: str = "") -> Correction:
    if not permissions.may_run(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    _require_step(nc, Step.CORRECTION)
    text = _text(text, "text", _("Say what was done at once."))
    if done_by is None:
        raise ValidationError({"done_by": _("Say who did the correction.")})
    if done_on is None or done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Give the date the correction was done "
                                            "(not in the future).")})
    record = Correction(nonconformity=nc, text=text, text_ru=(text_ru or "").strip(),
                        done_by=done_by, done_on=done_on, recorded_by=by)
    _by(record, by).save()
    _move(nc, Step.DECISION, by, _("Correction recorded"))
    return record


# --- b) decision ------------------------------------------------------------------------


@transaction.atomic
def decide_action(*, nc: Nonconformity, by, needed: bool, reason: str,
                  reason_ru: str = "") -> ActionDecision:
    if not permissions.may_run(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    _require_step(nc, Step.DECISION)
    if needed is None:
        raise ValidationError({"needed": _("Decide whether corrective action is needed.")})
    reason = _text(reason, "reason", _("Give the reason for the decision."))
    record = ActionDecision(nonconformity=nc, needed=bool(needed), reason=reason,
                            reason_ru=(reason_ru or "").strip(), recorded_by=by)
    _by(record, by).save()
    _move(nc, Step.CAUSE, by, _("Decision on corrective action recorded"))
    return record


# --- c) root cause ----------------------------------------------------------------------


def find_recurrence(nc: Nonconformity, category: str) -> Nonconformity | None:
    """An earlier nonconformity of the same process with a cause of the same category
    within 12 months before this one: a recurrence."""
    if nc.process_id is None:
        return None
    since = nc.reported_on - relativedelta(months=RECURRENCE_MONTHS)
    return (
        Nonconformity.objects.live()
        .filter(process_id=nc.process_id, cause__category=category,
                reported_on__gte=since, reported_on__lte=nc.reported_on)
        .exclude(pk=nc.pk).order_by("-reported_on", "-pk").first()
    )


@transaction.atomic
def record_cause(*, nc: Nonconformity, by, method: str, category: str, root_cause: str,
                 causes: list[dict], root_cause_ru: str = "") -> CauseAnalysis:
    """`causes`: for 5 whys, each why in order; for categories, each cause with its
    category. Every cause has its evidence."""
    if not permissions.may_run(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    _require_step(nc, Step.CAUSE)
    if method not in CauseAnalysis.Method.values:
        raise ValidationError({"method": _("Choose 5 whys or cause categories.")})
    if category not in CauseCategory.values:
        raise ValidationError({"category": _("Choose the category of the root cause.")})
    root_cause = _text(root_cause, "root_cause", _("State the root cause."))
    rows = [c for c in causes if (c.get("text") or "").strip()]
    if not rows:
        raise ValidationError({"causes": _("Give at least one cause with its evidence.")})
    for row in rows:
        if not (row.get("evidence") or "").strip():
            raise ValidationError({"causes": _("Every cause needs its evidence.")})
        if method == CauseAnalysis.Method.CATEGORIES and row.get("category") not in \
                CauseCategory.values:
            raise ValidationError({"causes": _("Give every cause its category.")})
    analysis = CauseAnalysis(nonconformity=nc, method=method, category=category,
                             root_cause=root_cause, root_cause_ru=(root_cause_ru or "").strip(),
                             recorded_by=by)
    _by(analysis, by).save()
    for i, row in enumerate(rows, 1):
        _by(Cause(analysis=analysis, order=i, category=row.get("category") or "",
                  text=row["text"].strip(), text_ru=(row.get("text_ru") or "").strip(),
                  evidence=row["evidence"].strip()), by).save()
    earlier = find_recurrence(nc, category)
    nc.recurrence_of = earlier
    _move(nc, Step.ACTIONS, by, _("Root cause recorded"), ["recurrence_of"])
    return analysis


# --- d) corrective actions --------------------------------------------------------------


@transaction.atomic
def action_add(*, nc: Nonconformity, by, text: str, due_date: datetime.date,
               people=(), positions=(), text_ru: str = "") -> CorrectiveAction:
    if not permissions.may_run(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    _require_step(nc, Step.ACTIONS)
    if nc.decision.needed is False:
        raise ValidationError(_("The decision says no corrective action is needed."))
    text = _text(text, "text", _("Say what the action is."))
    if due_date is None:
        raise ValidationError({"due_date": _("Give the due date.")})
    people, positions = list(people or ()), list(positions or ())
    if not people and not positions:
        raise ValidationError({"people": _("Name who is responsible.")})
    action = CorrectiveAction(nonconformity=nc, text=text, text_ru=(text_ru or "").strip(),
                              due_date=due_date, created_by=by, round=nc.reopened)
    action.full_clean(exclude=["nonconformity"])
    _by(action, by).save()
    action.responsible_people.set(people)
    action.responsible_positions.set(positions)
    return action


@transaction.atomic
def action_complete(*, action: CorrectiveAction, by, expected_version: int, result: str,
                    evidence=None, on: datetime.date | None = None) -> CorrectiveAction:
    """The responsible person (or the unit's editor) reports the action done, with its
    evidence; when the last open action of the round is done the effectiveness review is
    scheduled."""
    if not permissions.may_complete(by, action):
        raise PermissionDenied
    result = _text(result, "result", _("Say what was done."))
    if not evidence and not action.evidence:
        raise ValidationError({"evidence": _("Attach the evidence of the action.")})
    action.complete(on=on or timezone.localdate(), result=result)
    if evidence:
        action.evidence = evidence
    action.full_clean(exclude=["nonconformity"])
    save_versioned(_by(action, by), expected_version)
    _schedule_review_if_done(action.nonconformity, by)
    return action


@transaction.atomic
def actions_done(*, nc: Nonconformity, by) -> Nonconformity:
    """Move on from d) when no action is needed (the decision said so) or all are done."""
    if not permissions.may_run(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    _require_step(nc, Step.ACTIONS)
    if nc.decision.needed:
        _schedule_review_if_done(nc, by, strict=True)
    else:
        _schedule_review(nc, by)
    return nc


def _schedule_review_if_done(nc: Nonconformity, by, strict: bool = False) -> None:
    nc = Nonconformity.objects.select_for_update().get(pk=nc.pk)
    if nc.state != Step.ACTIONS:
        return
    current = nc.actions.live().filter(round=nc.reopened).exclude(
        status=CorrectiveAction.Status.CANCELLED)
    if not current.exists():
        if strict:
            raise ValidationError(_("Plan at least one corrective action first."))
        return
    if current.open().exists():
        if strict:
            raise ValidationError(_("Some corrective actions are not done yet."))
        return
    _schedule_review(nc, by)


def _schedule_review(nc: Nonconformity, by) -> EffectivenessReview:
    review = EffectivenessReview(
        nonconformity=nc, round=nc.reopened,
        scheduled_for=timezone.localdate() + datetime.timedelta(days=REVIEW_AFTER_DAYS),
        reviewer=_planned_reviewer(nc),
    )
    _by(review, by).save()
    _move(nc, Step.REVIEW, by, _("Actions done: effectiveness review scheduled"))
    return review


def _planned_reviewer(nc):
    last = nc.reviews.exclude(reviewer=None).order_by("-round").first()
    return last.reviewer if last else None


@transaction.atomic
def review_plan(*, review: EffectivenessReview, by, reviewer, scheduled_for) -> EffectivenessReview:
    """The QMS office names who judges effectiveness, and when."""
    if not (permissions.may_manage(by) or may(by, Action.UPDATE, review.nonconformity.unit)):
        raise PermissionDenied
    if review.verdict:
        raise ValidationError(_("The review is judged already."))
    if scheduled_for is None:
        raise ValidationError({"scheduled_for": _("Give the date of the review.")})
    review.reviewer = reviewer
    review.scheduled_for = scheduled_for
    _by(review, by).save()
    return review


# --- e) effectiveness -------------------------------------------------------------------


def current_review(nc: Nonconformity) -> EffectivenessReview | None:
    return nc.reviews.filter(round=nc.reopened).order_by("-pk").first()


@transaction.atomic
def judge(*, nc: Nonconformity, by, verdict: str, reason: str,
          reason_ru: str = "") -> EffectivenessReview:
    """The named reviewer (or the QMS office) judges: effective moves on to the risks;
    ineffective reopens the nonconformity at its actions (a new round)."""
    nc = _locked(nc)
    _require_step(nc, Step.REVIEW)
    review = current_review(nc)
    if not permissions.may_judge(by, nc, review):
        raise PermissionDenied
    if verdict not in (EffectivenessReview.Verdict.EFFECTIVE,
                       EffectivenessReview.Verdict.INEFFECTIVE):
        raise ValidationError({"verdict": _("Judge the action effective or ineffective.")})
    reason = _text(reason, "reason", _("Give the reason for the verdict."))
    review.verdict, review.reason = verdict, reason
    review.reason_ru = (reason_ru or "").strip()
    review.judged_by, review.judged_at = by, timezone.now()
    if review.reviewer_id is None:
        review.reviewer = by
    _by(review, by).save()
    if verdict == EffectivenessReview.Verdict.EFFECTIVE:
        _move(nc, Step.RISKS, by, _("Judged effective"))
    else:
        nc.reopened += 1
        _move(nc, Step.ACTIONS, by, _("Judged ineffective: reopened"), ["reopened"])
    return review


def kpi_values(nc: Nonconformity) -> dict | None:
    """The tied KPI's values before the nonconformity and after its actions were done."""
    if nc.indicator_id is None:
        return None
    from sapat.processes.kpi_status import BADGE, status_of
    from sapat.processes.models import Measurement

    done = (nc.actions.live().filter(status=CorrectiveAction.Status.DONE)
            .aggregate(d=Max("completed_on"))["d"])
    rows = list(Measurement.objects.filter(indicator_id=nc.indicator_id, unit_id=nc.unit_id)
                .select_related("period").order_by("period__start"))
    if not rows:
        rows = list(Measurement.objects.filter(indicator_id=nc.indicator_id)
                    .select_related("period").order_by("period__start"))
    before = [m for m in rows if m.period.start <= nc.reported_on]
    after = [m for m in rows if done and m.period.end >= done]
    for m in rows:
        m.badge = BADGE[status_of(nc.indicator, m.value)]
    return {"indicator": nc.indicator, "before": before[-3:], "after": after[:3]}


# --- f) risks and opportunities ---------------------------------------------------------


@transaction.atomic
def decide_risks(*, nc: Nonconformity, by, kind: str, reason: str, risk=None,
                 likelihood: int | None = None, consequences: int | None = None,
                 title: str = "", reason_ru: str = "") -> RiskDecision:
    """Re-assess a named risk (a new assessment in its history), add a risk to the
    unit's passport, or no change with a reason — through the risks services."""
    from sapat.risks import services as risks

    if not permissions.may_run(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    _require_step(nc, Step.RISKS)
    reason = _text(reason, "reason", _("Give the reason for the decision."))
    assessment = None
    if kind == RiskDecision.Kind.REASSESS:
        if risk is None:
            raise ValidationError({"risk": _("Choose the risk to re-assess.")})
        if not likelihood or not consequences:
            raise ValidationError({"likelihood": _("Give the new likelihood and consequences.")})
        assessment = risks.risk_reassess(
            risk=risk, by=by, expected_version=risk.version, likelihood=likelihood,
            consequences=consequences, residual_likelihood=risk.residual_likelihood,
            residual_consequences=risk.residual_consequences,
            residual_score=risk.residual_score, reason=f"{nc.code}: {reason}",
        )
    elif kind == RiskDecision.Kind.NEW_RISK:
        title = _text(title, "title", _("Name the new risk."))
        if not likelihood or not consequences:
            raise ValidationError({"likelihood": _("Give the new likelihood and consequences.")})
        risk = risks.risk_create(by=by, unit=nc.unit, title=title, likelihood=likelihood,
                                 consequences=consequences, process=nc.process,
                                 cause=nc.cause.root_cause)
        assessment = risk.assessments.first()
    elif kind == RiskDecision.Kind.NO_CHANGE:
        risk = None
    else:
        raise ValidationError({"kind": _("Choose the decision on risks.")})
    record = RiskDecision(nonconformity=nc, kind=kind, risk=risk, assessment=assessment,
                          reason=reason, reason_ru=(reason_ru or "").strip(), recorded_by=by)
    _by(record, by).save()
    _move(nc, Step.CLOSURE, by, _("Risk decision recorded"))
    return record


# --- closure ----------------------------------------------------------------------------


@transaction.atomic
def close(*, nc: Nonconformity, by) -> Nonconformity:
    """Close: only with a cause, an effective verdict and the risk decision."""
    if not permissions.may_close(by, nc):
        raise PermissionDenied
    nc = _locked(nc)
    missing = []
    if not CauseAnalysis.objects.filter(nonconformity=nc).exists():
        missing.append(_("the root cause"))
    if not nc.reviews.filter(verdict=EffectivenessReview.Verdict.EFFECTIVE,
                             round=nc.reopened).exists():
        missing.append(_("an effective verdict"))
    if not RiskDecision.objects.filter(nonconformity=nc).exists():
        missing.append(_("the risk decision"))
    if missing:
        raise ValidationError(_("It cannot close without %(what)s.") % {
            "what": ", ".join(str(m) for m in missing)})
    _require_step(nc, Step.CLOSURE)
    nc.closed_at, nc.closed_by = timezone.now(), by
    return _move(nc, Step.CLOSED, by, _("Closed"), ["closed_at", "closed_by"])
