"""Risks and opportunities in the units' passports, their measures, re-assessments and
the university register, with the history rows the app keeps for each change.

Levels and bands are never stored (the `scoring` module computes them); the generator
only keeps what the forms would accept: scores 1..5, a residual no higher than the risk
before measures, a completed measure with its completion date, statuses that follow
from the measures as the services move them.
"""
from __future__ import annotations

import copy
import datetime

from sapat.risks import scoring
from sapat.risks.models import Assessment, Measure, Opportunity, Risk, RiskCategory

from . import naming, words
from .world import World

SCORE_WEIGHTS = [10, 25, 35, 20, 10]  # how often a likelihood / consequence is 1..5
REASSESSED_SHARE = 0.3
RESIDUAL_SHARE = 0.35
ARCHIVED_SHARE = 0.02
WITHOUT_MEASURES_SHARE = 0.06
BENCH_STAFF_MEASURES = 15


def build(world: World) -> None:
    units = [world.unit_by_pk[pk] for pk in world.passport_weight]
    weights = list(world.passport_weight.values())
    categories = list(RiskCategory.objects.filter(is_active=True).order_by("order", "pk"))
    risks = _plan_risks(world, units, weights, categories)
    opportunities = _plan_opportunities(world, units, weights)
    measures = _plan_measures(world, risks + opportunities)
    _settle(world, risks, opportunities, measures)
    _escalate(world, risks)
    _give_bench_staff_measures(world, measures)
    _write_risks(world, risks)
    _write_opportunities(world, opportunities)
    _write_measures(world, measures)


# --- Planning (in memory) ------------------------------------------------------------------


def _score(world: World) -> int:
    return world.rng.choices(scoring.SCORES, weights=SCORE_WEIGHTS)[0]


def _process_for(world: World, unit) -> object:
    rng = world.rng
    own = world.processes_of_unit.get(unit.pk) or world.processes_of_unit.get(unit.parent_id)
    if rng.random() < 0.15:
        return None
    return rng.choice(own) if own and rng.random() < 0.7 else rng.choice(world.processes)


def _responsible(world: World, record, unit) -> None:
    """Positions and people of a passport row: mostly the unit's head, often a colleague."""
    rng = world.rng
    post = world.post_of.get(unit.pk)
    record._positions = [post.pk] if post and rng.random() < 0.75 else []
    staff = world.staff_of(unit.pk)
    record._people = [rng.choice(staff)] if staff and rng.random() < 0.35 else []
    if post and rng.random() < 0.15:
        record.responsible_text = post.name  # as written in a regulation-style passport


def _created(world: World) -> datetime.date:
    # More recent records than old ones: passports grow.
    span = 365 * world.scale.years
    return world.today - datetime.timedelta(days=int(world.rng.triangular(7, span, 7)))


def _plan_risks(world: World, units, weights, categories) -> list[Risk]:
    rng = world.rng
    risks = []
    for unit in rng.choices(units, weights=weights, k=world.scale.risks):
        day = _created(world)
        risk = Risk(
            unit=unit, process=_process_for(world, unit),
            category=rng.choice(categories) if categories and rng.random() < 0.9 else None,
            title=naming.risk_title(rng), cause=rng.choice(words.RISK_CAUSES),
            consequences_text=rng.choice(words.RISK_CONSEQUENCES),
            likelihood=_score(world), consequences=_score(world),
            deadline_text=rng.choice(words.RHYTHMS) if rng.random() < 0.5 else "",
            deadline=(day + datetime.timedelta(days=rng.randint(180, 720))
                      if rng.random() < 0.4 else None),
            created_by_id=world.head_of.get(unit.pk), created_at=world.moment(day),
        )
        if rng.random() < RESIDUAL_SHARE:
            risk.residual_likelihood = rng.randint(1, risk.likelihood)
            risk.residual_consequences = rng.randint(1, risk.consequences)
        _responsible(world, risk, unit)
        risk._assessments = _assessments(world, risk, day)
        last = risk._assessments[-1][0].date()
        risk.next_review = last + datetime.timedelta(days=rng.choice([180, 365, 365]))
        if rng.random() < ARCHIVED_SHARE:
            risk.archived_at = world.moment(world.day_between(last, world.today))
        risks.append(risk)
    return risks


def _assessments(world: World, risk: Risk, created: datetime.date) -> list[tuple]:
    """(when, likelihood, consequences, by, reason) from the first assessment to now.

    The risk's own scores are the last ones; earlier ones were mostly higher (measures
    brought the risk down), one step on one axis at a time.
    """
    rng = world.rng
    states = [(risk.likelihood, risk.consequences)]
    days_left = (world.today - created).days
    count = rng.choice([1, 1, 2, 3]) if days_left > 90 and rng.random() < REASSESSED_SHARE \
        else 0
    for _ in range(count):
        lk, c = states[0]
        if rng.random() < 0.5:
            lk = min(5, lk + 1) if rng.random() < 0.75 or lk == 1 else lk - 1
        else:
            c = min(5, c + 1) if rng.random() < 0.75 or c == 1 else c - 1
        if (lk, c) == states[0]:
            lk = lk - 1 if lk > 1 else lk + 1
        states.insert(0, (lk, c))
    days = sorted(rng.sample(range(30, days_left), k=count)) if count else []
    head = world.head_of.get(risk.unit.pk)
    result = [(risk.created_at, *states[0], risk.created_by_id, words.FIRST_ASSESSMENT)]
    for day, (lk, c) in zip(days, states[1:], strict=True):
        when = world.moment(created + datetime.timedelta(days=day))
        result.append((when, lk, c, head, rng.choice(words.REASSESSMENT_REASONS)))
    return result


def _plan_opportunities(world: World, units, weights) -> list[Opportunity]:
    rng = world.rng
    opportunities = []
    for unit in rng.choices(units, weights=weights, k=world.scale.opportunities):
        day = _created(world)
        opp = Opportunity(
            unit=unit, process=_process_for(world, unit), title=rng.choice(words.OPPORTUNITIES),
            essence=rng.choice(words.OPPORTUNITY_ESSENCES),
            expected_effect=rng.choice(words.OPPORTUNITY_EFFECTS),
            deadline_text=rng.choice(words.RHYTHMS) if rng.random() < 0.5 else "",
            benefit=rng.randint(2, 5) if rng.random() < 0.6 else None,
            created_by_id=world.head_of.get(unit.pk), created_at=world.moment(day),
        )
        opp.feasibility = rng.randint(1, 5) if opp.benefit else None
        _responsible(world, opp, unit)
        if rng.random() < ARCHIVED_SHARE:
            opp.archived_at = world.moment(world.day_between(day, world.today))
        opportunities.append(opp)
    return opportunities


def _plan_measures(world: World, owners: list) -> list[Measure]:
    """Exactly `scale.measures` measures: one or more per record, a few records without."""
    rng, today = world.rng, world.today
    counts = [0 if rng.random() < WITHOUT_MEASURES_SHARE else 1 for _ in owners]
    with_some = [i for i, n in enumerate(counts) if n]
    extra = world.scale.measures - sum(counts)
    for i in rng.choices(with_some, k=max(0, extra)):
        counts[i] += 1
    measures = []
    for owner, count in zip(owners, counts, strict=True):
        start = owner.created_at.date()
        unit = owner.unit
        for _ in range(count):
            created = world.day_between(start, min(today, start + datetime.timedelta(days=60)))
            due = created + datetime.timedelta(days=rng.randint(30, 540))
            m = Measure(
                text=rng.choice(words.MEASURES), due_date=due,
                rhythm_text=rng.choice(words.RHYTHMS) if rng.random() < 0.2 else "",
                created_by_id=world.head_of.get(unit.pk), created_at=world.moment(created),
                archived_at=owner.archived_at,
            )
            # The owner has no primary key yet; bulk_create takes it from the object.
            if isinstance(owner, Risk):
                m.risk = owner
            else:
                m.opportunity = owner
            m._owner = owner
            _progress(world, m, created, due)
            _responsible(world, m, unit)
            m.responsible_text = ""
            if not m._people and world.staff_of(unit.pk) and rng.random() < 0.7:
                m._people = [rng.choice(world.staff_of(unit.pk))]
            measures.append(m)
    return measures


def _progress(world: World, m: Measure, created: datetime.date, due: datetime.date) -> None:
    """Done (with its date and result), cancelled, or still open — some of them overdue."""
    rng, today = world.rng, world.today
    roll = rng.random()
    if due < today:
        if roll < 0.8:
            start = max(created, due - datetime.timedelta(days=60))
            m.complete(on=world.day_between(start, min(today, due + datetime.timedelta(days=20))),
                       result=rng.choice(words.MEASURE_RESULTS))
        elif roll < 0.85:
            m.cancel()
        elif roll < 0.93:
            m.start()
    elif roll < 0.12:
        m.complete(on=world.day_between(created, today), result=rng.choice(words.MEASURE_RESULTS))
    elif roll < 0.55:
        m.start()


def _settle(world: World, risks, opportunities, measures) -> None:
    """Statuses as the services leave them: a measure puts a risk under treatment; when
    every measure is closed it is monitored (or closed); an opportunity whose measures
    are all done is completed with a result."""
    rng = world.rng
    of: dict[int, list[Measure]] = {}
    for m in measures:
        of.setdefault(id(m._owner), []).append(m)
    for risk in risks:
        mine = of.get(id(risk), [])
        if not mine:
            risk.mark_assessed() if rng.random() < 0.8 else risk.reopen()
        elif any(m.is_open for m in mine):
            risk.start_treatment()
        elif rng.random() < 0.7:
            risk.start_monitoring()
        else:
            risk.close()
    for opp in opportunities:
        mine = of.get(id(opp), [])
        if mine and all(m.status == Measure.Status.DONE for m in mine):
            opp.complete(rng.choices(["positive", "medium", "negative"], weights=[60, 25, 15])[0])
        elif rng.random() < 0.2:
            opp.result = Opportunity.Result.MEDIUM


def _escalate(world: World, risks: list[Risk]) -> None:
    """The university register: high risks from across the units, numbered 1..N by level,
    with the benchmark head's department among them."""
    rng = world.rng
    live = [r for r in risks if r.archived_at is None]
    high = [r for r in live if r.likelihood * r.consequences >= 11]
    chosen = rng.sample(high, k=min(world.scale.escalated, len(high)))
    bench_unit = world.bench["head"][0]
    if chosen and not any(r.unit is bench_unit for r in chosen):
        own = [r for r in live if r.unit is bench_unit and r not in chosen]
        if own:
            chosen[-1] = max(own, key=lambda r: r.likelihood * r.consequences)
    chosen.sort(key=lambda r: -(r.likelihood * r.consequences))
    for number, risk in enumerate(chosen, start=1):
        risk.escalate(number)
        if risk.residual_likelihood is None:
            # The register gives the residual risk as a level alone (Appendix 4).
            risk.residual_score = rng.randint(2, max(2, risk.likelihood * risk.consequences // 2))


def _give_bench_staff_measures(world: World, measures: list[Measure]) -> None:
    """The benchmark employee answers for a realistic list, a few of them overdue."""
    person, unit = world.bench["staff"][2], world.bench["staff"][0]
    mine = [m for m in measures if m.archived_at is None and m._owner.unit is unit]
    overdue = [m for m in mine if m.is_overdue_on(world.today)][:4]
    rest = [m for m in mine if m not in overdue]
    for m in overdue + rest[:BENCH_STAFF_MEASURES - len(overdue)]:
        m._people = [person.pk]


# --- Writing -------------------------------------------------------------------------------


def _m2m_rows(records, attr: str) -> list[tuple[int, int]]:
    return [(r.pk, pk) for r in records for pk in getattr(r, attr)]


def _write_risks(world: World, risks: list[Risk]) -> None:
    world.write.create(Risk, risks, history=False)
    # The history starts with the first assessment; each re-assessment adds a change.
    entries = []
    for r in risks:
        first = copy.copy(r)
        _when, first.likelihood, first.consequences, _by, _reason = r._assessments[0]
        first.status = Risk.Status.ASSESSED
        first.archived_at, first.escalated, first.register_number = None, False, None
        entries.append((first, "+", r.created_at, r.created_by_id, ""))
        for when, lk, c, by, reason in r._assessments[1:]:
            change = copy.copy(r)
            change.likelihood, change.consequences, change.archived_at = lk, c, None
            entries.append((change, "~", when, by, reason))
        if r.archived_at:
            entries.append((r, "~", r.archived_at, world.head_of.get(r.unit.pk), ""))
    world.write.history(Risk, entries)
    world.write.through(Risk.responsible_positions, _m2m_rows(risks, "_positions"))
    world.write.through(Risk.responsible_people, _m2m_rows(risks, "_people"))

    assessments = []
    for r in risks:
        previous = None
        residual = (r.residual_likelihood, r.residual_consequences, r.residual_score)
        for when, lk, c, by, reason in r._assessments:
            old = previous or (None, None)
            assessments.append(Assessment(
                risk=r, by_id=by, at=when, reason=reason,
                old_likelihood=old[0], old_consequences=old[1],
                old_residual_likelihood=residual[0] if previous else None,
                old_residual_consequences=residual[1] if previous else None,
                old_residual_score=residual[2] if previous else None,
                new_likelihood=lk, new_consequences=c, new_residual_likelihood=residual[0],
                new_residual_consequences=residual[1], new_residual_score=residual[2],
            ))
            previous = (lk, c)
    world.write.create(Assessment, assessments, history=False)


def _write_opportunities(world: World, opportunities: list[Opportunity]) -> None:
    world.write.create(Opportunity, opportunities, when=lambda o: o.created_at,
                       by=lambda o: o.created_by_id)
    world.write.through(Opportunity.responsible_positions, _m2m_rows(opportunities, "_positions"))
    world.write.through(Opportunity.responsible_people, _m2m_rows(opportunities, "_people"))


def _write_measures(world: World, measures: list[Measure]) -> None:
    world.write.create(Measure, measures, history=False)
    entries = []
    for m in measures:
        planned = copy.copy(m)
        planned.status, planned.completed_on, planned.result = Measure.Status.PLANNED, None, ""
        planned.archived_at = None
        entries.append((planned, "+", m.created_at, m.created_by_id, ""))
        if m.status != Measure.Status.PLANNED or m.archived_at:
            if m.completed_on:
                day = m.completed_on
            else:
                day = world.day_between(m.created_at.date(), min(world.today, m.due_date))
            by = m._people[0] if m._people else m.created_by_id
            entries.append((m, "~", max(m.created_at, world.moment(day)), by, ""))
    world.write.history(Measure, entries)
    world.write.through(Measure.responsible_positions, _m2m_rows(measures, "_positions"))
    world.write.through(Measure.responsible_people, _m2m_rows(measures, "_people"))
