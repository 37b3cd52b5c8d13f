"""What waits in processes: the policy in force to acknowledge, KPI values to enter.

The KPIs are a part of the inbox's one query; the policy is read once per request (the
home page shows it too), whatever the number of KPIs or units.
"""
import datetime

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sapat.inbox.registry import InboxItem, Provider, Row, Rows, Urgency, register
from sapat.lib.models import translated
from sapat.org.access import grants
from sapat.org.models import Person, Role, RoleAssignment, Unit

from . import due as kpi_due
from .models import Indicator, PolicyAcknowledgement, QualityPolicy

SOON_DAYS = 14
# The roles that enter their unit's KPI values (regulation Appendix 7).
ENTERING_ROLES = (Role.HEAD, Role.SERVICE_HEAD, Role.DIRECTOR)


def policy_for(person) -> tuple[QualityPolicy | None, bool]:
    """The policy in force and whether `person` has acknowledged it (or approved it).

    One query, kept on the person object for this request: the home page asks it for its
    policy panel and the inbox for its item.
    """
    cached = getattr(person, "_sapat_policy", None)
    if cached is not None:
        return cached
    policy = (QualityPolicy.objects.filter(approved_on__isnull=False)
              .annotate(acked=Exists(PolicyAcknowledgement.objects.filter(
                  policy=OuterRef("pk"), person_id=person.pk)))
              .select_related("approved_by").order_by("-version").first())
    acknowledged = bool(policy) and (policy.acked or policy.approved_by_id == person.pk)
    person._sapat_policy = (policy, acknowledged)
    return person._sapat_policy


def policy_items(person, today: datetime.date) -> list[InboxItem]:
    if not grants(person):  # the policy is communicated to those with a role
        return []
    policy, acknowledged = policy_for(person)
    if policy is None or acknowledged:
        return []
    return [InboxItem(_("Acknowledgement"),
                      gettext("Read the quality policy, version %(v)s") % {"v": policy.version},
                      reverse("processes:policy"))]


def policy_who(today: datetime.date) -> set[int]:
    policy = QualityPolicy.in_force()
    if policy is None:
        return set()
    return set(Person.objects.filter(is_active=True, roles__isnull=False)
               .filter(university_q_for_policy(policy))
               .exclude(policy_acknowledgements__policy=policy)
               .exclude(pk=policy.approved_by_id or 0).values_list("pk", flat=True))


def university_q_for_policy(policy) -> Q:
    root = policy.unit.root_path
    return Q(roles__unit__path=root) | Q(roles__unit__path__startswith=root + ".")


def kpi_rows(person, today: datetime.date) -> list[Rows] | None:
    """The KPI values missing of each unit the person enters values for: the rule of
    `sapat.processes.due` (its `missing_of_unit` query), late ones and those whose
    deadline is ahead, a part of the inbox's one UNION query each."""
    held = sorted({(g.unit_id, g.path) for g in grants(person) if g.role in ENTERING_ROLES})
    if not held:
        return None
    days = kpi_due.grace()
    lang = (get_language() or "ky")[:2]
    parts = []
    for unit_id, path in held:
        unit = Unit.objects.filter(pk=unit_id)
        for late in (True, False):
            rows = kpi_due.missing_of_unit(Indicator.objects.live(), unit_id, path, today,
                                           days, late=late).annotate(
                unit_name=Subquery(unit.values("name")[:1]),
                unit_name_ru=Subquery(unit.values("name_ru")[:1]),
                unit_name_en=Subquery(unit.values("name_en")[:1]))
            parts.append(Rows(rows, due=F("period_end"), a=translated("name", lang),
                              b=translated("unit_name", lang), c=F("period_id"),
                              d=Value(unit_id, output_field=IntegerField()),
                              e=Value(days.days, output_field=IntegerField())))
    return parts


def kpi_item(row: Row, today: datetime.date) -> InboxItem:
    """Due by the period's end plus the grace days; overdue once that has passed."""
    url = reverse("processes:kpi", args=[row.pk]) + f"?period={row.c}&unit={row.d}"
    deadline = row.due + datetime.timedelta(days=int(row.e)) if row.due else None
    if deadline is not None and deadline < today:
        urgency = Urgency.OVERDUE
    elif deadline is not None and deadline <= today + datetime.timedelta(days=SOON_DAYS):
        urgency = Urgency.SOON
    else:
        urgency = Urgency.WAITING
    return InboxItem(_("KPI value"), f"{row.a} — {row.b}", url, due=deadline,
                     urgency=urgency)


def kpi_who(today: datetime.date) -> set[int]:
    return set(RoleAssignment.objects.filter(role__in=ENTERING_ROLES)
               .values_list("person_id", flat=True))


register(Provider("policy", policy_items, who=policy_who, order=30))
register(Provider("kpis", rows=kpi_rows, item=kpi_item, who=kpi_who, order=40))
