"""Saving a checked HR import: all of it or nothing.

Units are saved parents first, through `Unit.save()`, which re-roots a moved unit's whole
subtree (its materialised path); people, roles and positions go in bulk, each with its
history row, so that 3,000 people take seconds. People and units missing from the file are
deactivated or closed, never deleted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sapat.org.access import forget
from sapat.org.models import Person, Position, RoleAssignment, Unit

from .planning import Fate, Leaving, OrgPlan, org_import_plan

BATCH = 500


@dataclass
class OrgImportResult:
    units: dict[str, int] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    new_people_ids: list[int] = field(default_factory=list)
    leaving_people: list[Leaving] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "Units: %(un)s new, %(uc)s changed, %(ul)s closed. Positions: %(pn)s new, "
            "%(pc)s changed. People: %(nn)s new, %(nc)s changed, %(nl)s deactivated."
        ) % {"un": self.units.get("new", 0), "uc": self.units.get("changed", 0),
             "ul": self.units.get("leaving", 0), "pn": self.positions.get("new", 0),
             "pc": self.positions.get("changed", 0), "nn": self.people.get("new", 0),
             "nc": self.people.get("changed", 0), "nl": self.people.get("leaving", 0)}


def org_import(*, files: list[tuple[str, bytes]], by, dry_run: bool = False
               ) -> tuple[OrgPlan, OrgImportResult | None]:
    """Plan and, unless `dry_run` or the plan has errors, commit: the one call a job, the
    command line and the API make. Returns the plan and the result (None when not saved)."""
    plan = org_import_plan(files=files, by=by)
    if dry_run or not plan.ok:
        return plan, None
    return plan, org_import_commit(plan=plan, by=by)


@transaction.atomic
def org_import_commit(*, plan: OrgPlan, by) -> OrgImportResult:
    """Save a clean plan: every row, or nothing if anything fails."""
    if not plan.ok:
        raise ValidationError(plan.messages())
    if not (by.is_superuser or _may_configure(by)):
        raise PermissionDenied
    reason = _("HR file import")
    result = OrgImportResult(
        units=plan.counts()["units"], positions=plan.counts()["positions"],
        people=plan.counts()["people"], leaving_people=plan.leaving_people,
    )
    units = _save_units(plan, by, reason)
    people = _save_people(plan, by, reason, units, result)
    _save_roles(plan, by, reason, units, people)
    _deactivate(plan, by, reason)
    _save_positions(plan, by, reason, units, people)
    return result


def _may_configure(by) -> bool:
    from sapat.org.access import may_configure

    return may_configure(by)


def _who(by):
    """The history's author: the command line on an empty database imports as nobody."""
    return by if by.pk else None


def _stamp(instance, by, reason):
    # django-simple-history reads these for the history row this save writes.
    instance._history_user = _who(by)
    instance._change_reason = reason
    return instance


def _save_units(plan: OrgPlan, by, reason) -> dict[str, Unit]:
    """Create and move units parents first; returns every unit by code."""
    by_code = {u.code: u for u in Unit.objects.all()}
    for row in sorted(plan.units, key=lambda r: r.depth):
        if row.fate == Fate.UNCHANGED:
            unit = by_code[row.code]
            if not unit.from_hr_file:
                # The version moves, so that an edit loaded before cannot write it back.
                Unit.objects.filter(pk=unit.pk).update(from_hr_file=True,
                                                       version=F("version") + 1)
            continue
        if row.fate == Fate.NEW:
            unit = Unit(code=row.code, from_hr_file=True)
        else:
            # Fresh from the database: an earlier move may have rewritten this path.
            # Locked until the import commits: an edit saved in between would be overwritten
            # by this whole-row save under a version it never saw.
            unit = Unit.objects.select_for_update().get(pk=row.existing_id)
            unit.version += 1
        unit.name = row.name
        for key in ("name_ru", "name_en", "abbreviation"):
            if getattr(row, key) is not None:
                setattr(unit, key, getattr(row, key))
        unit.kind = row.kind
        unit.parent = by_code[row.parent_code] if row.parent_code else None
        unit.is_active = True
        unit.from_hr_file = True
        if unit.pk is None:
            unit.order = row.line
        _stamp(unit, by, reason).save()  # re-roots the subtree of a moved unit
        by_code[unit.code] = unit
    for leaving in plan.leaving_units:
        unit = Unit.objects.select_for_update().get(pk=leaving.pk)
        unit.is_active = False
        unit.version += 1
        _stamp(unit, by, reason).save()
    return by_code


def _save_people(plan: OrgPlan, by, reason, units: dict[str, Unit],
                 result: OrgImportResult) -> dict[int, Person]:
    """Create and update people in bulk; returns the people of the file by row line."""
    existing = Person.objects.in_bulk([r.existing_id for r in plan.people if r.existing_id])
    new, changed, by_line = [], [], {}
    # One unusable password for the whole file: newcomers set their own from an
    # invitation, or sign in through the university's directory.
    unusable = make_password(None)
    for row in plan.people:
        if row.existing_id is None:
            person = Person(
                username=row.username, full_name=row.full_name, email=row.email,
                staff_number=row.staff_number, unit=units[row.unit_code],
                language=row.language or "ky", password=unusable, from_hr_file=True,
            )
            new.append(person)
        else:
            person = existing[row.existing_id]
            if row.fate == Fate.CHANGED or not person.from_hr_file:
                person.full_name = row.full_name
                person.email = row.email or person.email
                person.staff_number = row.staff_number or person.staff_number
                person.username = row.username or person.username
                person.language = row.language or person.language
                person.unit = units[row.unit_code]
                person.is_active = True
                person.from_hr_file = True
                changed.append(person)
        by_line[row.line] = person
    if new:
        bulk_create_with_history(new, Person, batch_size=BATCH, default_user=_who(by),
                                 default_change_reason=reason)
        if any(p.pk is None for p in new):
            # A database without RETURNING on bulk inserts: read the keys back.
            ids = dict(Person.objects.filter(username__in=[p.username for p in new])
                       .values_list("username", "pk"))
            for p in new:
                p.pk = p.id = ids[p.username]
        result.new_people_ids = [p.pk for p in new]
    if changed:
        bulk_update_with_history(
            changed, Person, ["full_name", "email", "staff_number", "username", "language",
                              "unit", "is_active", "from_hr_file"],
            batch_size=BATCH, default_user=_who(by), default_change_reason=reason,
        )
    return by_line


def _save_roles(plan: OrgPlan, by, reason, units: dict[str, Unit],
                people: dict[int, Person]) -> None:
    unit_code = {u.pk: code for code, u in units.items()}
    ids = [r.existing_id for r in plan.people if r.existing_id]
    held: dict[int, dict[tuple[str, str], int]] = {}
    for pk, person_id, role, unit_id in RoleAssignment.objects.filter(
        person_id__in=ids
    ).values_list("pk", "person_id", "role", "unit_id"):
        held.setdefault(person_id, {})[(role, unit_code[unit_id])] = pk
    remove, add = [], []
    for row in plan.people:
        person = people[row.line]
        current = held.get(person.pk, {}) if row.existing_id else {}
        after = row.roles_after
        remove += [pk for key, pk in current.items() if key not in after]
        add += [RoleAssignment(person=person, role=role, unit=units[code])
                for role, code in sorted(after - set(current))]
    if remove:
        # One by one, so that each removal leaves its history row.
        for assignment in RoleAssignment.objects.filter(pk__in=remove):
            _stamp(assignment, by, reason).delete()
    if add:
        bulk_create_with_history(add, RoleAssignment, batch_size=BATCH, default_user=_who(by),
                                 default_change_reason=reason)
    if by.pk:
        forget(by)


def _deactivate(plan: OrgPlan, by, reason) -> None:
    ids = [leaving.pk for leaving in plan.leaving_people]
    if not ids:
        return
    people = list(Person.objects.filter(pk__in=ids))
    for person in people:
        person.is_active = False
    bulk_update_with_history(people, Person, ["is_active"], batch_size=BATCH,
                             default_user=_who(by), default_change_reason=reason)
    # Their posts fall vacant, so that a new holder can be named; history keeps who held it.
    for position in Position.objects.select_for_update().filter(holder_id__in=ids):
        position.holder = None
        position.version += 1
        _stamp(position, by, reason).save()


def _save_positions(plan: OrgPlan, by, reason, units: dict[str, Unit],
                    people: dict[int, Person]) -> None:
    existing = Position.objects.select_for_update().in_bulk(
        [r.existing_id for r in plan.positions if r.existing_id])
    new = []
    for row in plan.positions:
        if row.fate == Fate.UNCHANGED:
            continue
        holder = people[row.holder_line] if row.holder_line is not None else (
            Person.objects.get(pk=row.holder_id) if row.holder_id else None)
        if row.existing_id is None:
            new.append(Position(code=row.code, name=row.name, name_ru=row.name_ru or "",
                                name_en=row.name_en or "", unit=units[row.unit_code],
                                holder=holder, order=row.line))
            continue
        position = existing[row.existing_id]
        position.name = row.name
        for key in ("name_ru", "name_en"):
            if getattr(row, key) is not None:
                setattr(position, key, getattr(row, key))
        position.unit = units[row.unit_code]
        position.holder = holder
        position.version += 1
        _stamp(position, by, reason).save()
    if new:
        bulk_create_with_history(new, Position, batch_size=BATCH, default_user=_who(by),
                                 default_change_reason=reason)
