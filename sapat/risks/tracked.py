"""What waits for a person among tracked actions (`models.TrackedAction`), for the inbox
and the daily digest — one rule for measures, corrective actions, review outputs and
meeting decisions alike: an open action with a due date that has passed or falls within
the horizon (`HORIZON` days, 14 unless `send_reminders(days=…)` says otherwise).

An app with a kind of tracked action registers it once, e.g. in its AppConfig.ready::

    from sapat.risks.tracked import register_actions

    register_actions(
        "corrective_actions", label=_("Corrective action"),
        actions=lambda: CorrectiveAction.objects.live().select_related("nonconformity"),
        columns=lambda lang: (translated("text", lang), F("nonconformity__number")),
        url=lambda a: reverse("improvement:action", args=[a.pk]),
        order=25,
    )

and its actions then appear in each responsible person's inbox, on the home page and in
the e-mail digest, marked overdue or due soon.

Every kind is read with every other provider's part of the inbox in one UNION query
(`sapat.inbox.registry.Rows`), so more kinds of action cost the home page nothing more.
"""
from __future__ import annotations

import contextvars
import datetime
from collections.abc import Callable
from types import SimpleNamespace

from django.db.models import F, QuerySet
from django.utils.translation import get_language

from sapat.inbox import registry as inbox
from sapat.lib.models import translated  # noqa: F401  (apps import it from here too)

DEFAULT_DAYS = 14
# How many days ahead count as "due soon": `send_reminders(days=…)` sets it for its run.
HORIZON = contextvars.ContextVar("measure_horizon_days", default=DEFAULT_DAYS)


def due(actions: QuerySet, today: datetime.date, days: int | None = None) -> QuerySet:
    """Open actions of `actions`, overdue or due within `days` (the horizon by default)."""
    horizon = today + datetime.timedelta(days=HORIZON.get() if days is None else days)
    return actions.open().filter(due_date__isnull=False, due_date__lte=horizon)


def people_responsible(actions: QuerySet) -> set[int]:
    """Ids of the people who answer for any of `actions`, directly or by position."""
    model = actions.model
    own = f"{model._meta.model_name}__in"
    people = set(model.responsible_people.through.objects.filter(
        **{own: actions}).values_list("person_id", flat=True))
    people |= set(model.responsible_positions.through.objects.filter(
        **{own: actions}, position__holder__isnull=False,
    ).values_list("position__holder_id", flat=True))
    return people


def register_actions(name: str, *, label, actions: Callable[[], QuerySet],
                     columns: Callable[[str], tuple], url: Callable[[object], str],
                     order: int = 20) -> None:
    """Put one kind of tracked action into the inbox and the digest (see the module doc).

    `actions()` returns the live actions of the kind; `columns(lang) -> (text, context)`
    gives the action's text and what it belongs to as query expressions in the reader's
    language (`translated("text", lang)`), read in the inbox's one query with every other
    kind's. `url` receives an object with only `pk`."""

    def rows(person, today: datetime.date) -> inbox.Rows | None:
        if person.pk is None:
            return None
        text, context = columns((get_language() or "ky")[:2])
        return inbox.Rows(due(actions(), today).assigned_to(person), due=F("due_date"),
                          a=text, b=context)

    def item(row: inbox.Row, today: datetime.date) -> inbox.InboxItem:
        text, context = (row.a or "")[:200], (row.b or "")[:120]
        return inbox.InboxItem(
            label, f"{text} — {context}" if context else text,
            url(SimpleNamespace(pk=row.pk)), due=row.due,
            urgency=inbox.Urgency.OVERDUE if row.due < today else inbox.Urgency.SOON)

    def who(today: datetime.date) -> set[int]:
        return people_responsible(due(actions(), today))

    inbox.register(inbox.Provider(name, rows=rows, item=item, who=who, order=order))
