"""`generate()`: fill an empty database with a synthetic university, in one transaction."""
from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from sapat.lib.progress import Progress
from sapat.org.models import Person, Unit
from sapat.processes.models import Process
from sapat.risks import defaults
from sapat.risks.models import Risk, RiskBand, RiskCategory, RiskScale, ScaleLevel
from sapat.search import index as search_index

from . import audits, documents, improvement, meetings, org, processes, reviews, risks
from .scale import Scale
from .world import World
from .writer import Writer


@dataclass
class BenchLogin:
    username: str
    role: str
    unit: str  # the unit's code, where the role is held
    unit_name: str


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    bench: list[BenchLogin] = field(default_factory=list)
    seconds: float = 0.0
    today: datetime.date | None = None


def holds_data() -> bool:
    """Does the database hold an organisation or QMS records (beyond the default scale)?"""
    return any(m.objects.exists() for m in (Unit, Person, Process, Risk))


def expected_rows(scale: Scale) -> int:
    """Roughly how many rows `generate` writes (for the progress bar)."""
    # Each record with its history row, many-to-many rows and assessments, as measured.
    return int(2 * scale.units + 4.8 * scale.people + 3 * scale.processes + 8 * scale.years
               + 58 * scale.kpis + 5.1 * scale.risks + 3.2 * scale.opportunities
               + 4.4 * scale.measures + 42 * scale.years * scale.audits_per_year
               + 9 * scale.documents)


def nonconformities_for(scale: Scale) -> int:
    """Nonconformities from sources other than audits: a tenth of the risks (the audits'
    findings, where the scale has audits, add theirs)."""
    return max(1, scale.risks // 10)


def _start_over() -> None:
    # Every table emptied, then what the migrations install put back as they install it
    # (without history rows): the regulation's scale and categories, the ISO 9001 clauses.
    from sapat.audits import clauses_data
    from sapat.audits.models import Clause

    call_command("flush", interactive=False, verbosity=0)
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)
        clauses_data.install(Clause)


def analyze() -> None:
    """Give PostgreSQL's planner the new tables' statistics now: after a bulk load it
    plans as if they were empty until autovacuum comes round (a search took 2-11 s)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(*, scale: Scale, seed: int, today: datetime.date, password: str,
             force: bool = False, progress: Progress | None = None) -> Result:
    """Generate `scale` from `seed`, placed around `today`; all or nothing.

    Raises `ValueError` if the database already holds data and `force` is not given;
    with `force`, every table is emptied first (inside the same transaction).
    """
    progress = progress or Progress(expected_rows(scale), enabled=False)
    started = time.monotonic()
    world = World(rng=random.Random(seed), today=today, scale=scale, write=Writer(progress))
    with transaction.atomic():
        if holds_data():
            if not force:
                raise ValueError("database holds data")
            _start_over()
        for stage, step in ((_("organisation"), lambda: org.build(world, password)),
                            (_("processes and KPIs"), lambda: processes.build(world)),
                            (_("risks and measures"), lambda: risks.build(world)),
                            (_("internal audits"), lambda: audits.build(world)),
                            (_("nonconformities"), lambda: improvement.build(
                                world, extra=nonconformities_for(scale))),
                            (_("documents"), lambda: documents.build(world)),
                            (_("meetings and decisions"), lambda: meetings.build(world)),
                            (_("management reviews"), lambda: reviews.build(world))):
            progress.begin(stage)
            step()
        # Written in bulk, so no record was indexed as it was saved.
        progress.begin(_("search index"))
        search_index.rebuild()
    analyze()
    progress.finish()
    result = Result(counts=dict(world.write.counts), seconds=time.monotonic() - started,
                    today=today)
    for role, (held_in, _works_in, person) in world.bench.items():
        result.bench.append(BenchLogin(person.username, role, held_in.code, held_in.name))
    return result
