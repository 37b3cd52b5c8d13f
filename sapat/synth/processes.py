"""The process map, KPIs with five years of quarterly values, the policy and objectives."""
from __future__ import annotations

import datetime
from decimal import Decimal

from sapat.org.models import Period, Person, Unit
from sapat.processes.models import (
    Indicator,
    Measurement,
    PolicyAcknowledgement,
    Process,
    ProcessGroup,
    QualityObjective,
    QualityPolicy,
)

from . import words
from .world import World
from .writer import dates_as_given

PER_UNIT_SHARE = 0.08  # KPIs that every department under the owner reports itself
CURRENT_QUARTER_ENTERED = 0.4  # the rest is still to enter: dashboards show the gap
MISSING_SHARE = 0.03  # past quarters nobody entered
ACKNOWLEDGED_SHARE = 0.65


def build(world: World) -> None:
    _processes(world)
    _indicators(world)
    _measurements(world)
    _policy(world)
    _objectives(world)


def _processes(world: World) -> None:
    rng = world.rng
    created = world.moment(world.days_ago(1700, 1800))
    groups = [ProcessGroup(code=code, order=i, name=n[0], name_ru=n[1], name_en=n[2])
              for i, (code, n) in enumerate(words.PROCESS_GROUPS, start=1)]
    world.write.create(ProcessGroup, groups, when=lambda g: created)
    group = {g.code: g for g in groups}
    institutes = [u for u in world.units if u.kind in ("institute", "faculty", "college")]
    processes, owners = [], []
    for number, (group_code, theme, names) in enumerate(
            words.PROCESSES[:world.scale.processes], start=1):
        owner = world.by_code.get(words.THEME_OWNERS[theme]) or world.by_code["apd"]
        post = world.post_of.get(owner.pk)
        goal, inputs, outputs, resources = words.CARDS[theme]
        process = Process(
            code=f"proc-{number:02d}", number=number, group=group[group_code],
            unit=world.university, name=names[0], name_ru=names[1], name_en=names[2],
            goal=goal, inputs=inputs, outputs=outputs, resources=resources,
            owner_text=post.name if post else "", owner_position=post,
        )
        process.theme = theme
        processes.append(process)
        runners = [owner] + rng.sample(institutes, k=min(len(institutes), rng.randint(0, 4)))
        owners.append(runners)
    world.write.create(Process, processes, when=lambda p: created)
    rows = []
    for process, runners in zip(processes, owners, strict=True):
        for unit in dict.fromkeys(runners):
            rows.append((process.pk, unit.pk))
            world.processes_of_unit.setdefault(unit.pk, []).append(process)
    world.write.through(Process.owner_units, rows)
    world.processes = processes


def _indicators(world: World) -> None:
    rng = world.rng
    processes = world.processes
    counts = [1] * len(processes)
    for i in rng.choices(range(len(processes)), k=world.scale.kpis - len(processes)):
        counts[i] += 1
    institutes = [u for u in world.units if u.kind in ("institute", "faculty", "college")
                  and world.departments_of.get(u.pk)]
    used: set[str] = set()
    indicators = []
    for process, count in zip(processes, counts, strict=True):
        metrics = [m for m in words.METRICS if process.theme in m[0]] or words.METRICS
        for k in range(count):
            themes, names, measure, target, direction, tolerance = metrics[k % len(metrics)]
            names = _distinct(world, names, used)
            per_unit = bool(institutes) and rng.random() < PER_UNIT_SHARE
            if per_unit:
                owner = rng.choice(institutes)
            elif rng.random() < 0.7:
                owner = world.by_code.get(words.THEME_OWNERS[process.theme], world.university)
            else:
                owner = world.university
            indicators.append(Indicator(
                code=f"kpi-{len(indicators) + 1:03d}", process=process, owner_unit=owner,
                per_unit=per_unit, measure_unit=measure, name=names[0], name_ru=names[1],
                name_en=names[2], target=_round(Decimal(target) * Decimal(rng.uniform(0.9, 1.1)),
                                                measure), direction=direction,
                tolerance=Decimal(str(tolerance)), frequency=Period.Kind.QUARTER,
                data_source=rng.choice(words.DATA_SOURCES), order=k,
            ))
    # The benchmark head reports at least one KPI of their own (their dashboard lists the
    # values still to enter): one of the institute's KPIs is reported per department.
    institute = world.bench["director"][0]
    if institutes and not any(i.per_unit and i.owner_unit is institute for i in indicators):
        indicators[0].per_unit, indicators[0].owner_unit = True, institute
    created = world.moment(world.academic_start.replace(
        year=world.academic_start.year - world.scale.years) - datetime.timedelta(days=30))
    world.write.create(Indicator, indicators, when=lambda i: created)
    world.indicators = indicators


def _distinct(world: World, names: tuple, used: set[str]) -> tuple:
    """The metric's own name, or the name with a qualifier («… (магистратура)»)."""
    if names[0] not in used:
        used.add(names[0])
        return names
    qualifiers = list(words.QUALIFIERS)
    world.rng.shuffle(qualifiers)
    for q in qualifiers:
        candidate = tuple(f"{n} ({qn})" for n, qn in zip(names, q, strict=True))
        if candidate[0] not in used:
            used.add(candidate[0])
            return candidate
    return names  # every qualifier taken: a repeated name is still a valid KPI


def _round(value: Decimal, measure: str) -> Decimal:
    if measure == "%":
        return min(Decimal(100), value.quantize(Decimal("1")))
    if value < 10:
        return value.quantize(Decimal("0.1"))
    return value.quantize(Decimal("1"))


def _measurements(world: World) -> None:
    rng, today = world.rng, world.today
    quarters = list(Period.objects.filter(kind=Period.Kind.QUARTER, start__lte=today)
                    .order_by("start"))
    measurements = []
    for indicator in world.indicators:
        if indicator.per_unit:
            reporters = [u for u in world.units if u.is_within(indicator.owner_unit)
                         and u.kind in (Unit.Kind.DEPARTMENT, Unit.Kind.COMMISSION)]
        else:
            reporters = [indicator.owner_unit]
        for unit in reporters:
            # Each unit drifts towards (or away from) the target over the years.
            level = rng.uniform(0.75, 1.15)
            trend = rng.uniform(-0.01, 0.025)
            for n, period in enumerate(quarters):
                current = period.end >= today
                if rng.random() < (1 - CURRENT_QUARTER_ENTERED if current else MISSING_SHARE):
                    continue
                share = level + trend * n + rng.gauss(0, 0.04)
                if indicator.direction == "lower":
                    share = 2 - share
                value = _round(indicator.target * Decimal(max(0.0, share)),
                               indicator.measure_unit)
                entered = min(today, period.end + datetime.timedelta(days=rng.randint(1, 25)))
                measurements.append(Measurement(
                    indicator=indicator, period=period, unit=unit,
                    value=max(Decimal(0), value),
                    entered_by_id=world.head_of.get(unit.pk, world.rector_id),
                    entered_at=world.moment(entered),
                ))
    field = Measurement._meta.get_field("entered_at")
    with dates_as_given(field):
        world.write.create(Measurement, measurements, when=lambda m: m.entered_at,
                           by=lambda m: m.entered_by_id)


def _policy(world: World) -> None:
    rng = world.rng
    approved = world.academic_start.replace(year=world.academic_start.year - 2)
    policy = QualityPolicy(version=1, text=words.POLICY, text_ru=words.POLICY_RU,
                           text_en=words.POLICY_EN, approved_by_id=world.rector_id,
                           approved_on=approved, unit=world.university)
    world.write.create(QualityPolicy, [policy], when=lambda p: world.moment(approved),
                       by=lambda p: world.rector_id)
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    chosen = [pk for pk in people if rng.random() < ACKNOWLEDGED_SHARE]
    acks = [PolicyAcknowledgement(policy=policy, person_id=pk,
                                  acknowledged_at=world.moment(world.day_between(approved,
                                                                                 world.today)))
            for pk in chosen]
    with dates_as_given(PolicyAcknowledgement._meta.get_field("acknowledged_at")):
        world.write.create(PolicyAcknowledgement, acks, history=False)


def _objectives(world: World) -> None:
    rng = world.rng
    vice_rectors = [p for code, p in world.posts.items() if code.startswith("vr-")]
    objectives, links = [], []
    for names in words.OBJECTIVES[:world.scale.objectives]:
        linked = rng.sample(world.indicators, k=min(len(world.indicators), rng.randint(1, 3)))
        objectives.append(QualityObjective(
            unit=world.university, name=names[0], name_ru=names[1], name_en=names[2],
            what=f"{names[0]}: {', '.join(i.name for i in linked)}",
            resources=words.CARDS[rng.choice(list(words.CARDS))][3],
            responsible_position=rng.choice(vice_rectors) if vice_rectors else None,
            deadline=world.today + datetime.timedelta(days=rng.randint(120, 700)),
            evaluation="Жыл сайын, мониторингдин жыйынтыгы боюнча",
        ))
        links.append(linked)
    created = world.moment(world.days_ago(300, 400))
    world.write.create(QualityObjective, objectives, when=lambda o: created)
    world.write.through(QualityObjective.indicators,
                        [(o.pk, i.pk) for o, linked in zip(objectives, links, strict=True)
                         for i in linked])
