"""The state the generator's steps share: the seeded random source, "today", and what
earlier steps made (units, people, posts…) for later steps to refer to."""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from .scale import Scale
from .writer import Writer, at


@dataclass
class World:
    rng: random.Random
    today: datetime.date
    scale: Scale
    write: Writer
    tz: object = field(default_factory=timezone.get_default_timezone)

    # Organisation (org.py)
    university: object = None
    units: list = field(default_factory=list)  # every Unit, in tree order
    by_code: dict = field(default_factory=dict)
    unit_by_pk: dict = field(default_factory=dict)
    departments_of: dict = field(default_factory=dict)  # institute id -> [Unit]
    people_of: dict = field(default_factory=dict)  # unit id -> [person id], head first
    head_of: dict = field(default_factory=dict)  # unit id -> person id
    post_of: dict = field(default_factory=dict)  # unit id -> Position (the head's post)
    posts: dict = field(default_factory=dict)  # code -> Position
    rector_id: int | None = None
    # Units that keep a risk passport, and how many risks each tends to have.
    passport_weight: dict = field(default_factory=dict)  # unit id -> weight
    # Benchmark logins: role -> the unit the role is held in, the unit the person works in,
    # and (once made) the Person.
    bench: dict = field(default_factory=dict)
    # Processes and KPIs (processes.py)
    processes: list = field(default_factory=list)
    processes_of_unit: dict = field(default_factory=dict)  # unit id -> [Process]
    indicators: list = field(default_factory=list)

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A time on a working day, in the university's time zone."""
        return at(day, self.rng.randrange(0, 8 * 60), self.tz)

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    @property
    def academic_start(self) -> datetime.date:
        """1 September of the academic year `today` falls in."""
        year = self.today.year if self.today.month >= 9 else self.today.year - 1
        return datetime.date(year, 9, 1)

    def staff_of(self, unit_id: int) -> list[int]:
        """People of a unit other than its head (or its head when alone)."""
        people = self.people_of.get(unit_id, [])
        return people[1:] or people
