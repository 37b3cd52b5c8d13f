"""What waits on management reviews: their outputs for the people responsible (the
tracked-action rule of `sapat.risks.tracked`), and a review whose date is near for the QMS
office (to prepare) and the rector (to hold). Approvals of the reports wait in the
approvals app's own items."""
from __future__ import annotations

import datetime

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.inbox.registry import InboxItem, Provider, Row, Rows, Urgency
from sapat.inbox.registry import register as register_provider

HORIZON_DAYS = 30


def _near(today: datetime.date):
    from .models import ManagementReview

    return ManagementReview.objects.live().filter(
        state=ManagementReview.State.PREPARATION,
        planned_on__lte=today + datetime.timedelta(days=HORIZON_DAYS))


def reviews_rows(person, today: datetime.date) -> Rows | None:
    """Reviews near their date in the universities where the person is the QMS office
    (to prepare) or the rector (to hold): a part of the inbox's one query."""
    from sapat.org.access import grants
    from sapat.org.models import Role

    if person.is_superuser:
        return None
    roles = {g.role: g.path for g in grants(person) if g.role in (Role.QMS, Role.RECTOR)}
    if not roles:
        return None
    # A role anywhere in a university (the QMS office is a unit of it) reaches its review.
    universities = {path.split(".")[0] for path in roles.values()}
    return Rows(_near(today).filter(university__path__in=universities), due=F("planned_on"),
                a=F("period_start"), b=F("period_end"),
                c=Value("hold" if Role.RECTOR in roles else "prepare"))


def review_item(row: Row, today: datetime.date) -> InboxItem:
    kind = _("Management review to hold") if row.c == "hold" else \
        _("Management review to prepare")
    start, end = (datetime.date.fromisoformat(str(d)[:10]) for d in (row.a, row.b))
    title = str(_("Management review %(from)s – %(to)s") % {
        "from": f"{start:%d.%m.%Y}", "to": f"{end:%d.%m.%Y}"})
    return InboxItem(kind, title, reverse("reviews:detail", args=[row.pk]), due=row.due,
                     urgency=Urgency.OVERDUE if row.due < today else Urgency.SOON)


def who(today: datetime.date) -> set[int]:
    from sapat.org.models import Role, RoleAssignment

    if not _near(today).exists():
        return set()
    return set(RoleAssignment.objects.filter(role__in=[Role.QMS, Role.RECTOR])
               .values_list("person_id", flat=True))


def register() -> None:
    from sapat.lib.models import translated
    from sapat.risks.tracked import register_actions

    from .models import ReviewOutput

    register_actions(
        "review_outputs", label=_("Management review decision"),
        actions=lambda: ReviewOutput.objects.live(),
        # Outputs are written in Kyrgyz and Russian (no English copy).
        columns=lambda lang: (translated("text", "ru" if lang == "ru" else "ky"),
                              Concat(Value("№ "), Cast("number", CharField()),
                                     output_field=CharField())),
        url=lambda o: reverse("reviews:output", args=[o.pk]),
        order=26,
    )
    register_provider(Provider("reviews", rows=reviews_rows, item=review_item, who=who,
                               order=27))
