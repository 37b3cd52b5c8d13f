"""Meetings and decisions for the generator: the Academic Council, the rectorate, each
institute and department, meeting through `scale.years` years (five at both scales), each
meeting with its agenda, attendance and decisions given to the unit's head — most done
on time, some late, a few still open and overdue. Bulk-written with history rows."""
from __future__ import annotations

import datetime

from sapat.meetings.models import AgendaItem, Attendance, Body, Decision, Meeting
from sapat.org.models import Unit

from .world import World

# How often each kind of body meets in a year.
PER_YEAR = {Body.Kind.COUNCIL: 10, Body.Kind.RECTORATE: 20, Body.Kind.INSTITUTE: 8,
            Body.Kind.DEPARTMENT: 6}
TOPICS = ["Окуу пландары", "Сапат саясаты", "Ички аудиттин жыйынтыктары", "КПКнын аткарылышы",
          "Тобокелдиктер", "Студенттердин канааттануусу", "Илимий иштер", "Бюджет"]
VERBS = ["жаңыртуу", "даярдоо", "бекитүү", "талдоо", "аткарылышын текшерүү"]


def _bodies(world: World) -> list[Body]:
    units = world.units
    council = next((u for u in units if u.kind == Unit.Kind.UNIVERSITY), world.university)
    bodies = [Body(kind=Body.Kind.COUNCIL, unit=council, name="Окумуштуулар кеңеши",
                   name_ru="Учёный совет", name_en="Academic Council"),
              Body(kind=Body.Kind.RECTORATE, unit=council, name="Ректораттын жыйыны",
                   name_ru="Заседание ректората", name_en="Rectorate meeting")]
    for u in units:
        kind = {Unit.Kind.INSTITUTE: Body.Kind.INSTITUTE, Unit.Kind.FACULTY: Body.Kind.INSTITUTE,
                Unit.Kind.DEPARTMENT: Body.Kind.DEPARTMENT}.get(u.kind)
        if kind is not None:
            bodies.append(Body(kind=kind, unit=u, name=f"{u.name}: жыйын",
                               name_ru=f"{u.name_ru or u.name}: заседание",
                               secretary_id=world.head_of.get(u.pk)))
    first = world.moment(world.today - datetime.timedelta(days=365 * 5 + 30))
    world.write.create(Body, bodies, when=lambda b: first)
    return bodies


def build(world: World, years: int = 5) -> None:
    rng, today = world.rng, world.today
    bodies = _bodies(world)
    unit_ids = [u.pk for u in world.units if world.head_of.get(u.pk)]
    start = today - datetime.timedelta(days=365 * years)
    meetings, plan = [], []
    for body in bodies:
        n = PER_YEAR[body.kind] * years
        step = (today - start).days // n
        for i in range(n):
            held = start + datetime.timedelta(days=i * step + rng.randrange(0, max(1, step)))
            meetings.append(Meeting(
                body=body, number=str(i + 1), held_on=held, title=rng.choice(TOPICS),
                status=Meeting.Status.HELD if held <= today else Meeting.Status.PLANNED,
                chair_id=world.rector_id if body.kind in (Body.Kind.COUNCIL,
                                                          Body.Kind.RECTORATE)
                else world.head_of.get(body.unit_id),
                secretary_id=body.secretary_id,
                minutes="Жыйында күн тартибиндеги маселелер каралды.",
                minutes_ru="На заседании рассмотрены вопросы повестки дня.",
                created_at=world.moment(held)))
            plan.append(body)
    world.write.create(Meeting, meetings, when=lambda m: m.created_at)
    agenda, attendance, decisions, people_rows = [], [], [], []
    for meeting, body in zip(meetings, plan, strict=True):
        topic = meeting.title
        agenda.append(AgendaItem(meeting=meeting, order=1, title=f"{topic} жөнүндө"))
        local = world.people_of.get(body.unit_id, [])[:8] or [world.rector_id]
        for pid in dict.fromkeys(p for p in local if p):
            attendance.append(Attendance(meeting=meeting, person_id=pid,
                                         present=rng.random() > 0.1))
        for k in range(rng.randint(1, 3)):
            if body.kind in (Body.Kind.COUNCIL, Body.Kind.RECTORATE):
                unit_id = rng.choice(unit_ids)
            else:
                unit_id = body.unit_id
            head = world.head_of.get(unit_id)
            due = meeting.held_on + datetime.timedelta(days=rng.randint(14, 120))
            d = Decision(meeting=meeting, number=f"{meeting.number}.{k + 1}",
                         text=f"{topic}: {rng.choice(VERBS)}", responsible_unit_id=unit_id,
                         due_date=due, created_by_id=meeting.secretary_id,
                         created_at=meeting.created_at)
            roll = rng.random()
            if due < today and roll < 0.85 or due >= today and roll < 0.1:
                d.status = Decision.Status.DONE
                d.completed_on = min(today, due + datetime.timedelta(days=rng.randint(-20, 10)))
                d.result = "Аткарылды"
            elif roll < 0.9 and due < today:
                d.status = Decision.Status.CANCELLED
            decisions.append(d)
            if head:
                people_rows.append((d, head))
    world.write.create(AgendaItem, agenda, when=lambda a: a.meeting.created_at)
    world.write.create(Attendance, attendance, when=lambda a: a.meeting.created_at)
    world.write.create(Decision, decisions, when=lambda d: d.created_at)
    world.write.through(Decision.responsible_people, [(d.pk, p) for d, p in people_rows])
