"""Who may do what with processes, KPIs, the policy and objectives.

Built on `sapat.org.access`: these add the record rules of this app on top of it.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sapat.org.access import Action, grants, may, may_anywhere, may_configure, roles_of
from sapat.org.models import Role


# The process map, KPI definitions, the policy and the objectives are the university's
# common documents: everyone with a role anywhere in a university reads them (§5: the
# policy is communicated to all employees), while editing follows the rules below.
def _roots(person) -> set[str]:
    return {g.path.split(".")[0] for g in grants(person)}


def may_read_university_record(person, unit) -> bool:
    if not person.is_authenticated or not person.is_active or unit is None:
        return False
    return person.is_superuser or unit.root_path in _roots(person)


def university_q(person, field: str = "unit") -> Q:
    """Rows whose `field` (a Unit FK) belongs to a university where `person` has a role."""
    if person.is_authenticated and person.is_superuser:
        return Q()
    roots = _roots(person) if person.is_authenticated and person.is_active else set()
    if not roots:
        return Q(pk__in=[])
    lookup = f"{field}__path" if field else "path"  # field="" filters Unit rows themselves
    q = Q()
    for root in roots:
        q |= Q(**{lookup: root}) | Q(**{f"{lookup}__startswith": root + "."})
    return q


def require_read_university_record(person, unit) -> None:
    if not may_read_university_record(person, unit):
        raise Http404


def is_process_owner(person, process) -> bool:
    if not person.is_authenticated:
        return False
    if process.owner_person_id and process.owner_person_id == person.pk:
        return True
    position = process.owner_position
    return bool(position and position.holder_id == person.pk)


def may_edit_process(person, process) -> bool:
    """The QMS office edits every card; a process owner edits their own."""
    return may_configure(person) or is_process_owner(person, process)


def require_edit_process(person, process) -> None:
    if not may_read_university_record(person, process.unit):
        raise Http404
    if not may_edit_process(person, process):
        raise PermissionDenied


def may_manage_kpis(person, process) -> bool:
    """Define or change a process's KPIs: the QMS office, or the process owner."""
    return may_configure(person) or is_process_owner(person, process)


def may_manage_indicator(person, indicator) -> bool:
    return may_manage_kpis(person, indicator.process)


def may_enter_measurement(person, indicator, unit) -> bool:
    """Enter a value for `unit`: someone who may edit that unit's records, within the KPI."""
    if unit is None or not unit.is_within(indicator.owner_unit):
        return False
    if not indicator.per_unit and unit.pk != indicator.owner_unit_id:
        return False
    return may(person, Action.CREATE, unit) or may_manage_indicator(person, indicator)


def may_enter_any_measurement(person) -> bool:
    return may_anywhere(person, Action.CREATE)


def may_approve_policy(person, university) -> bool:
    """The rector (or the Academic Council) approves the quality policy (§5)."""
    if person.is_authenticated and person.is_superuser:
        return True
    return bool(roles_of(person) & {Role.RECTOR, Role.COUNCIL}) and may(
        person, Action.APPROVE, university
    )


def may_draft_policy(person) -> bool:
    return may_configure(person)


def may_see_all_acknowledgements(person) -> bool:
    """The QMS office, the rector and the Academic Council see every unit's."""
    return may_configure(person) or bool(roles_of(person) & {Role.RECTOR, Role.COUNCIL})


def may_see_acknowledgements(person) -> bool:
    """Those above, and heads for their own units, see who has not acknowledged."""
    return may_see_all_acknowledgements(person) or may_anywhere(person, Action.UPDATE)


def may_manage_objectives(person) -> bool:
    return may_configure(person)
