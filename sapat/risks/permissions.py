"""Who may do what with risks, opportunities and measures — on top of `sapat.org.access`.

The unit of a record decides (heads: their unit; directors: their subtree; the QMS office:
everything; rector and council: read everything; staff: read their unit). The one
record rule added here: a person responsible for a measure (directly, or through a
position they hold) may update its progress even without edit rights in the unit.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sapat.org.access import Action, may, may_configure, require, scope_q

from .models import Measure, Opportunity, Risk


def risks_visible_to(person, action: str = Action.READ):
    """Live risks in the person's scope for `action` (no query until evaluated)."""
    return Risk.objects.live().filter(scope_q(person, action, "unit"))


def register_risks(person):
    """The university register is a university document: every escalated live risk of a
    university where `person` has a role, whatever their own unit (issue 12)."""
    from sapat.processes.permissions import university_q

    return Risk.objects.live().escalated().filter(university_q(person, "unit"))


def opportunities_visible_to(person, action: str = Action.READ):
    return Opportunity.objects.live().filter(scope_q(person, action, "unit"))


def risk_for(person, pk: int, action: str = Action.READ) -> Risk:
    """The live risk `pk` if `person` may do `action` on it; else 404 (unreadable) or 403."""
    risk = Risk.objects.live().select_related("unit", "process", "category").filter(pk=pk).first()
    if risk is None:
        raise Http404
    require(person, action, risk.unit)
    return risk


def opportunity_for(person, pk: int, action: str = Action.READ) -> Opportunity:
    opp = Opportunity.objects.live().select_related("unit", "process").filter(pk=pk).first()
    if opp is None:
        raise Http404
    require(person, action, opp.unit)
    return opp


def may_edit(person, record) -> bool:
    """May `person` edit this risk or opportunity (its unit's editors)?"""
    return may(person, Action.UPDATE, record.unit)


def may_escalate(person) -> bool:
    """Escalating to the university register (and back) is the QMS office's call."""
    return may_configure(person)


def require_escalate(person) -> None:
    if not may_escalate(person):
        raise PermissionDenied


def assignable_people(person, record=None):
    """The people `person` may name as responsible: the active people of the units they
    may read (who work there, hold a role or a position there), plus whoever `record`
    already names (kept when someone else's record is edited). Pickers offer these and
    nothing else is accepted, so that naming a user name cannot reveal anyone's name."""
    from django.db.models import Q

    from sapat.org.models import Person, Position, RoleAssignment

    in_scope = scope_q(person, Action.READ, "unit")
    q = (
        in_scope
        | Q(pk__in=RoleAssignment.objects.filter(in_scope).values("person_id"))
        | Q(pk__in=Position.objects.filter(in_scope, holder__isnull=False).values("holder_id"))
    )
    q = Q(is_active=True) & q
    if record is not None and record.pk:
        q |= Q(pk__in=record.responsible_people.values("pk"))
    return Person.objects.filter(q)


def is_responsible_for(person, measure: Measure) -> bool:
    """Is `person` responsible for `measure`, directly or through a position they hold?"""
    if person is None or not person.is_authenticated:
        return False
    if measure.responsible_people.filter(pk=person.pk).exists():
        return True
    return measure.responsible_positions.filter(holder_id=person.pk).exists()


def may_edit_measure(person, measure: Measure) -> bool:
    """Full edit of a measure (text, due date, responsible): the owner's unit editors."""
    unit = measure.access_unit
    return unit is not None and may(person, Action.UPDATE, unit)


def may_progress_measure(person, measure: Measure) -> bool:
    """Update status, result, evidence: unit editors and the responsible people."""
    return may_edit_measure(person, measure) or is_responsible_for(person, measure)


def measure_for(person, pk: int, action: str = Action.READ) -> Measure:
    """The live measure `pk` for `action`.

    READ: readers of the owner's unit or the responsible people. UPDATE: for the
    responsible people this means progress only (the views check `may_edit_measure` for
    the full form). Anything else follows the unit.
    """
    measure = (
        Measure.objects.live().select_related("risk__unit", "opportunity__unit")
        .filter(pk=pk).first()
    )
    if measure is None or (measure.owner is not None and measure.owner.is_archived):
        raise Http404
    unit = measure.access_unit
    if may(person, action, unit):
        return measure
    if action in (Action.READ, Action.UPDATE) and is_responsible_for(person, measure):
        return measure
    require(person, action, unit)  # raises 404 or 403 as the unit rules say
    return measure


def measures_visible_to(person, action: str = Action.READ):
    """Live measures of live risks and opportunities in the person's scope for `action`:
    those the risk and opportunity pages list (a responsible person outside the unit
    finds theirs under "My measures")."""
    return Measure.objects.live().filter(
        risk__archived_at__isnull=True, opportunity__archived_at__isnull=True,
    ).filter(scope_q(person, action, "risk__unit") | scope_q(person, action, "opportunity__unit"))
