"""Who may do what, where: the one answer every view, API endpoint and export asks.

A person holds roles in units (`RoleAssignment`). Each role grants a set of actions and
reaches either the whole university of the unit it is held in (rector, QMS office,
Academic Council) or that unit and everything below it (directors, heads, employees,
auditors). Records of a unit are then governed by:

    may(person, Action.UPDATE, unit)          -> bool
    require(person, Action.UPDATE, unit)      -> None, or raises (404 when unreadable)
    scope_q(person, Action.READ, "unit")      -> Q to filter any queryset by its unit

Apps with record-level rules (an employee updating a measure assigned to them) add them
in their own `permissions.py`, on top of this module, never instead of it.

Grants are read from the database once per request and kept on the user object of that
request only, so that app servers stay stateless.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Role, RoleAssignment, Unit


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    APPROVE = "approve", _("approve")
    # Configuring the organisation, scales, processes: the QMS office's work.
    CONFIGURE = "configure", _("configure")


class Reach(models.TextChoices):
    UNIVERSITY = "university", _("whole university")
    SUBTREE = "subtree", _("the unit and everything below it")


ALL_RECORD_ACTIONS = frozenset(
    {Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE, Action.APPROVE}
)
EDIT = frozenset({Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE})


@dataclass(frozen=True)
class RoleRule:
    reach: Reach
    actions: frozenset


# The whole policy, in one table. Change it here and the matrix test tells you what moved.
RULES: dict[str, RoleRule] = {
    Role.RECTOR: RoleRule(Reach.UNIVERSITY, frozenset({Action.READ, Action.APPROVE})),
    Role.QMS: RoleRule(Reach.UNIVERSITY, ALL_RECORD_ACTIONS | {Action.CONFIGURE}),
    Role.COUNCIL: RoleRule(Reach.UNIVERSITY, frozenset({Action.READ, Action.APPROVE})),
    Role.DIRECTOR: RoleRule(Reach.SUBTREE, ALL_RECORD_ACTIONS),
    Role.HEAD: RoleRule(Reach.SUBTREE, EDIT),
    Role.SERVICE_HEAD: RoleRule(Reach.SUBTREE, EDIT),
    Role.AUDITOR: RoleRule(Reach.SUBTREE, frozenset({Action.READ})),
    Role.STAFF: RoleRule(Reach.SUBTREE, frozenset({Action.READ})),
}


@dataclass(frozen=True)
class Grant:
    role: str
    path: str  # the path prefix the role reaches: the university's or the unit's own
    unit_id: int


def grants(person) -> list[Grant]:
    """The person's roles as path prefixes; one query, remembered for this request."""
    if person is None or not person.is_authenticated:
        return []
    cached = getattr(person, "_sapat_grants", None)
    if cached is not None:
        return cached
    result = []
    for role, path, unit_id in RoleAssignment.objects.filter(person=person).order_by().values_list(
        "role", "unit__path", "unit_id"
    ):
        rule = RULES.get(role)
        if rule is None:
            continue
        prefix = path.split(".")[0] if rule.reach == Reach.UNIVERSITY else path
        result.append(Grant(role, prefix, unit_id))
    person._sapat_grants = result
    return result


def forget(person) -> None:
    """Drop the grants remembered on this user object (after a role change)."""
    if hasattr(person, "_sapat_grants"):
        del person._sapat_grants


def _covers(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


def may(person, action: str, unit: Unit | None) -> bool:
    """May `person` do `action` on a record that belongs to `unit`?"""
    if person is None or not person.is_authenticated or not person.is_active:
        return False
    if person.is_superuser:
        return True
    if unit is None:
        return False
    return any(
        action in RULES[g.role].actions and _covers(g.path, unit.path) for g in grants(person)
    )


def may_anywhere(person, action: str) -> bool:
    """Does `person` have `action` in at least one unit (to show a menu entry, say)?"""
    if person is None or not person.is_authenticated:
        return False
    if person.is_superuser:
        return True
    return any(action in RULES[g.role].actions for g in grants(person))


def roles_of(person) -> set[str]:
    return {g.role for g in grants(person)}


def require(person, action: str, unit: Unit | None) -> None:
    """Raise unless `person` may do `action` on records of `unit`.

    A person who may not even read there gets 404, so that titles of other units'
    records do not leak; one who may read but not act gets 403.
    """
    if may(person, action, unit):
        return
    if action != Action.READ and may(person, Action.READ, unit):
        raise PermissionDenied
    raise Http404


def scope_q(person, action: str, field: str = "unit") -> Q:
    """A Q that keeps the rows whose `field` (a Unit foreign key) is within reach.

    `field=""` filters Unit rows themselves. The Q is built from at most a handful of
    path prefixes, so filtering costs no extra query and the same SQL on any database.
    """
    if person is not None and person.is_authenticated and person.is_superuser:
        return Q()
    lookup = f"{field}__path" if field else "path"
    prefixes = _prefixes(person, action)
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        q |= Q(**{lookup: prefix}) | Q(**{f"{lookup}__startswith": prefix + "."})
    return q


def _prefixes(person, action: str) -> list[str]:
    if person is None or not person.is_authenticated or not person.is_active:
        return []
    found = sorted({g.path for g in grants(person) if action in RULES[g.role].actions})
    # Drop prefixes covered by a shorter one: the Q stays small.
    kept: list[str] = []
    for prefix in found:
        if not any(_covers(k, prefix) for k in kept):
            kept.append(prefix)
    return kept


def units_in_scope(person, action: str = Action.READ):
    """The units where `person` may do `action`."""
    return Unit.objects.filter(scope_q(person, action, field=""))


def people_visible_to(person):
    """The people who work in units `person` may read, and `person` themselves."""
    from .models import Person

    return Person.objects.filter(scope_q(person, Action.READ, "unit") | Q(pk=person.pk))


def may_configure(person) -> bool:
    """The QMS office's configuration work (units, people, scales, processes)."""
    return may_anywhere(person, Action.CONFIGURE)


def require_configure(person) -> None:
    if not may_configure(person):
        raise PermissionDenied

