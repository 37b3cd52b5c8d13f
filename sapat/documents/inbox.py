"""What waits in documents: versions to acknowledge, versions to review, reviews of
documents due or overdue for their owners. Each is a part of the inbox's one query,
whatever the number of documents (the person's grants are read once per request)."""
from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sapat.inbox.registry import InboxItem, Provider, Row, Rows, Urgency, register
from sapat.lib.models import translated
from sapat.org.access import RULES, Action, grants
from sapat.org.models import RoleAssignment

from .models import Acknowledgement, Document, DocumentVersion, ReviewComment, VersionState

REVIEW_SOON_DAYS = 30


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[0]).replace("/0/", f"/{pk}/")


def to_acknowledge(person):
    from .permissions import audience_q
    from .policy import POLICY_CODE

    # The quality policy is asked for by its own inbox item (sapat.processes); reading it
    # there or here records both (see `policy`).
    documents = Document.objects.filter(audience_q(person), archived_at__isnull=True)
    return (DocumentVersion.objects.filter(state=VersionState.IN_FORCE,
                                           document__in=documents.values("pk"))
            .exclude(document__code=POLICY_CODE)
            .exclude(Exists(Acknowledgement.objects.filter(version=OuterRef("pk"),
                                                           person_id=person.pk))))


def _language() -> str:
    return (get_language() or "ky")[:2]


def ack_rows(person, today: datetime.date) -> Rows | None:
    if not grants(person):
        return None
    return Rows(to_acknowledge(person), a=F("document__code"),
                b=translated("document__title", _language()), c=F("number"))


def ack_item(row: Row, today: datetime.date) -> InboxItem:
    return InboxItem(_("Acknowledgement"),
                     gettext("Read %(doc)s, version %(n)s") % {"doc": f"{row.a} {row.b}",
                                                                "n": row.c},
                     _url("documents:version", row.pk))


def ack_who(today: datetime.date) -> set[int]:
    """People holding a role somewhere in a university with a document in force (a
    superset: the items themselves say who is in which audience)."""
    roots = set(Document.objects.live().filter(versions__state=VersionState.IN_FORCE)
                .values_list("university__path", flat=True))
    if not roots:
        return set()
    people = set()
    for person_id, path in RoleAssignment.objects.values_list("person_id", "unit__path"):
        if path.split(".")[0] in roots:
            people.add(person_id)
    return people


def review_rows(person, today: datetime.date) -> Rows | None:
    """Versions the person reviews and has not commented on yet."""
    if not person.is_authenticated:
        return None
    return Rows(DocumentVersion.objects.filter(state=VersionState.REVIEW, reviewers=person,
                                               document__archived_at__isnull=True)
                .exclude(Exists(ReviewComment.objects.filter(version=OuterRef("pk"),
                                                             author_id=person.pk))),
                a=F("document__code"), b=translated("document__title", _language()),
                c=F("number"))


def review_item(row: Row, today: datetime.date) -> InboxItem:
    title = gettext("%(doc)s, version %(n)s") % {"doc": f"{row.a} {row.b}", "n": row.c}
    return InboxItem(_("Document review"), title, _url("documents:version", row.pk),
                     urgency=Urgency.SOON)


def review_who(today: datetime.date) -> set[int]:
    return set(DocumentVersion.reviewers.through.objects.filter(
        documentversion__state=VersionState.REVIEW).values_list("person_id", flat=True))


def owner_units(person) -> list[int]:
    """The units whose documents `person` keeps: where they hold a role that updates."""
    return sorted({g.unit_id for g in grants(person)
                   if Action.UPDATE in RULES[g.role].actions})


def reviews_due(today: datetime.date):
    horizon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    return Document.objects.live().filter(next_review__isnull=False,
                                          next_review__lte=horizon)


def due_rows(person, today: datetime.date) -> Rows | None:
    units = owner_units(person)
    if not units:
        return None
    return Rows(reviews_due(today).filter(owner_unit_id__in=units), due=F("next_review"),
                a=F("code"), b=translated("title", _language()))


def due_item(row: Row, today: datetime.date) -> InboxItem:
    return InboxItem(
        _("Document review date"), f"{row.a} {row.b}", _url("documents:detail", row.pk),
        due=row.due, urgency=Urgency.OVERDUE if row.due < today else Urgency.SOON)


def due_who(today: datetime.date) -> set[int]:
    units = set(reviews_due(today).values_list("owner_unit_id", flat=True))
    if not units:
        return set()
    roles = [role for role, rule in RULES.items() if Action.UPDATE in rule.actions]
    return set(RoleAssignment.objects.filter(unit_id__in=units, role__in=roles)
               .values_list("person_id", flat=True))




register(Provider("document-reviews", rows=review_rows, item=review_item, who=review_who,
                  order=12))
register(Provider("document-acknowledgements", rows=ack_rows, item=ack_item, who=ack_who,
                  order=32))
register(Provider("document-review-dates", rows=due_rows, item=due_item, who=due_who,
                  order=45))
