"""Bulk writes with their history rows: fast, yet the records look made through the app.

`bulk_create` skips `save()`, signals and simple-history, so the history a screen reads
(the risk page's changes, a passport's "last change", the QMS office's stale passports)
is written here explicitly, dated as the synthetic world says, not by the wall clock.
"""
from __future__ import annotations

import contextlib
import datetime

from django.db import models

from sapat.lib.progress import Progress

BATCH = 1000


@contextlib.contextmanager
def dates_as_given(*fields: models.DateTimeField):
    """Let `auto_now`/`auto_now_add` fields keep the value given (deterministic rows).

    The fields are switched back on when the block ends, even on an error.
    """
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f, _now, _add in saved:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


class Writer:
    """Inserts rows in batches, counts them on the progress bar, and keeps history."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.counts: dict[str, int] = {}

    def _count(self, model, n: int) -> None:
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + n
        self.progress.advance(n)

    def create(self, model, objs: list, *, history: bool = True,
               when=None, by=None) -> list:
        """Insert `objs` (primary keys come back) and, if the model keeps history, a
        "created" history row for each, dated `when(obj)` and made by `by(obj)`."""
        for start in range(0, len(objs), BATCH):
            chunk = objs[start:start + BATCH]
            model.objects.bulk_create(chunk, batch_size=BATCH)
            self._count(model, len(chunk))
        if history and hasattr(model, "history"):
            self.history(model, [(obj, "+", when(obj) if when else None,
                                  by(obj) if by else None, "") for obj in objs])
        return objs

    def through(self, relation, rows: list[tuple[int, int]]) -> None:
        """Rows of a many-to-many table, e.g. `Risk.responsible_positions`."""
        through = relation.through
        source = relation.field.m2m_field_name() + "_id"
        target = relation.field.m2m_reverse_field_name() + "_id"
        objs = [through(**{source: a, target: b}) for a, b in rows]
        for start in range(0, len(objs), BATCH):
            through.objects.bulk_create(objs[start:start + BATCH], batch_size=BATCH)
            self._count(through, len(objs[start:start + BATCH]))

    def history(self, model, entries: list[tuple]) -> None:
        """History rows: (record, "+" or "~", datetime, person id or None, reason).

        The row holds the record's fields as they are now, so callers that replay a
        change (a re-assessment) pass a copy of the record as it was after that change.
        """
        history_model = model.history.model
        fields = [f.attname for f in history_model.tracked_fields]
        rows = []
        for obj, kind, when, by, reason in entries:
            row = history_model(
                history_date=when, history_type=kind, history_user_id=by,
                history_change_reason=reason or None,
                **{name: getattr(obj, name) for name in fields},
            )
            rows.append(row)
        for start in range(0, len(rows), BATCH):
            history_model.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH)
            self._count(history_model, len(rows[start:start + BATCH]))


def at(day: datetime.date, minutes: int, tz) -> datetime.datetime:
    """A moment of a working day: 09:00 plus `minutes`, in the university's time zone."""
    moment = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz)
    return moment + datetime.timedelta(minutes=minutes)
