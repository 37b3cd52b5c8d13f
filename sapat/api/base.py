"""The viewset every endpoint builds on: scope from `org.access`, soft delete, locking.

A subclass names its model's path to the governing Unit (`unit_field`) and, where the app
has record rules, overrides the `check_*` hooks to call the app's `permissions.py`.
The default hooks ask `org.access.require` exactly as the screens do: a record out of
reach is 404, a readable record the caller may not change is 403.
"""
from django.db import transaction
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated

from sapat.org.access import Action, may_anywhere, require, require_configure, scope_q

from .filters import BACKENDS


class ThrottleAnonymousFirst:
    """Count anonymous calls before refusing them: DRF asks permissions before throttles,
    so without this an anonymous client would never meet the anonymous rate."""

    def check_permissions(self, request):
        if not request.user.is_authenticated:
            self.check_throttles(request)
        super().check_permissions(request)


class ScopedViewSet(ThrottleAnonymousFirst, viewsets.GenericViewSet):
    unit_field = "unit"
    # The serializer field that names the unit a new record belongs to.
    unit_input = "unit"
    permission_classes = [IsAuthenticated]
    filter_backends = BACKENDS

    @property
    def user(self):
        return self.request.user

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        queryset = self.base_queryset()
        if hasattr(queryset.model, "archived_at"):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.filter(scope_q(self.user, Action.READ, self.unit_field))

    # Permission hooks: the same questions the screens ask.
    def check_may_create_somewhere(self):
        if not may_anywhere(self.user, Action.CREATE):
            raise PermissionDenied

    def check_create(self, validated_data):
        require(self.user, Action.CREATE, validated_data.get(self.unit_input))

    def check_update(self, instance):
        require(self.user, Action.UPDATE, instance.access_unit)

    def check_move(self, instance, validated_data):
        """An update that moves a record to another unit needs the right to create there."""
        new_unit = validated_data.get(self.unit_input)
        if new_unit is not None and new_unit != getattr(instance, self.unit_input, None):
            require(self.user, Action.CREATE, new_unit)

    def check_delete(self, instance):
        require(self.user, Action.DELETE, instance.access_unit)


class ConfigureOnlyMixin:
    """Records only the QMS office changes (units, positions, scales…)."""

    def check_may_create_somewhere(self):
        require_configure(self.user)

    def check_create(self, validated_data):
        require_configure(self.user)

    def check_update(self, instance):
        require_configure(self.user)

    def check_move(self, instance, validated_data):
        pass

    def check_delete(self, instance):
        require_configure(self.user)


class CreateMixin(mixins.CreateModelMixin):
    def create(self, request, *args, **kwargs):
        self.check_may_create_somewhere()
        return super().create(request, *args, **kwargs)

    # Atomic where the writing happens (the apps' services, VersionedModelSerializer):
    # one transaction, no savepoint around it.
    def perform_create(self, serializer):
        self.check_create(serializer.validated_data)
        serializer.save()


class UpdateMixin(mixins.UpdateModelMixin):
    def update(self, request, *args, **kwargs):
        # Asked before validation: a caller who may not edit learns nothing from errors.
        self.check_update(self.get_object())
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        self.check_move(serializer.instance, serializer.validated_data)
        serializer.save()


class DestroyMixin(mixins.DestroyModelMixin):
    """DELETE archives QMS records (soft delete with history); others are removed."""

    @transaction.atomic
    def perform_destroy(self, instance):
        self.check_delete(instance)
        if hasattr(instance, "archive"):
            instance.archive()
        else:
            instance.delete()


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


class EditViewSet(CreateMixin, UpdateMixin, ReadOnlyViewSet):
    """List, retrieve, create, update (no delete)."""


class FullViewSet(DestroyMixin, EditViewSet):
    """List, retrieve, create, update, delete (archive)."""

