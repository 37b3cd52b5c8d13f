"""Django admin for versioned QMS records: an admin save is a change like any other.

A save through the admin checks the version the change form was rendered with, moves the
version on and writes a history row (`sapat.lib.locking.save_versioned`), so that an edit
form someone opened before the admin save is refused as stale instead of writing the old
values back, and an admin form opened before someone else's save gets the conflict too.
Rows that hang on the record (many-to-many lists, inline levels) move the version as well.
"""
from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from simple_history.admin import SimpleHistoryAdmin

from .locking import VersionedFormMixin, related_differ, save_versioned


class VersionedAdminForm(VersionedFormMixin, forms.ModelForm):
    """The admin's change form with the hidden version, checked with the row locked.

    The admin saves inside one transaction (`ModelAdmin.changeform_view`); the row is
    locked here, before the check, so that the check and the save see the same version.
    """

    def clean(self):
        instance = self.instance
        if instance is not None and instance.pk:
            stored = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
            loaded = getattr(instance, "loaded_version", None)
            if loaded not in (None, stored.version):
                # The object the admin is about to save was read before another change.
                self._note_stale()
                raise forms.ValidationError(self.stale_message, code="stale")
        return super().clean()


class VersionedAdmin(SimpleHistoryAdmin):
    """Admin for a `Versioned` model: saves go through the version check."""

    form = VersionedAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The hidden version is the form's own field, not the model's (it is not editable):
        # it is rendered with the fieldsets but kept out of the model fields asked for.
        fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(
            self.get_fieldsets(request, obj))
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != "version"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if not change:
            obj.save()
            return
        lists = {f.name: form.cleaned_data[f.name] for f in obj._meta.many_to_many
                 if f.name in form.cleaned_data and f.name in form.fields}
        save_versioned(obj, form.cleaned_data["version"],
                       related_changed=related_differ(obj, lists))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        moved = obj.version != form.cleaned_data.get("version")
        if change and not moved and any(formset.has_changed() for formset in formsets):
            # Only inline rows changed (a scale's levels): they are the record too.
            obj._history_user = request.user
            obj.save_state([])
