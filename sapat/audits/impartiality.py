"""May this person audit these units and processes? The one answer, with its reasons.

ISO 9001 9.2.2 c and ISO 19011: auditors are chosen so that the audit is objective and
impartial. Sapat refuses, rather than advises:
- a person the QMS office has not marked as a qualified auditor;
- their own unit (where they work or hold a role), a unit above it or below it in the
  tree — the university itself excepted, since every unit is below it and a university-
  wide audit would otherwise have no auditor;
- a process they own (as a person or through the position they hold) or act in (their
  unit runs it);
- a unit or a process they declared a conflict of interest with.

`refusals()` lists every reason; the form, the API and the services all call it, so a
refusal reads the same wherever it is met.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sapat.org.models import Unit


@dataclass(frozen=True)
class Refusal:
    code: str  # not_qualified | own_unit | unit_above | unit_below | owns_process | ...
    message: str

    def __str__(self) -> str:
        return self.message


def _own_units(person) -> list[Unit]:
    """The units a person belongs to: where they work and where they hold a role other
    than auditor (an auditor's role reaches the units they audit, not their own)."""
    from sapat.org.models import Role

    ids = {person.unit_id} if person.unit_id else set()
    ids |= set(person.roles.exclude(role=Role.AUDITOR).values_list("unit_id", flat=True))
    return list(Unit.objects.filter(pk__in=ids))


def _is_university(unit: Unit) -> bool:
    return unit.parent_id is None


def refusals(person, *, units, processes=(), on: datetime.date | None = None) -> list[Refusal]:
    """Why `person` may not audit `units` and `processes` (empty: they may)."""
    from .models import AuditorQualification, ConflictDeclaration

    on = on or timezone.localdate()
    found: list[Refusal] = []
    qualifications = AuditorQualification.objects.live().filter(person=person)
    if not any(q.is_valid_on(on) for q in qualifications):
        found.append(
            Refusal(
                "not_qualified",
                str(
                    _(
                        "%(person)s is not a qualified internal auditor (the QMS office keeps the "
                        "list)."
                    )
                    % {"person": person}
                ),
            )
        )
    units = list(units)
    processes = list(processes)
    own = _own_units(person)
    for unit in units:
        for mine in own:
            if unit.pk == mine.pk:
                found.append(
                    Refusal(
                        "own_unit",
                        str(
                            _("%(person)s works in %(unit)s: nobody audits their own unit.")
                            % {"person": person, "unit": unit.label}
                        ),
                    )
                )
            elif mine.is_within(unit) and not _is_university(unit):
                found.append(
                    Refusal(
                        "unit_above",
                        str(
                            _("%(unit)s is above %(person)s's unit (%(own)s) in the structure.")
                            % {"person": person, "unit": unit.label, "own": mine.label}
                        ),
                    )
                )
            elif unit.is_within(mine) and not _is_university(mine):
                found.append(
                    Refusal(
                        "unit_below",
                        str(
                            _("%(unit)s is below %(person)s's unit (%(own)s) in the structure.")
                            % {"person": person, "unit": unit.label, "own": mine.label}
                        ),
                    )
                )
    for process in processes:
        owner = process.owner_person_id == person.pk or (
            process.owner_position_id is not None and process.owner_position.holder_id == person.pk
        )
        if owner:
            found.append(
                Refusal(
                    "owns_process",
                    str(
                        _("%(person)s owns the process “%(process)s”.")
                        % {"person": person, "process": process.label}
                    ),
                )
            )
            continue
        runs = [u for u in process.owner_units.all() if not _is_university(u)]
        if any(mine.is_within(u) for mine in own for u in runs):
            found.append(
                Refusal(
                    "acts_in_process",
                    str(
                        _("%(person)s's unit runs the process “%(process)s”.")
                        % {"person": person, "process": process.label}
                    ),
                )
            )
    conflicts = (
        ConflictDeclaration.objects.live().filter(person=person).select_related("unit", "process")
    )
    unit_ids = {u.pk for u in units}
    process_ids = {p.pk for p in processes}
    for conflict in conflicts:
        if conflict.unit_id in unit_ids or conflict.process_id in process_ids:
            found.append(
                Refusal(
                    "declared_conflict",
                    str(
                        _("%(person)s declared a conflict of interest with %(what)s: %(reason)s")
                        % {
                            "person": person,
                            "what": (conflict.unit or conflict.process).label,
                            "reason": conflict.reason,
                        }
                    ),
                )
            )
    return found


def team_refusals(people, *, units, processes=(), on=None) -> list[Refusal]:
    """Every refusal for every member of a team (lead auditor first)."""
    result: list[Refusal] = []
    seen = set()
    for person in people:
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        result.extend(refusals(person, units=units, processes=processes, on=on))
    return result
