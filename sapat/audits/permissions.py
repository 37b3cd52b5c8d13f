"""Who may do what with audit programmes and audits — on top of `sapat.org.access`.

- The QMS office (who configures the QMS) plans: programmes, audits, the auditor pool.
- The rector approves the programme (an approval reaching the university).
- Auditors see and work on the audits they are on (lead or team), and no others: an
  auditor's role does not open other audits of the units it reaches.
- Auditees (anyone reading an audited unit through another role) see the audits of their
  units: the plan, and the gradings only once the report is issued. Heads of an audited
  unit acknowledge the report.
- The rector and the Academic Council read every audit of their university.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sapat.org.access import RULES, Action, grants, may, may_configure
from sapat.org.models import Role

from .models import Audit, AuditProgramme


def may_plan(person) -> bool:
    """Drafting programmes, planning audits, keeping the auditor pool: the QMS office."""
    return may_configure(person)


def require_plan(person) -> None:
    if not may_plan(person):
        raise PermissionDenied


def _reading_prefixes(person) -> list[str]:
    """Path prefixes `person` reads through roles other than auditor."""
    if person is None or not person.is_authenticated or not person.is_active:
        return []
    return sorted(
        {
            g.path
            for g in grants(person)
            if g.role != Role.AUDITOR and Action.READ in RULES[g.role].actions
        }
    )


def _under(prefixes, lookup: str) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(**{lookup: prefix}) | Q(**{f"{lookup}__startswith": prefix + "."})
    return q


def programmes_visible_to(person):
    """Programmes of the universities where `person` holds any role."""
    from sapat.processes.permissions import university_q

    return AuditProgramme.objects.live().filter(university_q(person, "university"))


def programme_for(person, pk: int) -> AuditProgramme:
    programme = (
        programmes_visible_to(person)
        .select_related("year", "university", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def may_approve(person, programme: AuditProgramme) -> bool:
    """The rector (or a vice-rector holding the role) approves the programme."""
    if person.is_authenticated and person.is_superuser:
        return True
    return any(g.role == Role.RECTOR for g in grants(person)) and may(
        person, Action.APPROVE, programme.university
    )


def audits_visible_to(person):
    """Live audits `person` may read (see the module's rules); distinct rows."""
    if person.is_authenticated and person.is_superuser:
        return Audit.objects.live()
    if not person.is_authenticated:
        return Audit.objects.none()
    q = Q(lead_auditor=person) | Q(team=person) | _under(_reading_prefixes(person), "units__path")
    ids = Audit.objects.live().filter(q).values("pk")
    return Audit.objects.live().filter(pk__in=ids)


def is_on_team(person, audit: Audit) -> bool:
    if not person.is_authenticated:
        return False
    return audit.lead_auditor_id == person.pk or audit.team.filter(pk=person.pk).exists()


def may_edit_plan(person, audit: Audit) -> bool:
    return may_plan(person) and may(person, Action.UPDATE, audit.programme.university)


def may_fill(person, audit: Audit) -> bool:
    """Writing the checklist and grading: the audit team while the audit runs."""
    return audit.state in (Audit.State.PLANNED, Audit.State.IN_PROGRESS) and is_on_team(
        person, audit
    )


def may_issue_report(person, audit: Audit) -> bool:
    return audit.state == Audit.State.IN_PROGRESS and (
        audit.lead_auditor_id == person.pk or (person.is_authenticated and person.is_superuser)
    )


def may_see_gradings(person, audit: Audit) -> bool:
    """Until the report is issued the auditee sees the plan, not the gradings."""
    return audit.gradings_published or is_on_team(person, audit) or may_plan(person)


def may_acknowledge(person, audit: Audit) -> bool:
    """A head who edits one of the audited units acknowledges the issued report."""
    if audit.state != Audit.State.REPORTED or audit.acknowledged_at is not None:
        return False
    return any(may(person, Action.UPDATE, unit) for unit in audit.units.all()) and not is_on_team(
        person, audit
    )


def may_close(person, audit: Audit) -> bool:
    return audit.state == Audit.State.REPORTED and may_plan(person)


def may_read_audit(person, audit: Audit) -> bool:
    """The screen's question (`audit_for`) as a yes/no; an archived audit stays readable
    by the QMS office of its university."""
    if audit.archived_at is not None:
        return may_plan(person) and may(person, Action.READ, audit.programme.university)
    return audits_visible_to(person).filter(pk=audit.pk).exists()


def may_read_programme(person, programme: AuditProgramme) -> bool:
    if programme.archived_at is not None:
        return may_plan(person) and may(person, Action.READ, programme.university)
    return programmes_visible_to(person).filter(pk=programme.pk).exists()


def audit_for(person, pk: int) -> Audit:
    """The live audit `pk` if `person` may read it; else 404."""
    audit = (
        audits_visible_to(person)
        .select_related("programme__university", "programme__year", "lead_auditor")
        .filter(pk=pk)
        .first()
    )
    if audit is None:
        raise Http404
    return audit


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
