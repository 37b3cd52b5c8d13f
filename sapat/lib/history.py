"""Readable change history of any record kept by django-simple-history.

`changes_of(obj)` returns the record's history newest first, each entry with who, when,
what kind of change, and the fields that changed with their old and new values shown as
a person would read them (choice labels, names of related records, yes/no).
"""
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: object
    kind: str
    kind_label: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    subject: str = ""  # the child record it concerns (a risk's measure), if not the record


# State changes made through `save_state` (not editable on a form, but a person's act).
STATE_FIELDS = {"archived_at"}


def _tracked_fields(history_model, excluded: set[str]):
    skip = {"id", "version"} | excluded
    return [
        f for f in history_model.instance_type._meta.concrete_fields
        if f.name not in skip and (f.editable or f.name in STATE_FIELDS)
    ]


def _display(f, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(f, models.DateTimeField):
        from django.utils import formats, timezone

        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(f, models.DateField):
        from django.utils import formats

        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return str(related.get((f.related_model, value), value))
    if isinstance(f, models.BooleanField):
        return str(_("yes") if value else _("no"))
    return str(value)


def changes_of(obj, limit: int = 200) -> list[Entry]:
    """The change history of `obj`, newest first (at most `limit` entries).

    A save that changed nothing a person can see (and gave no reason) is left out: no
    empty "changed · system" lines. A model naming `history_children` (reverse relations,
    e.g. a risk's "measures") shows its children's changes too, each marked with the
    child it concerns (`Entry.subject`), in a fixed number of queries.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date",
                                                                        "-history_id")[:limit])
    entries = _entries(obj.history.model, records) if records else []
    for name in getattr(type(obj), "history_children", ()):
        relation = obj._meta.get_field(name)
        child_model = relation.related_model
        child_records = list(
            child_model.history.filter(**{relation.field.attname: obj.pk})
            .select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        )
        if child_records:
            entries += _entries(child_model.history.model, child_records, subjects=True)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _entries(history_model, records, subjects: bool = False) -> list[Entry]:
    """Entries of history `records` (newest first; of one record, or of several by id)."""
    excluded = set(getattr(history_model, "_history_excluded_fields", []) or [])
    fields = _tracked_fields(history_model, excluded)
    related = _related_objects(records, fields)
    by_record: dict = {}
    for record in records:
        by_record.setdefault(record.id, []).append(record)
    entries = []
    for same in by_record.values():
        subject = (f"{capfirst(history_model.instance_type._meta.verbose_name)} "
                   f"«{same[0].instance}»") if subjects else ""
        for i, record in enumerate(same):
            previous = same[i + 1] if i + 1 < len(same) else None
            changes = []
            for f in fields:
                new = getattr(record, f.attname, None)
                old = getattr(previous, f.attname, None) if previous else None
                if previous is None and record.history_type == "+":
                    if new in (None, ""):
                        continue
                elif new == old:
                    continue
                changes.append(Change(str(f.verbose_name),
                                      _display(f, old, related) if previous else "—",
                                      _display(f, new, related)))
            reason = record.history_change_reason or ""
            if record.history_type == "~" and not changes and not reason:
                continue
            entries.append(Entry(
                when=record.history_date, who=record.history_user,
                kind=record.history_type,
                kind_label=str(KIND_LABELS.get(record.history_type, "")),
                reason=reason, changes=changes, subject=subject,
            ))
    return entries


def _related_objects(records, fields) -> dict:
    """Names of every related record mentioned in the history, one query per model."""
    wanted: dict = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            ids = {getattr(r, f.attname) for r in records} - {None}
            if ids:
                wanted.setdefault(f.related_model, set()).update(ids)
    found = {}
    for model, ids in wanted.items():
        for obj in model._base_manager.filter(pk__in=ids):
            found[(model, obj.pk)] = obj
    return found
