"""Where improvement plugs into the rest: audit reports open nonconformities, the inbox
shows the steps waiting for a person, and corrective actions get reminders."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sapat.inbox.registry import InboxItem, Provider, Row, Rows, Urgency
from sapat.inbox.registry import register as register_inbox
from sapat.lib.models import translated
from sapat.org.access import RULES, Action, grants, may_configure
from sapat.org.models import Role

from .models import EffectivenessReview, Nonconformity, Step

# Steps the unit's editors take; the review and the closure wait for the QMS office.
UNIT_STEPS = (Step.CORRECTION, Step.DECISION, Step.CAUSE, Step.RISKS)
QMS_STEPS = (Step.CLOSURE,)
INBOX_LIMIT = 30


def _report_issued(sender, instance, update_fields=None, **kwargs):
    """An issued audit report opens the nonconformities of its minor and major findings
    and turns its opportunities for improvement into opportunities (sapat.audits knows
    nothing of this app; `nonconformity_findings` is its hook)."""
    from sapat.audits.models import Audit

    if instance.state != Audit.State.REPORTED:
        return
    if update_fields is not None and "state" not in update_fields:
        return
    from .services import open_for_audit

    open_for_audit(instance)


# Who runs a unit's corrective action (Appendix 7); the QMS office edits every unit too,
# but its inbox holds the reviews and closures, not every unit's next step.
RUNNING_ROLES = (Role.HEAD, Role.SERVICE_HEAD, Role.DIRECTOR)


def _editing_prefixes(person) -> list[str]:
    return sorted({g.path for g in grants(person)
                   if g.role in RUNNING_ROLES and Action.UPDATE in RULES[g.role].actions})


def rows(person, today: datetime.date) -> Rows:
    """Steps waiting for the person: their units' next steps, reviews they are named
    for (or any review for the QMS office), closures for the QMS office."""
    q = Q(pk__in=[])
    prefixes = _editing_prefixes(person)
    unit_q = Q(pk__in=[])
    for prefix in prefixes:
        unit_q |= Q(unit__path=prefix) | Q(unit__path__startswith=prefix + ".")
    q |= unit_q & Q(state__in=UNIT_STEPS)
    q |= Q(state=Step.REVIEW, reviews__reviewer=person, reviews__verdict="")
    if may_configure(person):
        q |= Q(state__in=QMS_STEPS) | Q(state=Step.REVIEW, reviews__reviewer__isnull=True,
                                          reviews__verdict="")
    # The oldest INBOX_LIMIT waiting (IN over a limited subquery: a part of a UNION
    # cannot be limited itself).
    first = (Nonconformity.objects.live().filter(q).order_by("reported_on", "pk")
             .values("pk")[:INBOX_LIMIT])
    return Rows(Nonconformity.objects.filter(pk__in=first), a=F("number"), b=F("state"),
                c=translated("description", (get_language() or "ky")[:2]))


def item(row: Row, today: datetime.date) -> InboxItem:
    code = Nonconformity.code_for(int(row.a))
    return InboxItem(_("Nonconformity"),
                     f"{code} — {Step(row.b).label}: {(row.c or '')[:120]}",
                     reverse("improvement:detail", args=[row.pk]),
                     urgency=Urgency.SOON if row.b == Step.REVIEW else Urgency.WAITING)


def who(today: datetime.date) -> set[int] | None:
    reviewers = set(EffectivenessReview.objects.filter(
        verdict="", reviewer__isnull=False, nonconformity__state=Step.REVIEW,
    ).values_list("reviewer_id", flat=True))
    # The unit steps wait for whoever edits the unit: left to the inbox to find.
    return None if Nonconformity.objects.open().exists() else reviewers


def register():
    from sapat.audits.models import Audit
    from sapat.risks.tracked import register_actions

    from .models import CorrectiveAction

    post_save.connect(_report_issued, sender=Audit, dispatch_uid="improvement-report-issued")
    register_inbox(Provider("nonconformities", rows=rows, item=item, who=who, order=24))
    register_actions(
        "corrective_actions", label=_("Corrective action"),
        actions=lambda: CorrectiveAction.objects.live(),
        columns=lambda lang: (translated("text", lang),
                              Nonconformity.code_expression("nonconformity__number")),
        url=lambda a: reverse("improvement:action", args=[a.pk]),
        order=25,
    )
