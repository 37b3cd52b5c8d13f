"""Units, positions and people."""
import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sapat.org.access import people_visible_to
from sapat.org.models import Person, Position, RoleAssignment, Unit

from .base import ConfigureOnlyMixin, EditViewSet, ReadOnlyViewSet
from .fields import DescribedFieldsMixin, ScopedSlugField, VersionedModelSerializer


def unit_ref(**kwargs):
    """A unit referred to by its code (stable across databases, unlike ids)."""
    kwargs.setdefault("help_text", _("The unit's code, e.g. “dep-it”."))
    return ScopedSlugField(slug_field="code", queryset=Unit.objects.all(), scope_field="",
                           **kwargs)


class WithinFilterMixin(django_filters.FilterSet):
    """`?within=<unit code>`: records of that unit and of every unit below it."""

    within = django_filters.CharFilter(
        method="filter_within",
        help_text=_("A unit's code: records of that unit and of every unit below it."),
    )
    within_field = "unit"

    def filter_within(self, queryset, name, value):
        unit = Unit.objects.filter(code=value).only("path").first()
        if unit is None:
            return queryset.none()
        lookup = f"{self.within_field}__path" if self.within_field else "path"
        return queryset.filter(Q(**{lookup: unit.path})
                               | Q(**{f"{lookup}__startswith": unit.path + "."}))


# Units ---------------------------------------------------------------------------------

class UnitSerializer(VersionedModelSerializer):
    parent = unit_ref(allow_null=True, required=False,
                      help_text=_("The code of the unit this one belongs to."))
    label = serializers.CharField(read_only=True,
                                  help_text=_("The name in the language of the request."))

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "name_ru", "name_en", "label", "kind", "parent",
                  "abbreviation", "order", "is_active", "path", "depth", "version"]
        read_only_fields = ["path", "depth"]
        extra_kwargs = {
            "path": {"help_text": _("Position in the tree: the ids of the unit's ancestors.")},
            "depth": {"help_text": _("Depth in the tree: 0 for a university.")},
        }


class UnitFilter(WithinFilterMixin):
    within_field = ""

    class Meta:
        model = Unit
        fields = {"kind": ["exact"], "is_active": ["exact"], "code": ["exact"],
                  "parent__code": ["exact"]}


class UnitViewSet(ConfigureOnlyMixin, EditViewSet):
    """Units of the university's tree the caller may read; the QMS office edits them."""

    queryset = Unit.objects.select_related("parent")
    serializer_class = UnitSerializer
    unit_field = ""
    filterset_class = UnitFilter
    ordering_fields = ["path", "code", "name", "order"]
    ordering = ["path"]


# Positions -----------------------------------------------------------------------------

class PositionSerializer(VersionedModelSerializer):
    unit = unit_ref()
    holder = ScopedSlugField(
        slug_field="username", queryset=Person.objects.all(), scope_field=None,
        allow_null=True, required=False,
        help_text=_("The user name of the person who holds the position; null if vacant."),
    )
    label = serializers.CharField(read_only=True,
                                  help_text=_("The name in the language of the request."))

    class Meta:
        model = Position
        fields = ["id", "code", "name", "name_ru", "name_en", "label", "unit", "holder",
                  "order", "version"]


class PositionFilter(WithinFilterMixin):
    class Meta:
        model = Position
        fields = {"unit__code": ["exact"], "holder__username": ["exact"], "code": ["exact"]}


class PositionViewSet(ConfigureOnlyMixin, EditViewSet):
    """Positions (posts the regulation names as responsible); the QMS office edits them."""

    queryset = Position.objects.select_related("unit", "holder")
    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    ordering_fields = ["order", "name", "code"]
    ordering = ["unit__path", "order"]


# People --------------------------------------------------------------------------------

class RoleSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                        help_text=_("The code of the unit the role is held in."))

    class Meta:
        model = RoleAssignment
        fields = ["role", "unit"]


class PersonSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True,
                                        help_text=_("The code of the unit where they work."))
    roles = RoleSerializer(many=True, read_only=True,
                           help_text=_("Roles and where they hold them."))
    name = serializers.CharField(source="__str__", read_only=True,
                                 help_text=_("The name to show."))

    class Meta:
        model = Person
        fields = ["id", "username", "name", "full_name", "email", "unit", "language",
                  "is_active", "roles"]
        read_only_fields = fields


class PersonFilter(WithinFilterMixin):
    q = django_filters.CharFilter(method="filter_q",
                                  help_text=_("Part of the full name or user name."))

    class Meta:
        model = Person
        fields = {"unit__code": ["exact"], "is_active": ["exact"], "username": ["exact"]}

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(username__icontains=value))


class PersonViewSet(ReadOnlyViewSet):
    """People who work in units the caller may read (and the caller), read only."""

    queryset = Person.objects.select_related("unit").prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.select_related("unit"))
    )
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["full_name", "username"]
    ordering = ["full_name", "username"]

    def get_queryset(self):
        return self.base_queryset().filter(pk__in=people_visible_to(self.user).values("pk"))
