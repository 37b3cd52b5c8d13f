"""What waits for each person: every app says what of its work waits for whom.

An app registers a provider from its AppConfig.ready():

    register(Provider("measures", measures_for, who=people_with_measures))

The home page spends at most three queries on the whole inbox, however many apps add to
it, so a provider gives its part as a query, not as items:

    def rows(person, today) -> Rows | None:      # None: nothing can wait for this person
        return Rows(Measure.objects.filter(...), due=F("due_date"), a=F("text"))

    def item(row: Row, today) -> InboxItem | None:   # no queries here
        return InboxItem(_("Measure"), row.a, reverse(..., args=[row.pk]), due=row.due)

    register(Provider("measures", rows=rows, item=item, who=people_with_measures))

Every provider's `rows` (one `Rows`, or a list of them) are read together in one UNION
query (`Rows`: the queryset, its `pk`, a `due` date and up to five texts `a`–`e`, each any
query expression). A provider
may instead give `items_for(person, today) -> list[InboxItem]` and pay a query of its own
(kept for providers whose work is not one queryset). `who(today) -> set of person ids`
names, for the daily e-mail digest, the people who may have an item (None: anyone might).
The inbox imports no app.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import DateField, F, IntegerField, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Urgency:
    """How soon an item needs the person: the inbox lists the most urgent first."""

    OVERDUE = "overdue"
    SOON = "soon"
    WAITING = "waiting"

    LABELS = {OVERDUE: _("overdue"), SOON: _("due soon"), WAITING: _("waiting")}
    ORDER = {OVERDUE: 0, SOON: 1, WAITING: 2}


@dataclass(frozen=True)
class InboxItem:
    kind: str  # what sort of work, translated ("Approval", "Measure")
    title: str
    url: str  # where the work is done
    due: datetime.date | None = None
    urgency: str = Urgency.WAITING

    @property
    def urgency_label(self) -> str:
        return str(Urgency.LABELS.get(self.urgency, ""))


@dataclass(frozen=True)
class Rows:
    """A provider's part of the inbox's one query: which records, and the columns its
    `item` reads (query expressions; None where it needs none)."""

    queryset: QuerySet
    due: object = None
    a: object = None
    b: object = None
    c: object = None
    d: object = None
    e: object = None
    pk: object = None  # F("pk") unless given

    def values(self, index: int) -> QuerySet:
        def text(expression):
            if expression is None:
                return Cast(Value(None), TextField())
            return Cast(expression, TextField())

        due = Cast(Value(None), DateField()) if self.due is None else Cast(self.due,
                                                                             DateField())
        return (self.queryset.order_by()
                .annotate(_inbox_ix=Value(index, output_field=IntegerField()),
                          _inbox_pk=Cast(self.pk if self.pk is not None else F("pk"),
                                         IntegerField()),
                          _inbox_due=due, _inbox_a=text(self.a), _inbox_b=text(self.b),
                          _inbox_c=text(self.c), _inbox_d=text(self.d),
                          _inbox_e=text(self.e))
                .values_list("_inbox_ix", "_inbox_pk", "_inbox_due", "_inbox_a", "_inbox_b",
                             "_inbox_c", "_inbox_d", "_inbox_e"))


@dataclass(frozen=True)
class Row:
    """One record of a provider's `Rows`, as its `item` receives it."""

    pk: int
    due: datetime.date | None
    a: str | None
    b: str | None
    c: str | None
    d: str | None
    e: str | None


@dataclass(frozen=True)
class Provider:
    key: str
    items_for: Callable[[object, datetime.date], list[InboxItem]] | None = None
    who: Callable[[datetime.date], set[int] | None] | None = None
    order: int = 100
    rows: Callable[[object, datetime.date], Rows | list[Rows] | None] | None = None
    item: Callable[[Row, datetime.date], InboxItem | None] | None = None


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Add (or replace, by key) a provider; call from an AppConfig.ready()."""
    _PROVIDERS[provider.key] = provider


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


def items_for(person, today: datetime.date | None = None) -> list[InboxItem]:
    """Everything that waits for `person`, most urgent first.

    Kept on the person object for the rest of the request (the home page and the menu
    count ask twice), never longer: app servers stay stateless.
    """
    if person is None or not person.is_authenticated or not person.is_active:
        return []
    today = today or timezone.localdate()
    cached = getattr(person, "_sapat_inbox", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    items: list[InboxItem] = []
    parts, makers = [], []
    for provider in providers():
        if provider.rows is None:
            items.extend(provider.items_for(person, today))
            continue
        rows = provider.rows(person, today)
        if rows is None:
            continue
        for part in rows if isinstance(rows, list) else [rows]:
            parts.append(part.values(len(makers)))
        makers.append(provider.item)
    if parts:
        union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for index, *values in union:
            made = makers[index](Row(*values), today)
            if made is not None:
                items.append(made)
    far = datetime.date.max
    items.sort(key=lambda i: (Urgency.ORDER.get(i.urgency, 9), i.due or far, str(i.title)))
    person._sapat_inbox = (today, items)
    return items


def forget(person) -> None:
    """Drop the items remembered on this person object (after an action changed them)."""
    if hasattr(person, "_sapat_inbox"):
        del person._sapat_inbox


def people_to_notify(today: datetime.date) -> set[int] | None:
    """Ids of the people who may have an item today (None: anyone might)."""
    found: set[int] = set()
    for provider in providers():
        if provider.who is None:
            return None
        found |= provider.who(today)
    return found
