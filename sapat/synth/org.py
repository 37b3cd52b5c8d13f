"""The organisation: a unit tree, people with posts and roles, academic years, and the
benchmark logins."""
from __future__ import annotations

import datetime
import itertools
import string

from django.contrib.auth.hashers import make_password

from sapat.org.models import PATH_STEP, AcademicYear, Person, Position, Role, RoleAssignment, Unit
from sapat.org.services import academic_year_create

from . import naming, words
from .world import World

# How many people a unit of each kind tends to employ (relative).
STAFF_WEIGHT = {
    "department": 20, "commission": 10, "institute": 4, "faculty": 4, "college": 6,
    "service": 12, "centre": 9, "governance": 12,
}
QMS_OFFICE = "apd"
# Passport sizes follow Zipf–Mandelbrot: weight 1 / (rank + offset), the offset growing
# with the tree (5 at 150 units) so that a few units keep a couple of hundred risks and
# most a handful, not one unit half of them; about one in twenty keeps none yet.
UNITS_PER_ZIPF_OFFSET = 28
EMPTY_SHARE = 0.05
BENCH_LOGINS = ("rector", "qms", "director", "head", "service", "staff")


def build(world: World, password: str) -> None:
    _units(world)
    _rank_passports(world)
    _people(world, password)
    _posts_and_roles(world)
    _years(world)


# --- Units --------------------------------------------------------------------------------


def _plan_units(world: World) -> list[tuple]:
    """(code, kind, parent code, names, abbreviation) for every unit, parents first."""
    rng, n = world.rng, world.scale.units
    services = min(len(words.SERVICES), max(2, round(n * 0.17)))
    institutes = min(len(words.INSTITUTES), max(2, round(n * 0.08)))
    college = 1 if n >= 14 else 0
    rest = max(institutes, n - (1 + len(words.GOVERNANCE) + services + institutes + college))
    commissions = min(len(words.COMMISSIONS), max(1, round(rest * 0.05))) if college else 0
    departments = rest - commissions

    plan = [("uni", "university", None, rng.choice(words.UNIVERSITY_PLACES), "")]
    plan += [(code, "governance", "uni", names, "") for code, names in words.GOVERNANCE]
    plan += [(code, kind, "uni", names, "") for code, kind, names in words.SERVICES[:services]]
    chosen = words.INSTITUTES[:institutes]
    for i, (_pool, kind, names) in enumerate(chosen, start=1):
        plan.append((f"inst-{i:02d}", kind, "uni", names, naming.abbreviation(names[0])))
    if college:
        plan.append(("college", "college", "uni", words.COLLEGE, ""))

    # Departments: at least one per institute, the rest skewed by the size of its field.
    weights = [len(words.DISCIPLINES[pool]) * rng.uniform(0.4, 2.0) for pool, _k, _n in chosen]
    sizes = [1] * institutes
    for i in rng.choices(range(institutes), weights=weights, k=departments - institutes):
        sizes[i] += 1
    used: set[str] = set()
    number = itertools.count(1)
    for i, ((pool, _kind, _names), size) in enumerate(zip(chosen, sizes, strict=True), start=1):
        for names in _department_names(world, pool, size, used):
            plan.append((f"dep-{next(number):03d}", "department", f"inst-{i:02d}", names, ""))
    for i, names in enumerate(words.COMMISSIONS[:commissions], start=1):
        plan.append((f"pck-{i:02d}", "commission", "college", names, "ПЦК"))
    return plan


def _department_names(world: World, pool: str, size: int, used: set[str]):
    """Departments of one field: single disciplines first, then pairs of them."""
    disciplines = list(words.DISCIPLINES[pool])
    world.rng.shuffle(disciplines)
    # Pairs only of single-subject names: no «… жана … жана …».
    simple = [d for d in disciplines if " жана " not in d[0]]
    pairs = list(itertools.combinations(simple, 2))
    world.rng.shuffle(pairs)
    made = 0
    for choice in [[d] for d in disciplines] + [list(p) for p in pairs]:
        names = naming.department_names(choice)
        if names[0] in used:
            continue
        used.add(names[0])
        yield names
        made += 1
        if made == size:
            return


def _units(world: World) -> None:
    plan = _plan_units(world)
    founded = world.academic_start.replace(year=world.academic_start.year - world.scale.years - 3)
    by_code: dict[str, Unit] = {}
    # One insert per level of the tree: a child needs its parent's primary key and path.
    for level in range(4):
        batch = []
        for order, (code, kind, parent, names, abbr) in enumerate(plan):
            parent_unit = by_code.get(parent) if parent else None
            depth = parent_unit.depth + 1 if parent_unit else 0
            if depth != level or code in by_code or (parent and parent_unit is None):
                continue
            unit = Unit(code=code, kind=kind, parent=parent_unit, name=names[0],
                        name_ru=names[1], name_en=names[2], abbreviation=abbr, order=order,
                        depth=depth)
            by_code[code] = unit
            batch.append(unit)
        if not batch:
            continue
        world.write.create(Unit, batch, history=False)
        for unit in batch:
            own = f"{unit.pk:0{PATH_STEP}d}"
            unit.path = f"{unit.parent.path}.{own}" if unit.parent_id else own
        Unit.objects.bulk_update(batch, ["path"])
    world.units = sorted(by_code.values(), key=lambda u: u.path)
    world.by_code = by_code
    world.unit_by_pk = {u.pk: u for u in world.units}
    world.university = by_code["uni"]
    for unit in world.units:
        if unit.kind == Unit.Kind.DEPARTMENT or unit.kind == Unit.Kind.COMMISSION:
            world.departments_of.setdefault(unit.parent_id, []).append(unit)
    world.write.history(Unit, [(u, "+", world.moment(founded), None, "") for u in world.units])


def _rank_passports(world: World) -> None:
    """Decide which units keep many risks; the benchmark head's department is near the top."""
    rng = world.rng
    kinds = {"institute", "faculty", "college", "department", "commission", "service", "centre"}
    units = [u for u in world.units if u.kind in kinds]
    rng.shuffle(units)
    biggest = max(world.departments_of, key=lambda pk: (len(world.departments_of[pk]), -pk))
    head_unit = rng.choice(world.departments_of[biggest])
    services = [u for u in units if u.kind in ("service", "centre") and u.code != QMS_OFFICE]
    service_unit = rng.choice(services) if services else world.by_code[QMS_OFFICE]
    # The benchmark head's department second, the service fourth: big, not the extreme.
    for unit, rank in ((head_unit, 1), (service_unit, 3)):
        units.remove(unit)
        units.insert(min(rank, len(units)), unit)
    empty = set(rng.sample(range(10, len(units)), k=int(len(units) * EMPTY_SHARE))) \
        if len(units) > 20 else set()
    offset = max(1, len(units) // UNITS_PER_ZIPF_OFFSET)
    world.passport_weight = {
        u.pk: 0.0 if rank in empty else 1.0 / (rank + offset)
        for rank, u in enumerate(units)
    }
    director_unit = world.unit_by_pk[biggest]
    rectorate = world.by_code["rectorate"]
    world.bench = {
        # role: (unit the role is held in, unit the person works in, person)
        "rector": [world.university, rectorate, None],
        "qms": [world.by_code[QMS_OFFICE], world.by_code[QMS_OFFICE], None],
        "director": [director_unit, director_unit, None],
        "head": [head_unit, head_unit, None],
        "service": [service_unit, service_unit, None],
        "staff": [head_unit, head_unit, None],
    }


# --- People, posts and roles ---------------------------------------------------------------


def _headcounts(world: World) -> dict[int, int]:
    """People per unit: one at least where someone must lead, the rest by kind, at random."""
    rng = world.rng
    minimum = {"university": 0, "governance": 0}
    counts = {}
    for unit in world.units:
        counts[unit.pk] = minimum.get(unit.kind, 1)
    counts[world.by_code["rectorate"].pk] = 1 + len(words.VICE_RECTORS)
    counts[world.by_code[QMS_OFFICE].pk] = 4
    counts[world.bench["head"][1].pk] = 3  # the benchmark head, their employee, and more
    staffed = [u for u in world.units if STAFF_WEIGHT.get(u.kind) and u.code != "council"]
    weights = [STAFF_WEIGHT[u.kind] * rng.uniform(0.6, 1.6) for u in staffed]
    rest = world.scale.people - sum(counts.values())
    for unit in rng.choices(staffed, weights=weights, k=max(0, rest)):
        counts[unit.pk] += 1
    return counts


def _unusable_password(world: World) -> str:
    # Django's mark of an unusable password ("!" + random text), drawn from the seed.
    alphabet = string.ascii_letters + string.digits
    return "!" + "".join(world.rng.choice(alphabet) for _ in range(40))


def _people(world: World, password: str) -> None:
    rng = world.rng
    counts = _headcounts(world)
    # (unit id, place in the unit) -> benchmark role; the first person of a unit leads it.
    bench_people = {(works.pk, 1 if role == "staff" else 0): role
                    for role, (_held, works, _p) in world.bench.items()}
    salt_alphabet = string.ascii_letters + string.digits
    hashed = make_password(password, salt="".join(rng.choice(salt_alphabet) for _ in range(22)))

    people, number = [], itertools.count(1)
    for unit in world.units:
        for index in range(counts[unit.pk]):
            first, last = naming.person_name(rng)
            n = next(number)
            role = bench_people.get((unit.pk, index))
            login = f"bench-{role}" if role else naming.username(first, last, n)
            joined = world.days_ago(30, 365 * (world.scale.years + 6))
            person = Person(
                username=login, first_name=first, last_name=last, full_name=f"{first} {last}",
                email=f"{login}@synthetic.invalid", unit=unit,
                language=rng.choices(["ky", "ru", "en"], weights=[75, 20, 5])[0],
                password=hashed if role else _unusable_password(world),
                date_joined=world.moment(joined),
            )
            people.append(person)
            world.people_of.setdefault(unit.pk, []).append(person)
            if role:
                world.bench[role][2] = person
    world.write.create(Person, people, when=lambda p: p.date_joined)
    for unit_id, members in world.people_of.items():
        world.people_of[unit_id] = [p.pk for p in members]


def _posts_and_roles(world: World) -> None:
    rng, uni = world.rng, world.university
    rectorate = world.by_code["rectorate"]
    rectorate_people = world.people_of[rectorate.pk]
    world.rector_id = rectorate_people[0]
    posts = [Position(code="rector", unit=rectorate, holder_id=world.rector_id, order=0,
                      name="Ректор", name_ru="Ректор", name_en="Rector")]
    roles = [(world.rector_id, Role.RECTOR, uni)]
    for i, (code, names) in enumerate(words.VICE_RECTORS, start=1):
        holder = rectorate_people[i] if i < len(rectorate_people) else None
        posts.append(Position(code=code, unit=rectorate, holder_id=holder, order=i,
                              name=names[0], name_ru=names[1], name_en=names[2]))
        if holder:
            roles.append((holder, Role.RECTOR, uni))
    heads = {"department": Role.HEAD, "commission": Role.HEAD, "service": Role.SERVICE_HEAD,
             "centre": Role.SERVICE_HEAD, "institute": Role.DIRECTOR,
             "faculty": Role.DIRECTOR, "college": Role.DIRECTOR}
    led = {world.rector_id}
    for unit in world.units:
        if unit.kind not in heads or not world.people_of.get(unit.pk):
            continue
        head = world.people_of[unit.pk][0]
        world.head_of[unit.pk] = head
        names = naming.head_post(unit.kind, (unit.name, unit.name_ru, unit.name_en))
        post = Position(code=f"head-{unit.code}", unit=unit, holder_id=head,
                        order=len(posts), name=names[0], name_ru=names[1], name_en=names[2])
        posts.append(post)
        world.post_of[unit.pk] = post
        if unit.code == QMS_OFFICE:
            roles += [(p, Role.QMS, unit) for p in world.people_of[unit.pk][:4]]
            led.update(world.people_of[unit.pk][:4])
        else:
            roles.append((head, heads[unit.kind], unit))
            led.add(head)
    led.update(rectorate_people[:1 + len(words.VICE_RECTORS)])
    world.head_of[rectorate.pk] = world.rector_id
    world.post_of[rectorate.pk] = posts[0]
    world.posts = {p.code: p for p in posts}
    world.write.create(Position, posts, when=lambda p: world.moment(world.days_ago(1500, 1800)))

    # The Academic Council: the rectorate, the directors, and elected members.
    council = world.by_code["council"]
    members = [world.rector_id] + [h for pk, h in world.head_of.items()
                                   if world.unit_by_pk[pk].kind
                                   in ("institute", "faculty", "college")]
    everyone = [p for unit in world.units for p in world.people_of.get(unit.pk, [])]
    members += rng.sample(everyone, k=max(2, len(everyone) // 200))
    roles += [(p, Role.COUNCIL, council) for p in dict.fromkeys(members)]
    # Internal auditors: staff trained to audit, each given an institute to audit.
    institutes = [u for u in world.units if u.kind in ("institute", "faculty", "college")]
    for p in rng.sample(everyone, k=max(1, len(everyone) // 100)):
        roles.append((p, Role.AUDITOR, rng.choice(institutes)))
    for unit in world.units:
        for p in world.people_of.get(unit.pk, []):
            if p not in led:
                roles.append((p, Role.STAFF, unit))
    seen, assignments = set(), []
    for person_id, role, unit in roles:
        if (person_id, role, unit.pk) not in seen:
            seen.add((person_id, role, unit.pk))
            assignments.append(RoleAssignment(person_id=person_id, role=role, unit=unit))
    world.write.create(RoleAssignment, assignments,
                       when=lambda a: world.moment(world.days_ago(900, 1500)))


# --- Academic years ------------------------------------------------------------------------


def _years(world: World) -> None:
    """The current academic year and `scale.years` before it, with their periods."""
    first = world.academic_start.year - world.scale.years
    for start_year in range(first, world.academic_start.year + 1):
        start = datetime.date(start_year, 9, 1)
        year = academic_year_create(start=start, is_current=start == world.academic_start)
        # The service dates its history row by the wall clock; the synthetic world by its own.
        AcademicYear.history.filter(id=year.pk).update(history_date=world.moment(
            start - datetime.timedelta(days=20)))
        world.write.progress.advance(8)
