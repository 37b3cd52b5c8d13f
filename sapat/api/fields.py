"""Serializer fields and base serializers shared by every endpoint."""
import copy

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sapat.lib.locking import related_differ, save_versioned
from sapat.org.access import Action, scope_q


class ScopedSlugField(serializers.SlugRelatedField):
    """A reference by code (or user name) that accepts only records the caller may read.

    `scope_field` is the path from the related model to its governing Unit ("" for Unit
    itself, "unit" for a Position…); `None` accepts any record (people, say).
    """

    def __init__(self, *, scope_field: str | None = "unit", **kwargs):
        self.scope_field = scope_field
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        if self.scope_field is None or request is None:
            return queryset
        return queryset.filter(scope_q(request.user, Action.READ, self.scope_field))


def fresh_copy(field):
    """A copy of an unbound template field, ready to be bound to one serializer.

    DRF's own deepcopy builds every field again from its arguments, which took a tenth
    of a small request. The state a field gets from its arguments is not changed after
    that; what binding sets (name, parent, source) goes on the copy. Fields that hold a
    bound child (a list of references, a list, a nested serializer) copy the child too.
    """
    if isinstance(field, serializers.BaseSerializer) or hasattr(field, "child"):
        return copy.deepcopy(field)
    clone = _shallow(field)
    if "_validators" in clone.__dict__:
        clone._validators = list(clone._validators)
    if isinstance(field, serializers.ManyRelatedField):
        clone.child_relation = _shallow(field.child_relation)
        clone.child_relation.parent = clone  # its name and source are bound already
    return clone


def _shallow(obj):
    # What copy.copy() does for a plain object, without its slower generic protocol.
    clone = object.__new__(type(obj))
    clone.__dict__.update(obj.__dict__)
    return clone


class DescribedFieldsMixin:
    """Every field gets a description in the schema: its help text, else its model field's
    verbose name (translated), else its label.

    The fields of a serializer class are built once and copied for each use: building a
    ModelSerializer's fields from the model is a noticeable share of a small request.
    """

    _field_templates: dict = {}

    def get_fields(self):
        cls = type(self)
        template = DescribedFieldsMixin._field_templates.get(cls)
        if template is None:
            template = self._described_fields()
            DescribedFieldsMixin._field_templates[cls] = template
        return {name: fresh_copy(field) for name, field in template.items()}

    def _described_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field in fields.items():
            if field.help_text:
                continue
            described = field.label
            if model is not None:
                try:
                    described = model._meta.get_field(field.source or name).verbose_name
                except Exception:  # noqa: BLE001 - not a model field (a property, say)
                    pass
            field.help_text = described or name.replace("_", " ").capitalize()
            # A copied field is built again from its arguments: keep the text there too.
            if hasattr(field, "_kwargs"):
                field._kwargs["help_text"] = field.help_text
        return fields


class VersionedModelSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    """A record with optimistic locking and the model's own validation (`full_clean`).

    Updates must send the `version` they loaded; a stale one raises `StaleRecord`, which
    the API answers with 409 and the current record.
    """

    version = serializers.IntegerField(
        required=False, min_value=1,
        help_text=_(
            "Optimistic locking: send the version you loaded with every update; a stale "
            "one is refused with 409. Ignored on create."
        ),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": _("Send the version of the record you loaded.")}
            )
        return attrs

    def _split_m2m(self, validated_data):
        m2m = {}
        for name in list(validated_data):
            field = self.Meta.model._meta.get_field(name) if name != "version" else None
            if field is not None and field.many_to_many:
                m2m[name] = validated_data.pop(name)
        return m2m

    @transaction.atomic
    def create(self, validated_data):
        validated_data.pop("version", None)
        m2m = self._split_m2m(validated_data)
        instance = self.Meta.model(**validated_data)
        instance.full_clean(validate_unique=False)
        instance.save()
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        return instance

    @transaction.atomic
    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        m2m = self._split_m2m(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.full_clean(validate_unique=False)
        save_versioned(instance, expected, related_changed=related_differ(instance, m2m))
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        return instance
