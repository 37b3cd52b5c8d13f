"""Internal audits: a programme for each of the last `scale.years` academic years (the
current one included), `scale.audits_per_year` audits in each, their checklists and
findings of every grade, written in bulk with their history rows.

Past audits are closed (the last weeks' ones reported), audits running on "today" are in
progress with part of the checklist graded, later ones planned. An auditor never audits
the unit they work in, nor a unit above or below it (the impartiality rule).
"""
from __future__ import annotations

import datetime

from sapat.audits.models import (
    Audit,
    AuditorQualification,
    AuditProgramme,
    ChecklistQuestion,
    Clause,
    Finding,
)
from sapat.org.models import AcademicYear, Person, Role, RoleAssignment

from .world import World

GRADES = [
    (Finding.Grade.CONFORMING, 70),
    (Finding.Grade.OBSERVATION, 10),
    (Finding.Grade.OFI, 8),
    (Finding.Grade.MINOR, 9),
    (Finding.Grade.MAJOR, 3),
]
EVIDENCE = [
    "Буйруктардын 5 үлгүсү көрүлдү",
    "Окуу пландары жана жумушчу программалар текшерилди",
    "Жыйындын протоколдору көрүлдү",
    "Мониторингдин жыйынтыктары текшерилди",
]
SAMPLES = ["40 силлабустан 5", "12 протоколдон 3", "30 буйруктан 6", ""]
QUESTIONS = [
    "«{process}» процессинин кириштери алынып, чыгыштары картада айтылгандай берилеби?",
    "«{process}» процессинин KPIлары кантип өлчөнөт жана талданат?",
    "{unit}: тобокелдиктердин паспорту жаңыланганбы, чаралар аткарылабы?",
    "{unit}: документтер жана жазуулар кантип башкарылат?",
    "ISO 9001 {clause}: талаптын аткарылышын кайсы далил көрсөтөт?",
]
QUESTIONS_PER_AUDIT = (6, 12)
RECENT_DAYS = 45  # an audit that ended this recently is reported, not yet closed


def build(world: World) -> None:
    per_year = world.scale.audits_per_year
    if not per_year:
        return
    rng = world.rng
    years = list(AcademicYear.objects.filter(start__lte=world.today).order_by("-start"))
    years = sorted(years[: world.scale.years], key=lambda y: y.start)
    auditors = _auditors(world)
    if not years or not auditors:
        return
    if not Clause.objects.exists():
        # Installed by a migration, so gone after a test flushed the tables: put it back.
        from sapat.audits import clauses_data

        clauses_data.install(Clause)
    clauses = list(Clause.objects.filter(parent__isnull=False).order_by("order"))
    units = [u for u in world.units if u.parent_id is not None]

    programmes = [
        AuditProgramme(
            university=world.university,
            year=year,
            state=AuditProgramme.State.APPROVED,
            objectives="Ар бир процесс жылына бир жолу аудиттелет.",
            approved_by_id=world.rector_id,
            approved_at=world.moment(year.start - datetime.timedelta(days=10)),
            decision_no=f"СМС-{year.start.year}-01",
            decision_date=year.start - datetime.timedelta(days=10),
        )
        for year in years
    ]
    world.write.create(AuditProgramme, programmes, when=lambda p: p.approved_at,
                       by=lambda p: world.rector_id)

    audits, scope = [], []
    for programme in programmes:
        start = programme.year.start + datetime.timedelta(days=30)
        span = 240  # October to May
        for number in range(1, per_year + 1):
            lead, works_in = rng.choice(auditors)
            unit = _impartial_unit(rng, units, works_in)
            processes = world.processes_of_unit.get(unit.pk) or world.processes_of_unit.get(
                unit.parent_id) or [rng.choice(world.processes)]
            process = rng.choice(processes)
            first = start + datetime.timedelta(days=rng.randrange(span))
            last = first + datetime.timedelta(days=rng.randint(0, 3))
            state = _state(world.today, first, last)
            audit = Audit(
                programme=programme,
                number=number,
                title=f"«{process.name}» процессинин ички аудити ({unit.name})",
                objectives="Процесстин талаптарга ылайыктыгын жана натыйжалуулугун баалоо.",
                lead_auditor_id=lead,
                planned_start=first,
                planned_end=last,
                opening_meeting=first if state != Audit.State.PLANNED else None,
                closing_meeting=last if state in (Audit.State.REPORTED, Audit.State.CLOSED)
                else None,
                state=state,
            )
            if state in (Audit.State.REPORTED, Audit.State.CLOSED):
                audit.summary = "Процесс негизинен талаптарга ылайык."
                audit.report_issued_at = world.moment(last)
            audits.append(audit)
            scope.append((unit, process, rng.sample(clauses, k=min(3, len(clauses)))))
    world.write.create(Audit, audits, when=lambda a: world.moment(
        a.programme.year.start - datetime.timedelta(days=5)), by=lambda a: None)
    pairs = list(zip(audits, scope, strict=True))
    world.write.through(Audit.units, [(a.pk, s[0].pk) for a, s in pairs])
    world.write.through(Audit.processes, [(a.pk, s[1].pk) for a, s in pairs])
    world.write.through(Audit.clauses, [(a.pk, c.pk) for a, s in pairs for c in s[2]])

    questions, graded = [], []
    for audit, (unit, process, in_scope) in pairs:
        if audit.state == Audit.State.PLANNED and rng.random() < 0.7:
            continue  # most planned audits have no checklist yet
        for order in range(1, rng.randint(*QUESTIONS_PER_AUDIT) + 1):
            clause = rng.choice(in_scope)
            text = rng.choice(QUESTIONS).format(
                process=process.name, unit=unit.name, clause=clause.code)
            question = ChecklistQuestion(audit=audit, order=order, text=text, clause=clause,
                                         unit=unit, source=ChecklistQuestion.Source.ADDED)
            questions.append(question)
            if audit.state in (Audit.State.REPORTED, Audit.State.CLOSED) or (
                    audit.state == Audit.State.IN_PROGRESS and rng.random() < 0.5):
                graded.append(question)
    world.write.create(
        ChecklistQuestion, questions,
        when=lambda q: world.moment(q.audit.planned_start - datetime.timedelta(days=3)),
        by=lambda q: q.audit.lead_auditor_id)

    grades, weights = zip(*GRADES, strict=True)
    findings = []
    for question in graded:
        grade = rng.choices(grades, weights=weights)[0]
        findings.append(Finding(
            question=question, grade=grade, evidence=rng.choice(EVIDENCE),
            sample=rng.choice(SAMPLES), graded_by_id=question.audit.lead_auditor_id,
            graded_at=world.moment(question.audit.planned_start)))
    # Every grade at least once, whatever the dice said (the screens and tests need each).
    for finding, (grade, _weight) in zip(findings, GRADES, strict=False):
        finding.grade = grade
    world.write.create(Finding, findings, when=lambda f: f.graded_at,
                       by=lambda f: f.graded_by_id)


def _auditors(world: World) -> list[tuple[int, object]]:
    """(person id, the unit they work in) of everyone holding the auditor's role; each
    gets a qualification in the university's pool."""
    ids = sorted(set(RoleAssignment.objects.filter(role=Role.AUDITOR)
                     .values_list("person_id", flat=True)))
    people = Person.objects.filter(pk__in=ids).select_related("unit").order_by("pk")
    pool = [(p.pk, p.unit) for p in people if p.unit_id is not None]
    records = [
        AuditorQualification(person_id=pk, university=world.university,
                             basis="ISO 19011 боюнча окутуу",
                             qualified_on=world.today - datetime.timedelta(days=365 * 6))
        for pk, _unit in pool
    ]
    world.write.create(AuditorQualification, records,
                       when=lambda q: world.moment(q.qualified_on), by=lambda q: None)
    return pool


def _impartial_unit(rng, units, works_in):
    """A unit neither the auditor's own nor above or below it in the tree."""
    own = works_in.path
    for _try in range(20):
        unit = rng.choice(units)
        if not (unit.path == own or unit.path.startswith(own + ".")
                or own.startswith(unit.path + ".")):
            return unit
    return unit


def _state(today: datetime.date, first: datetime.date, last: datetime.date) -> str:
    if first > today:
        return Audit.State.PLANNED
    if last >= today:
        return Audit.State.IN_PROGRESS
    if (today - last).days <= RECENT_DAYS:
        return Audit.State.REPORTED
    return Audit.State.CLOSED
