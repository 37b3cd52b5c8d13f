"""Nonconformities of a generated university (regulation §8.4): one for every minor or
major finding of the generated audits' issued reports (`audits.services.
nonconformity_findings`), plus `extra` from complaints, red KPIs, reviews and staff, each
taken as far along its steps as its age suggests — older ones mostly closed, a few judged
ineffective and reopened. Written in bulk with dated history rows, like the rest of the
generator, and deterministic for a seed."""

from __future__ import annotations

import datetime

from django.db.models import Max

from sapat.improvement.models import (
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

from .world import World

SOURCES = ["complaint", "kpi", "review", "other"]
CATEGORIES = list(CauseCategory.values)
TEXTS = [
    ("Окуу программасында баалоо критерийлери жок.",
     "В учебной программе нет критериев оценивания."),
    ("Көрсөткүчтүн маанилери талданган эмес.", "Значения показателя не анализировались."),
    ("Жобонун акыркы редакциясы бекитилген эмес.",
     "Последняя редакция положения не утверждена."),
    ("Студенттердин арызына мөөнөтүндө жооп берилген эмес.",
     "На обращение студентов не ответили в срок."),
    ("Жабдуунун текшерүү журналы толтурулган эмес.", "Журнал проверки оборудования не заполнен."),
]


def _findings():
    from sapat.audits.services import nonconformity_findings

    return list(nonconformity_findings().filter(nonconformity__isnull=True)
                .prefetch_related("question__audit__units", "question__audit__processes"))


def _target_step(world: World, age_days: int) -> str:
    rng = world.rng
    if age_days > 240:
        return Step.CLOSED if rng.random() < 0.93 else rng.choice([Step.ACTIONS, Step.REVIEW])
    if age_days > 90:
        return rng.choice([Step.ACTIONS, Step.REVIEW, Step.RISKS, Step.CLOSURE, Step.CLOSED,
                           Step.CLOSED])
    return rng.choice([Step.CORRECTION, Step.DECISION, Step.CAUSE, Step.ACTIONS,
                       Step.ACTIONS, Step.REVIEW])


def build(world: World, extra: int = 0) -> None:
    """Nonconformities for the audits' findings and `extra` from other sources."""
    rng = world.rng
    today = world.today
    units = [world.unit_by_pk[pk] for pk in world.passport_weight] or world.units
    number = (Nonconformity.objects.aggregate(n=Max("number"))["n"] or 0)
    planned = []
    for finding in _findings():
        question = finding.question
        audit = question.audit
        audit_units = list(audit.units.all())
        unit = question.unit or (audit_units[0] if audit_units else world.university)
        processes = list(audit.processes.all())
        day = (audit.report_issued_at.date() if audit.report_issued_at else audit.planned_end)
        number += 1
        planned.append(Nonconformity(
            number=number, source="audit", finding=finding, unit=unit,
            process=processes[0] if processes else None, clause_id=question.clause_id,
            description=question.text[:2000], grade=finding.grade, reported_on=day,
            reported_by_id=audit.lead_auditor_id))
    span = max(1, 365 * 5)
    for _i in range(extra):
        unit = rng.choice(units)
        own = world.processes_of_unit.get(unit.pk) or world.processes
        ky, ru = rng.choice(TEXTS)
        number += 1
        planned.append(Nonconformity(
            number=number, source=rng.choice(SOURCES), unit=unit,
            process=rng.choice(own) if own else None, description=ky, description_ru=ru,
            grade="major" if rng.random() < 0.15 else "minor",
            reported_on=today - datetime.timedelta(days=rng.randrange(0, span)),
            reported_by_id=world.head_of.get(unit.pk) or world.rector_id))
    if not planned:
        return
    _write(world, planned)


def _write(world: World, ncs: list[Nonconformity]) -> None:
    rng, today = world.rng, world.today
    order = list(Step.values)
    steps = {}
    for nc in ncs:
        target = _target_step(world, (today - nc.reported_on).days)
        nc.state = target
        steps[nc.number] = order.index(target)
        if target == Step.CLOSED:
            nc.closed_at = world.moment(min(today, nc.reported_on + datetime.timedelta(
                days=rng.randrange(30, 200))))
            nc.closed_by_id = world.rector_id
    world.write.create(Nonconformity, ncs, when=lambda n: world.moment(n.reported_on),
                       by=lambda n: n.reported_by_id)
    corrections, decisions, analyses, actions, reviews, decisions_f = [], [], [], [], [], []
    by_analysis = []
    for nc in ncs:
        reached = steps[nc.number]
        person = world.head_of.get(nc.unit_id) or nc.reported_by_id or world.rector_id
        staff = (world.people_of.get(nc.unit_id) or [person])[-1]
        day = nc.reported_on
        when = world.moment(day)
        if reached > order.index(Step.CORRECTION):
            corrections.append(Correction(
                nonconformity=nc, text="Дароо оңдолду.", text_ru="Исправлено сразу.",
                done_by_id=person, done_on=day, recorded_by_id=person, recorded_at=when))
        if reached > order.index(Step.DECISION):
            decisions.append(ActionDecision(
                nonconformity=nc, needed=True, reason="Кайталанышы мүмкүн.",
                reason_ru="Может повториться.", recorded_by_id=person, recorded_at=when))
        if reached > order.index(Step.CAUSE):
            category = rng.choice(CATEGORIES)
            analysis = CauseAnalysis(
                nonconformity=nc, method="whys", category=category,
                root_cause="Тартип жазылган эмес.", root_cause_ru="Порядок не прописан.",
                recorded_by_id=person, recorded_at=when)
            analyses.append(analysis)
            by_analysis.append(analysis)
        if reached >= order.index(Step.ACTIONS):
            done = reached > order.index(Step.ACTIONS)
            due = day + datetime.timedelta(days=rng.randrange(14, 90))
            actions.append((CorrectiveAction(
                nonconformity=nc, text="Жобого мөөнөттөрдү киргизүү.",
                text_ru="Внести сроки в положение.", due_date=due,
                status="done" if done else rng.choice(["planned", "in_progress"]),
                completed_on=min(due, today) if done else None,
                result="Аткарылды." if done else "", created_by_id=person,
                created_at=when), staff))
        if reached >= order.index(Step.REVIEW):
            judged = reached > order.index(Step.REVIEW)
            reviews.append(EffectivenessReview(
                nonconformity=nc, scheduled_for=day + datetime.timedelta(days=120),
                reviewer_id=world.rector_id,
                verdict="effective" if judged else "",
                reason="Кайталанган жок." if judged else "",
                judged_by_id=world.rector_id if judged else None,
                judged_at=world.moment(min(today, day + datetime.timedelta(days=120)))
                if judged else None))
        if reached > order.index(Step.RISKS):
            decisions_f.append(RiskDecision(
                nonconformity=nc, kind="no_change", reason="Паспорт бул учурду камтыйт.",
                reason_ru="Паспорт уже охватывает этот случай.", recorded_by_id=person,
                recorded_at=when))
    w = world.write
    w.create(Correction, corrections, when=lambda r: r.recorded_at, by=lambda r: r.recorded_by_id)
    w.create(ActionDecision, decisions, when=lambda r: r.recorded_at,
             by=lambda r: r.recorded_by_id)
    w.create(CauseAnalysis, analyses, when=lambda r: r.recorded_at,
             by=lambda r: r.recorded_by_id)
    w.create(Cause, [Cause(analysis=a, order=1, text="Эмне үчүн? Жооптуу белгиленген эмес.",
                           evidence="Протокол") for a in by_analysis],
             when=lambda c: c.analysis.recorded_at)
    w.create(CorrectiveAction, [a for a, _s in actions], when=lambda a: a.created_at,
             by=lambda a: a.created_by_id)
    w.through(CorrectiveAction.responsible_people,
              [(a.pk, staff) for a, staff in actions if staff])
    w.create(EffectivenessReview, reviews, when=lambda r: world.moment(r.nonconformity.reported_on))
    w.create(RiskDecision, decisions_f, when=lambda r: r.recorded_at,
             by=lambda r: r.recorded_by_id)
