"""Readable change history of any record kept by django-simple-history.

`changes_of(obj)` returns the record's history newest first, each entry with who, when,
what kind of change, and the fields that changed with their old and new values shown as
a person would read them (choice labels, names of related records, yes/no).
"""
from dataclasses import dataclass, field

from django.db import models
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


def _tracked_fields(history_model, excluded: set[str]):
    skip = {"id", "version"} | excluded
    return [
        f for f in history_model.instance_type._meta.concrete_fields
        if f.name not in skip and f.editable
    ]


def _display(f, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return str(related.get((f.related_model, value), value))
    if isinstance(f, models.BooleanField):
        return str(_("yes") if value else _("no"))
    return str(value)


def changes_of(obj, limit: int = 200) -> list[Entry]:
    """The change history of `obj`, newest first (at most `limit` entries)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date",
                                                                        "-history_id")[:limit])
    if not records:
        return []
    history_model = type(records[0])
    excluded = set(getattr(obj.history.model, "_history_excluded_fields", []) or [])
    fields = _tracked_fields(history_model, excluded)
    related = _related_objects(records, fields)
    entries = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        for f in fields:
            new = getattr(record, f.attname, None)
            old = getattr(previous, f.attname, None) if previous else None
            if previous is None and record.history_type == "+":
                if new in (None, ""):
                    continue
            elif new == old:
                continue
            changes.append(Change(str(f.verbose_name), _display(f, old, related) if previous
                                  else "—", _display(f, new, related)))
        entries.append(Entry(
            when=record.history_date, who=record.history_user,
            kind=record.history_type, kind_label=str(KIND_LABELS.get(record.history_type, "")),
            reason=record.history_change_reason or "", changes=changes,
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
