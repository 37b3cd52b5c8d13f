"""Optimistic locking for `Versioned` records.

A form carries the version it was rendered with. On save, the row is written only if its
version is still that one; otherwise `StaleRecord` is raised with the current record, so
that the view can show the person what changed since they opened it.
"""
import zlib

from django import forms
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _


class StaleRecord(Exception):
    """The record changed after the editor loaded it."""

    def __init__(self, current):
        super().__init__("stale record")
        self.current = current


def one_at_a_time(name: str) -> None:
    """Wait until no other transaction holds `name`; hold it until this one ends.

    For work that reads before it writes a value others may pick too (the next number in
    the university register). PostgreSQL: a transaction-level advisory lock. SQLite runs
    one writing transaction at a time already (transaction_mode IMMEDIATE), so nothing is
    needed there. Call inside `transaction.atomic()`.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])


def _differs(instance, current) -> bool:
    """Does `instance` hold a value other than the stored row `current` (version aside)?"""
    for field in type(instance)._meta.concrete_fields:
        if field.primary_key or field.attname == "version":
            continue
        mine, stored = getattr(instance, field.attname), getattr(current, field.attname)
        if getattr(mine, "_committed", True) is False:  # a file uploaded just now
            return True
        if mine != stored:
            return True
    return False


def related_differ(instance, lists: dict) -> bool:
    """Would setting these many-to-many lists (field name → records or ids; None: left as
    it is) change what `instance` holds?"""
    for name, targets in lists.items():
        if targets is None:
            continue
        new = {getattr(t, "pk", t) for t in targets}
        if new != set(getattr(instance, name).values_list("pk", flat=True)):
            return True
    return False


def save_versioned(instance, expected_version: int, update_fields=None, *,
                   related_changed: bool = False):
    """Save `instance` if the stored row still has `expected_version`; bump the version.

    Runs in a transaction with the row locked (where the database supports it), so that
    of two concurrent saves with the same version exactly one wins. The whole row is
    written, so the object must have been read at that version too: one read before a
    change that moved the version (an archive, an escalation, a status) is refused as
    stale, even when the version sent is the newest. A save that changes nothing writes
    nothing: no new version, no history row. `related_changed`: the caller changes rows
    that hang on this one (many-to-many lists, a scale's levels), which move the version
    too.
    """
    model = type(instance)
    with transaction.atomic():
        current = model._base_manager.select_for_update().get(pk=instance.pk)
        loaded = getattr(instance, "loaded_version", None)
        if current.version != expected_version or loaded not in (None, current.version):
            raise StaleRecord(current)
        if not related_changed and not _differs(instance, current):
            instance.version = current.version
            return instance
        instance.version = expected_version + 1
        instance.save()
        instance.loaded_version = instance.version
    return instance


class VersionedFormMixin(forms.Form):
    """A ModelForm mixin: a hidden `version` field checked on save.

    Use `form.save()` as usual; a stale version becomes a form error naming the fields
    that another person changed, and nothing is written.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stale_message = _(
        "Someone else saved this record after you opened it. Their changes are shown "
        "below; review them and save again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.stale_changes: list[tuple[str, object, object]] = []

    def clean(self):
        cleaned = super().clean()
        if self.instance and self.instance.pk:
            sent = cleaned.get("version")
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            ).first()
            if sent is None or sent != stored:
                self._note_stale()
                raise forms.ValidationError(self.stale_message, code="stale")
        return cleaned

    def _note_stale(self):
        current = type(self.instance)._base_manager.get(pk=self.instance.pk)
        for name in self.Meta.fields:
            field = self.fields.get(name)
            if field is None or not hasattr(current, name):
                continue
            mine = self.cleaned_data.get(name, self.initial.get(name))
            theirs = getattr(current, name)
            if hasattr(theirs, "all"):
                continue
            if str(mine) != str(theirs):
                self.stale_changes.append((field.label, theirs, mine))
        # Show the newest values the next time the form is rendered.
        self.data = self.data.copy()
        self.data["version"] = current.version

    def save(self, commit=True):
        instance = super().save(commit=False)
        if not commit:
            return instance
        if instance.pk:
            lists = {f.name: self.cleaned_data[f.name] for f in instance._meta.many_to_many
                     if f.name in self.cleaned_data and f.name in self.fields}
            try:
                save_versioned(instance, self.cleaned_data["version"],
                               related_changed=related_differ(instance, lists))
            except StaleRecord:
                self._note_stale()
                self.add_error(None, forms.ValidationError(self.stale_message, code="stale"))
                raise
        else:
            instance.save()
        self.save_m2m()
        return instance


def save_form(request, form):
    """Save a (versioned) form in a transaction and say so; None when invalid or stale.

    On a stale version nothing is written and the form carries the other person's changes
    (`form.stale_changes`) for the page to show.
    """
    from django.contrib import messages
    from django.utils.translation import gettext

    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            obj = form.save()
    except StaleRecord:
        return None
    messages.success(request, gettext("Saved."))
    return obj
