"""Who may submit, decide on and read approval requests, built on `sapat.org.access`.

Submitting is the record's app's rule (`ApprovableKind.may_submit`). Deciding is the
body's: a person decides for a body when they hold the body's role, and that role grants
APPROVE over the record's unit. Reading follows the unit.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sapat.org.access import RULES, Action, grants, may

from .registry import BODY_ROLE, Body


def may_decide(person, body: str, unit) -> bool:
    """May `person` approve or return, for `body`, a record of `unit`?"""
    if person is None or not person.is_authenticated or not person.is_active:
        return False
    if person.is_superuser:
        return True
    role = BODY_ROLE.get(body)
    if role is None or unit is None:
        return False
    return any(
        g.role == role and Action.APPROVE in RULES[g.role].actions
        and (unit.path == g.path or unit.path.startswith(g.path + "."))
        for g in grants(person)
    )


def bodies_q(person) -> Q:
    """Requests whose body `person` decides for, within the units they reach (no query
    beyond the person's grants)."""
    if person is not None and person.is_authenticated and person.is_superuser:
        return Q()
    q = Q(pk__in=[])
    if person is None or not person.is_authenticated or not person.is_active:
        return q
    role_body = {role: body for body, role in BODY_ROLE.items()}
    for g in grants(person):
        body = role_body.get(g.role)
        if body is None or Action.APPROVE not in RULES[g.role].actions:
            continue
        q |= Q(body=body) & (Q(unit__path=g.path) | Q(unit__path__startswith=g.path + "."))
    return q


def bodies_of(person) -> set[str]:
    """The bodies `person` speaks for anywhere."""
    if person is not None and person.is_authenticated and person.is_superuser:
        return set(Body.values)
    role_body = {role: body for body, role in BODY_ROLE.items()}
    return {role_body[g.role] for g in grants(person) if g.role in role_body}


def may_read(person, kind, unit) -> bool:
    """May `person` read records of this kind in `unit` (the kind's rule, else the unit's)?"""
    rule = kind.may_read if kind is not None else None
    return rule(person, unit) if rule else may(person, Action.READ, unit)


def may_read_request(person, request) -> bool:
    """Readers of the record and the deciding body."""
    from . import registry

    try:
        kind = registry.get(request.kind)
    except KeyError:
        kind = None
    return may_read(person, kind, request.unit) or may_decide(person, request.body,
                                                              request.unit)


def require_read_request(person, request) -> None:
    if not may_read_request(person, request):
        raise Http404


def require_decide(person, request) -> None:
    require_read_request(person, request)
    if not may_decide(person, request.body, request.unit):
        raise PermissionDenied


def may_submit(person, kind, obj) -> bool:
    if person is None or not person.is_authenticated or not person.is_active:
        return False
    return person.is_superuser or bool(kind.may_submit(person, obj))
