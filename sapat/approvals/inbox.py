"""What waits in approvals: requests awaiting the person's body, and their own returned
requests. Part of the inbox's one query whatever the number of requests (the person's
grants are read once per request already)."""
import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.inbox.registry import InboxItem, Provider, Row, Rows, Urgency, register
from sapat.org.models import RoleAssignment

from .models import ApprovalRequest, State
from .permissions import bodies_q
from .registry import BODY_ROLE


def rows(person, today: datetime.date) -> Rows:
    """Requests awaiting a body the person speaks for, and their own returned requests."""
    return Rows(ApprovalRequest.objects.filter(
        (Q(state=State.SUBMITTED) & bodies_q(person))
        | Q(state=State.RETURNED, submitted_by=person)
    ), a=F("kind"), b=F("title"), c=F("number"), d=F("url"), e=F("state"))


def item(row: Row, today: datetime.date) -> InboxItem:
    # The request as far as its title and link need it (no query: describe reads fields).
    request = ApprovalRequest(pk=row.pk, kind=row.a, title=row.b or "",
                              number=int(row.c or 1), url=row.d or "", state=row.e)
    url = request.record_url or reverse("approvals:detail", args=[row.pk])
    if request.state == State.RETURNED:
        return InboxItem(_("Returned for correction"), str(request), url,
                         urgency=Urgency.SOON)
    return InboxItem(_("Approval"), str(request), url)


def who(today: datetime.date) -> set[int]:
    waiting = set(ApprovalRequest.objects.waiting().values_list("body", flat=True).distinct())
    people = set(RoleAssignment.objects.filter(
        role__in=[BODY_ROLE[b] for b in waiting if b in BODY_ROLE]
    ).values_list("person_id", flat=True)) if waiting else set()
    people |= set(ApprovalRequest.objects.filter(state=State.RETURNED)
                  .exclude(submitted_by=None).values_list("submitted_by_id", flat=True))
    return people


register(Provider("approvals", rows=rows, item=item, who=who, order=10))
