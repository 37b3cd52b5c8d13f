"""Workflows on risks, opportunities and measures: each checks permission, validates, and
writes everything or nothing.

Updates take the version the editor loaded (`expected_version`); a save over someone
else's newer change raises `sapat.lib.locking.StaleRecord` and writes nothing.
"""
from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.lib.locking import one_at_a_time, related_differ, save_versioned
from sapat.org.access import Action, require
from sapat.org.models import Person, Position, Unit

from . import permissions
from .models import Assessment, Measure, Opportunity, Risk

SCORE_FIELDS = (
    "likelihood", "consequences", "residual_likelihood", "residual_consequences",
    "residual_score",
)
# Fields a service may set from a form; status, escalation and ownership have their own paths.
RISK_FIELDS = frozenset({
    "process", "category", "title", "cause", "consequences_text", "likelihood",
    "consequences", "responsible_text", "measures_text", "deadline_text", "deadline",
    "residual_likelihood", "residual_consequences", "residual_score", "next_review",
    "inputs", "outputs", "indicators_text", "process_goal", *Risk.translation_fields(),
})
OPPORTUNITY_FIELDS = frozenset({
    "process", "title", "essence", "expected_effect", "responsible_text", "measures_text",
    "deadline_text", "benefit", "feasibility", "inputs", "outputs", "indicators_text",
    *Opportunity.translation_fields(),
})
MEASURE_FIELDS = frozenset({"text", "due_date", "rhythm_text", "responsible_text",
                            *Measure.translation_fields()})
MEASURE_PROGRESS_FIELDS = frozenset({"result", "evidence"})


def _check_fields(changes: dict, allowed: frozenset) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"not settable here: {', '.join(sorted(unknown))}")


def _by(instance, by: Person | None):
    # simple-history records who made the change even outside a request.
    instance._history_user = by
    return instance


def _responsible_differ(instance, positions, people) -> bool:
    return related_differ(
        instance, {"responsible_positions": positions, "responsible_people": people})


def _set_responsible(instance, positions, people) -> None:
    if positions is not None:
        instance.responsible_positions.set(positions)
    if people is not None:
        instance.responsible_people.set(people)


# Check constraints that repeat a rule the model already applies before the database is
# asked: the scores' field validators (1..5) and Measure.clean() (one owner). Asking the
# database as well costs a savepoint and a query per save and tells nothing new; the
# database still enforces them on the write itself. tests/test_full_clean.py keeps each
# pair in step.
CHECKED_BY_THE_MODEL = frozenset({"risk_scores_1_5", "measure_belongs_to_exactly_one"})
# Constraints on fields only one service writes, which checks them itself: register numbers
# are given by `risk_escalate` alone (a form or an import never sets them).
CHECKED_BY_THE_SERVICES = frozenset({"one_live_risk_per_register_number"})


def _loaded(field, record) -> bool:
    """Is the related record of `field` an object read from the database?"""
    if not field.is_cached(record):
        return False
    related = field.get_cached_value(record)
    return related is not None and related.pk is not None and not related._state.adding


def _full_clean(record) -> None:
    """`record.full_clean()` without the queries whose answer is already known.

    Every caller passes related records (unit, process, category, the person) as objects
    it has just read from the database, so asking once more whether each exists costs a
    query apiece and tells nothing new; the database's foreign keys still refuse one
    deleted in between. A related record given only by its id is checked as Django
    checks it. Constraints in CHECKED_BY_THE_MODEL are not asked of the database twice.
    Every other rule runs as in `full_clean()`, and all errors come back together.
    """
    known = {
        f.name for f in record._meta.concrete_fields
        if f.many_to_one and not f.validators and not f.get_limit_choices_to()
        and _loaded(f, record)
    }
    errors: dict = {}
    for check in (lambda: record.clean_fields(exclude=known), record.clean):
        try:
            check()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    # As in full_clean(): a field with an error is left out of the later checks.
    failed = set(errors) - {NON_FIELD_ERRORS}
    try:
        record.validate_unique(exclude=failed)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    others = [
        c for _model, constraints in record.get_constraints() for c in constraints
        if c.name not in CHECKED_BY_THE_MODEL | CHECKED_BY_THE_SERVICES
    ]
    if others:
        try:
            record.validate_constraints(exclude=set(errors) - {NON_FIELD_ERRORS})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@functools.cache
def _history(model):
    """The model's history manager; simple-history builds a new class on every access."""
    return model.history


def _insert(record, by: Person | None, positions, people) -> None:
    """Insert a new record with its responsible positions and people, and one history
    row that holds both lists.

    Saving and then `.set()`-ing the lists writes three history rows (created, changed,
    changed) and reads both through tables after each; here the same rows are written
    in one bulk insert per table.
    """
    model = type(record)
    record.skip_history_when_saving = True
    try:
        _by(record, by).save()
    finally:
        del record.skip_history_when_saving
    written = {}
    for name, targets in (("responsible_positions", positions), ("responsible_people", people)):
        if not targets:
            continue
        field = model._meta.get_field(name)
        through = field.remote_field.through
        own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        # A set, as `.set()` makes it: each target once, in the order given.
        ids = dict.fromkeys(getattr(t, "pk", t) for t in targets)
        written[name] = through.objects.bulk_create(
            [through(**{own: record.pk, other: pk}) for pk in ids]
        )
    manager = _history(model)
    history = manager.bulk_history_create([record])
    if not history:  # history switched off (SIMPLE_HISTORY_ENABLED = False)
        return
    for name, rows in written.items():
        m2m_history = getattr(manager.model, name).model
        names = [f.attname for f in rows[0]._meta.concrete_fields]
        m2m_history.objects.bulk_create([
            m2m_history(history=history[0], **{n: getattr(row, n) for n in names}) for row in rows
        ])


def _scores(risk: Risk) -> dict:
    return {name: getattr(risk, name) for name in SCORE_FIELDS}


def _record_assessment(risk: Risk, before: dict | None, by, reason: str) -> Assessment:
    old = before or {}
    return Assessment.objects.create(
        risk=risk, by=by, at=timezone.now(), reason=reason,
        old_likelihood=old.get("likelihood"), old_consequences=old.get("consequences"),
        old_residual_likelihood=old.get("residual_likelihood"),
        old_residual_consequences=old.get("residual_consequences"),
        old_residual_score=old.get("residual_score"),
        new_likelihood=risk.likelihood, new_consequences=risk.consequences,
        new_residual_likelihood=risk.residual_likelihood,
        new_residual_consequences=risk.residual_consequences,
        new_residual_score=risk.residual_score,
    )


# --- Risks ---------------------------------------------------------------------------------


@transaction.atomic
def risk_create(
    *, by: Person, unit: Unit, title: str, likelihood: int, consequences: int,
    positions: Iterable[Position] | None = None, people: Iterable[Person] | None = None,
    **fields,
) -> Risk:
    """Add a risk to `unit`'s passport; its first assessment starts the trend."""
    require(by, Action.CREATE, unit)
    _check_fields(fields, RISK_FIELDS)
    risk = Risk(unit=unit, title=title, likelihood=likelihood, consequences=consequences,
                created_by=by, **fields)
    _full_clean(risk)
    if likelihood and consequences:
        risk.mark_assessed()
    _insert(risk, by, positions, people)
    _record_assessment(risk, None, by, _("First assessment"))
    return risk


@transaction.atomic
def risk_update(
    *, risk: Risk, by: Person, expected_version: int,
    positions: Iterable[Position] | None = None, people: Iterable[Person] | None = None,
    reason: str = "", **changes,
) -> Risk:
    """Change a risk; a change of any score is kept as a re-assessment."""
    require(by, Action.UPDATE, risk.unit)
    _check_fields(changes, RISK_FIELDS)
    before = Risk.objects.filter(pk=risk.pk).values(*SCORE_FIELDS).get()
    for name, value in changes.items():
        setattr(risk, name, value)
    _full_clean(risk)
    save_versioned(_by(risk, by), expected_version,
                   related_changed=_responsible_differ(risk, positions, people))
    _set_responsible(risk, positions, people)
    if _scores(risk) != before:
        _record_assessment(risk, before, by, reason)
    return risk


@transaction.atomic
def risk_reassess(
    *, risk: Risk, by: Person, expected_version: int, likelihood: int, consequences: int,
    residual_likelihood: int | None = None, residual_consequences: int | None = None,
    residual_score: int | None = None, reason: str,
) -> Assessment:
    """Score a risk again, with the reason; the assessment is kept for the trend."""
    require(by, Action.UPDATE, risk.unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the risk is re-assessed.")})
    before = Risk.objects.filter(pk=risk.pk).values(*SCORE_FIELDS).get()
    risk.likelihood, risk.consequences = likelihood, consequences
    risk.residual_likelihood, risk.residual_consequences = (
        residual_likelihood, residual_consequences
    )
    risk.residual_score = residual_score
    if risk.status == Risk.Status.IDENTIFIED:
        risk.mark_assessed()
    _full_clean(risk)
    save_versioned(_by(risk, by), expected_version)
    return _record_assessment(risk, before, by, reason.strip())


@transaction.atomic
def risk_set_status(*, risk: Risk, by: Person, status: str) -> Risk:
    """Move a risk along its life: assessed, treated, monitored, closed, or reopened."""
    require(by, Action.UPDATE, risk.unit)
    moves = {
        Risk.Status.ASSESSED: risk.mark_assessed, Risk.Status.TREATING: risk.start_treatment,
        Risk.Status.MONITORED: risk.start_monitoring, Risk.Status.CLOSED: risk.close,
        Risk.Status.IDENTIFIED: risk.reopen,
    }
    if status not in moves:
        raise ValidationError({"status": _("Unknown status.")})
    moves[status]()
    _by(risk, by).save_state(["status"])
    return risk


@transaction.atomic
def risk_archive(*, risk: Risk, by: Person) -> Risk:
    """Archive (soft-delete) a risk with its measures; history is kept, counts stay right."""
    require(by, Action.DELETE, risk.unit)
    for measure in risk.measures.live():
        _by(measure, by).archive()
    if risk.escalated:
        risk.deescalate()
        _by(risk, by).save_state(["escalated", "register_number"])
    _by(risk, by).archive()
    return risk


@transaction.atomic
def risk_restore(*, risk: Risk, by: Person) -> Risk:
    """Bring an archived risk back into its passport, with the measures archived with it
    (the QMS office's call, as the archive dialog promises). It comes back not escalated."""
    from sapat.org.access import may_configure

    if not may_configure(by):
        raise PermissionDenied
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    return _restore_with_measures(risk, by)


def _restore_with_measures(owner, by: Person):
    if owner.archived_at is None:
        return owner
    # The measures archived a moment before their risk or opportunity, in one transaction.
    window = (owner.archived_at - datetime.timedelta(seconds=5), owner.archived_at)
    for measure in owner.measures.archived().filter(archived_at__range=window):
        _by(measure, by).restore()
    _by(owner, by).restore()
    return owner


@transaction.atomic
def opportunity_restore(*, opportunity: Opportunity, by: Person) -> Opportunity:
    """Bring an archived opportunity back, with the measures archived with it (the QMS
    office's call, as for risks)."""
    from sapat.org.access import may_configure

    if not may_configure(by):
        raise PermissionDenied
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    return _restore_with_measures(opportunity, by)


@transaction.atomic
def risk_escalate(*, risk: Risk, by: Person, number: int | None = None) -> Risk:
    """Put a risk in the university register (QMS office only), with its number there.

    Without a number, the next after the highest. Escalations take their turn
    (`one_at_a_time`), so two at the same moment do not pick the same number; the
    database still keeps a number for one live risk (one_live_risk_per_register_number),
    and a number it refuses as taken gets the same message as one found taken here.
    """
    permissions.require_escalate(by)
    one_at_a_time("university register numbers")
    taken = Risk.objects.live().escalated().exclude(pk=risk.pk)
    if number is None:
        number = (taken.aggregate(n=Max("register_number"))["n"] or 0) + 1
    elif number < 1:
        raise ValidationError({"register_number": _("The number must be 1 or more.")})
    already_used = ValidationError({
        "register_number": _("Number %(n)s is already used in the register.") % {"n": number}
    })
    if taken.filter(register_number=number).exists():
        raise already_used
    before = (risk.escalated, risk.register_number)
    risk.escalate(number)
    try:
        with transaction.atomic():  # a savepoint: the refusal leaves the rest intact
            _by(risk, by).save_state(["escalated", "register_number"])
    except IntegrityError:
        risk.escalated, risk.register_number = before
        if taken.filter(register_number=number).exists():
            raise already_used from None
        raise  # refused for another reason: the request fails whole, as any other
    return risk


@transaction.atomic
def risk_deescalate(*, risk: Risk, by: Person) -> Risk:
    """Take a risk out of the university register (QMS office only); it stays in its passport."""
    permissions.require_escalate(by)
    risk.deescalate()
    _by(risk, by).save_state(["escalated", "register_number"])
    return risk


# --- Opportunities -------------------------------------------------------------------------


@transaction.atomic
def opportunity_create(
    *, by: Person, unit: Unit, title: str,
    positions: Iterable[Position] | None = None, people: Iterable[Person] | None = None,
    **fields,
) -> Opportunity:
    require(by, Action.CREATE, unit)
    _check_fields(fields, OPPORTUNITY_FIELDS)
    opp = Opportunity(unit=unit, title=title, created_by=by, **fields)
    _full_clean(opp)
    _insert(opp, by, positions, people)
    return opp


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, by: Person, expected_version: int,
    positions: Iterable[Position] | None = None, people: Iterable[Person] | None = None,
    **changes,
) -> Opportunity:
    require(by, Action.UPDATE, opportunity.unit)
    _check_fields(changes, OPPORTUNITY_FIELDS)
    for name, value in changes.items():
        setattr(opportunity, name, value)
    _full_clean(opportunity)
    save_versioned(_by(opportunity, by), expected_version,
                   related_changed=_responsible_differ(opportunity, positions, people))
    _set_responsible(opportunity, positions, people)
    return opportunity


@transaction.atomic
def opportunity_set_mark(
    *, opportunity: Opportunity, by: Person, status: str, result: str = ""
) -> Opportunity:
    """Set the completion mark and result («Аяктады / Оң натыйжа»)."""
    require(by, Action.UPDATE, opportunity.unit)
    if result not in Opportunity.Result.values:
        raise ValidationError({"result": _("Unknown result.")})
    if status == Opportunity.Status.COMPLETED:
        opportunity.complete(result)
    elif status == Opportunity.Status.IN_PROGRESS:
        opportunity.resume()
        opportunity.result = result
    else:
        raise ValidationError({"status": _("Unknown completion mark.")})
    _by(opportunity, by).save_state(["status", "result"])
    return opportunity


@transaction.atomic
def opportunity_archive(*, opportunity: Opportunity, by: Person) -> Opportunity:
    require(by, Action.DELETE, opportunity.unit)
    for measure in opportunity.measures.live():
        _by(measure, by).archive()
    _by(opportunity, by).archive()
    return opportunity


# --- Measures ------------------------------------------------------------------------------


@transaction.atomic
def measure_create(
    *, by: Person, text: str, risk: Risk | None = None, opportunity: Opportunity | None = None,
    positions: Iterable[Position] | None = None, people: Iterable[Person] | None = None,
    **fields,
) -> Measure:
    """Add a measure to a risk or an opportunity (exactly one)."""
    owner = risk or opportunity
    if owner is None or (risk is not None and opportunity is not None):
        raise ValidationError(_("A measure belongs to exactly one risk or opportunity."))
    require(by, Action.UPDATE, owner.unit)
    _check_fields(fields, MEASURE_FIELDS)
    measure = Measure(risk=risk, opportunity=opportunity, text=text, created_by=by, **fields)
    _full_clean(measure)
    _insert(measure, by, positions, people)
    if risk is not None and risk.status in (Risk.Status.IDENTIFIED, Risk.Status.ASSESSED):
        risk.start_treatment()
        _by(risk, by).save_state(["status"])
    return measure


@transaction.atomic
def measure_update(
    *, measure: Measure, by: Person, expected_version: int,
    positions: Iterable[Position] | None = None, people: Iterable[Person] | None = None,
    **changes,
) -> Measure:
    """Edit a measure. Unit editors change anything; responsible people only the progress."""
    if permissions.may_edit_measure(by, measure):
        allowed = MEASURE_FIELDS | MEASURE_PROGRESS_FIELDS
    elif permissions.is_responsible_for(by, measure):
        allowed = MEASURE_PROGRESS_FIELDS
        if positions is not None or people is not None:
            raise PermissionDenied
    else:
        require(by, Action.UPDATE, measure.access_unit)
        raise PermissionDenied
    if set(changes) - allowed:
        raise PermissionDenied
    for name, value in changes.items():
        setattr(measure, name, value)
    _full_clean(measure)
    save_versioned(_by(measure, by), expected_version,
                   related_changed=_responsible_differ(measure, positions, people))
    _set_responsible(measure, positions, people)
    return measure


def _require_progress(by, measure: Measure) -> None:
    if not permissions.may_progress_measure(by, measure):
        require(by, Action.UPDATE, measure.access_unit)
        raise PermissionDenied


@transaction.atomic
def measure_complete(
    *, measure: Measure, by: Person, expected_version: int,
    on: datetime.date | None = None, result: str = "", evidence=None,
) -> Measure:
    """Mark a measure done on a date, with its result and optional evidence file."""
    _require_progress(by, measure)
    measure.complete(on=on or timezone.localdate(), result=result)
    if evidence:
        measure.evidence = evidence
    _full_clean(measure)
    save_versioned(_by(measure, by), expected_version)
    return measure


@transaction.atomic
def measure_set_status(
    *, measure: Measure, by: Person, expected_version: int, status: str
) -> Measure:
    """Start, cancel or reopen a measure (completion has `measure_complete`)."""
    _require_progress(by, measure)
    moves = {
        Measure.Status.IN_PROGRESS: measure.start, Measure.Status.CANCELLED: measure.cancel,
        Measure.Status.PLANNED: measure.reopen,
    }
    if status not in moves:
        raise ValidationError({"status": _("Unknown status.")})
    moves[status]()
    _full_clean(measure)
    save_versioned(_by(measure, by), expected_version)
    return measure


@transaction.atomic
def measure_archive(*, measure: Measure, by: Person) -> Measure:
    if not permissions.may_edit_measure(by, measure):
        require(by, Action.DELETE, measure.access_unit)
        raise PermissionDenied
    _by(measure, by).archive()
    return measure
