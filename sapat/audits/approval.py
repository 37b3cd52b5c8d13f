"""The audit programme goes through the one approval workflow (`sapat.approvals`).

The QMS office submits the draft; the rector approves it by a decision № and date, or
returns it. What is frozen is the plan as text (`programme_text`): a change to the plan
after submission makes the approval refuse until it is submitted again. When approved,
`_on_approved` records the decision on the programme and freezes it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def programme_text(programme) -> str:
    """The programme as the rector approves it: edition, cycle, objectives, every audit."""
    from .models import Audit

    lines = [
        str(programme),
        f"{_('edition')}: {programme.edition}",
        f"{_('audit cycle (months)')}: {programme.cycle_months}",
        programme.objectives,
        "",
    ]
    audits = (
        Audit.objects.live()
        .filter(programme=programme)
        .select_related("lead_auditor")
        .prefetch_related("units", "processes", "team")
        .order_by("number")
    )
    for audit in audits:
        lines.append(
            f"{audit.number}. {audit.title} — {audit.planned_start:%d.%m.%Y}–"
            f"{audit.planned_end:%d.%m.%Y}"
        )
        lines.append("   " + "; ".join(u.label for u in audit.units.all()))
        processes = "; ".join(p.label for p in audit.processes.all())
        if processes:
            lines.append("   " + processes)
        team = "; ".join(str(p) for p in [audit.lead_auditor, *audit.team.all()])
        lines.append(f"   {_('audit team')}: {team}")
    return "\n".join(lines)


def _may_submit(person, programme) -> bool:
    from . import permissions

    return programme.state == programme.State.DRAFT and permissions.may_plan(person)


def _on_approved(programme, request) -> None:
    """Record the rector's decision on the programme and freeze it (in the approving
    transaction)."""
    from . import services
    from .models import AuditProgramme

    programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    services.programme_freeze(
        programme=programme,
        by=request.decided_by,
        decision_no=request.decision_no,
        decision_date=request.decision_date,
        at=request.decided_at or timezone.now(),
    )


def register() -> None:
    from sapat.approvals.registry import ApprovableKind, Body
    from sapat.approvals.registry import register as register_kind

    from .models import AuditProgramme

    register_kind(
        ApprovableKind(
            key="audit-programme",
            model=AuditProgramme,
            label=_("audit programme"),
            body=Body.RECTOR,
            text=programme_text,
            url=lambda p: reverse("audits:programme", args=[p.pk]),
            unit=lambda p: p.university,
            may_submit=_may_submit,
            on_approved=_on_approved,
        )
    )
