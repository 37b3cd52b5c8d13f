"""Processes (with their cards), process groups, KPIs, their measurements, periods.

Permissions are those of `sapat.processes.permissions` (the process map and KPIs are the
university's common documents: everyone with a role there reads them); values are written
through `processes.services.measurement_record`, status comes from `kpi_status`.
"""
import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from sapat.org.access import may_configure, require_configure
from sapat.org.models import Period, Person, Position, Unit
from sapat.processes import kpi_status
from sapat.processes import permissions as pp
from sapat.processes.models import Indicator, Measurement, Process, ProcessGroup
from sapat.processes.services import measurement_record

from .base import EditViewSet, FullViewSet, ReadOnlyViewSet
from .fields import DescribedFieldsMixin, ScopedSlugField, VersionedModelSerializer
from .risks_api import BulkCreateMixin, BulkErrorsSerializer


class UniversitySlugField(serializers.SlugRelatedField):
    """A reference to a record of a university where the caller has a role.

    `university_field` is the path to the record's Unit; "" means the record is a Unit.
    """

    def __init__(self, *, university_field: str = "unit", **kwargs):
        self.university_field = university_field
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        if not self.university_field:
            return queryset  # checked per record in to_internal_value
        return queryset.filter(pp.university_q(request.user, self.university_field))

    def to_internal_value(self, data):
        obj = super().to_internal_value(data)
        request = self.context.get("request")
        if not self.university_field and not pp.may_read_university_record(request.user, obj):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return obj


class UniversityScopedMixin:
    """Rows of the universities where the caller holds a role (`processes.permissions`)."""

    university_field = "unit"

    def get_queryset(self):
        queryset = self.base_queryset()
        if hasattr(queryset.model, "archived_at"):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.filter(pp.university_q(self.user, self.university_field))


# Groups --------------------------------------------------------------------------------

class ProcessGroupSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    label = serializers.CharField(read_only=True,
                                  help_text=_("The name in the language of the request."))

    class Meta:
        model = ProcessGroup
        fields = ["id", "code", "name", "name_ru", "name_en", "label", "order"]
        read_only_fields = fields


class ProcessGroupViewSet(ReadOnlyViewSet):
    """Management, core and support process groups, read only."""

    queryset = ProcessGroup.objects.all()
    serializer_class = ProcessGroupSerializer
    filterset_fields = ["code"]
    ordering_fields = ["order", "code"]
    ordering = ["order", "pk"]

    def get_queryset(self):
        return self.base_queryset()


# Processes -----------------------------------------------------------------------------

class ProcessSerializer(VersionedModelSerializer):
    group = serializers.SlugRelatedField(
        slug_field="code", queryset=ProcessGroup.objects.all(), allow_null=True,
        required=False, help_text=_("The process group's code: management, core, support."),
    )
    unit = UniversitySlugField(
        slug_field="code", queryset=Unit.objects.all(), university_field="",
        help_text=_("The code of the responsible unit (usually the university)."),
    )
    owner_position = ScopedSlugField(
        slug_field="code", queryset=Position.objects.all(), scope_field=None, allow_null=True,
        required=False, help_text=_("The code of the owner's position."),
    )
    owner_person = ScopedSlugField(
        slug_field="username", queryset=Person.objects.all(), scope_field=None,
        allow_null=True, required=False, help_text=_("The owner's user name."),
    )
    owner_units = UniversitySlugField(
        slug_field="code", queryset=Unit.objects.all(), university_field="", many=True,
        required=False, help_text=_("Codes of the units that run the process."),
    )
    label = serializers.CharField(read_only=True,
                                  help_text=_("The name in the language of the request."))
    owner = serializers.CharField(read_only=True,
                                  help_text=_("The owner as the card prints it."))

    class Meta:
        model = Process
        fields = [
            "id", "code", "number", "name", "name_ru", "name_en", "label", "group", "unit",
            "goal", "inputs", "outputs", "resources", "owner_text", "owner_position",
            "owner_person", "owner", "owner_units", "version",
        ]


class ProcessFilter(django_filters.FilterSet):
    group = django_filters.CharFilter(field_name="group__code",
                                      help_text=_("A process group's code."))

    class Meta:
        model = Process
        fields = ["code"]


class ProcessViewSet(UniversityScopedMixin, FullViewSet):
    """Processes with their cards (Appendix 2). The QMS office adds and archives them; the
    QMS office and the process's owner edit its card."""

    serializer_class = ProcessSerializer
    filterset_class = ProcessFilter
    ordering_fields = ["number", "code", "name"]
    ordering = ["number", "pk"]

    def base_queryset(self):
        return Process.objects.select_related(
            "group", "unit", "owner_position__holder", "owner_person"
        ).prefetch_related("owner_units")

    def check_may_create_somewhere(self):
        require_configure(self.user)

    def check_create(self, validated_data):
        require_configure(self.user)

    def check_update(self, instance):
        pp.require_edit_process(self.user, instance)

    def check_move(self, instance, validated_data):
        if "unit" in validated_data and validated_data["unit"] != instance.unit:
            require_configure(self.user)

    def check_delete(self, instance):
        require_configure(self.user)


# Indicators ----------------------------------------------------------------------------

class IndicatorSerializer(VersionedModelSerializer):
    process = UniversitySlugField(
        slug_field="code", queryset=Process.objects.filter(archived_at__isnull=True),
        help_text=_("The code of the process the KPI measures."),
    )
    owner_unit = UniversitySlugField(
        slug_field="code", queryset=Unit.objects.all(), university_field="",
        help_text=_("The code of the unit that owns the KPI."),
    )
    reporting_units = UniversitySlugField(
        slug_field="code", queryset=Unit.objects.all(), university_field="", many=True,
        required=False,
        help_text=_("When each unit reports its own value: the codes of the units asked for "
                    "it (under the owner unit). Empty: the departments and subject-cycle "
                    "commissions under the owner unit."),
    )
    label = serializers.CharField(read_only=True,
                                  help_text=_("The name in the language of the request."))

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "name_ru", "name_en", "label", "process", "owner_unit",
            "per_unit", "reporting_units", "measure_unit", "target", "direction",
            "tolerance", "frequency", "data_source", "order", "version",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        owner = attrs.get("owner_unit") or getattr(self.instance, "owner_unit", None)
        outside = [u for u in attrs.get("reporting_units") or []
                   if owner is not None and not u.is_within(owner)]
        if outside:
            raise serializers.ValidationError({"reporting_units": _(
                "These units are not under the owner unit: %(units)s."
            ) % {"units": ", ".join(str(u) for u in outside)}})
        return attrs


class IndicatorFilter(django_filters.FilterSet):
    process = django_filters.CharFilter(field_name="process__code",
                                        help_text=_("A process's code."))
    owner_unit = django_filters.CharFilter(field_name="owner_unit__code",
                                           help_text=_("The owner unit's code."))

    class Meta:
        model = Indicator
        fields = ["code", "frequency", "direction"]


class IndicatorViewSet(UniversityScopedMixin, FullViewSet):
    """KPIs of the processes. The QMS office and the process owner define them."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    university_field = "owner_unit"
    ordering_fields = ["order", "code", "name"]
    ordering = ["process__number", "order", "pk"]

    def base_queryset(self):
        return Indicator.objects.select_related("process", "owner_unit").prefetch_related(
            "reporting_units")

    def check_may_create_somewhere(self):
        if not may_configure(self.user) and not Process.objects.filter(
            Q(owner_person=self.user) | Q(owner_position__holder=self.user)
        ).exists():
            raise DjangoPermissionDenied

    def check_create(self, validated_data):
        if not pp.may_manage_kpis(self.user, validated_data["process"]):
            raise DjangoPermissionDenied

    def check_update(self, instance):
        if not pp.may_manage_indicator(self.user, instance):
            raise DjangoPermissionDenied

    def check_move(self, instance, validated_data):
        if "process" in validated_data:
            self.check_create(validated_data)

    check_delete = check_update


# Periods -------------------------------------------------------------------------------

class PeriodSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True,
                                 help_text=_("The period as printed, e.g. “2025–2026, quarter I”."))
    year = serializers.CharField(source="year.__str__", read_only=True,
                                 help_text=_("The academic year, e.g. “2025–2026”."))

    class Meta:
        model = Period
        fields = ["id", "name", "year", "kind", "number", "start", "end"]
        read_only_fields = fields


class PeriodFilter(django_filters.FilterSet):
    on = django_filters.DateFilter(method="filter_on",
                                   help_text=_("Periods that include this date."))
    current_year = django_filters.BooleanFilter(field_name="year__is_current",
                                                help_text=_("Periods of the current year."))

    class Meta:
        model = Period
        fields = ["kind", "number"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)


class PeriodViewSet(ReadOnlyViewSet):
    """Reporting periods (years, semesters, quarters), read only."""

    queryset = Period.objects.select_related("year")
    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["start"]
    ordering = ["start", "kind", "pk"]

    def get_queryset(self):
        return self.base_queryset()


# Measurements --------------------------------------------------------------------------

class MeasurementSerializer(VersionedModelSerializer):
    indicator = UniversitySlugField(
        slug_field="code", queryset=Indicator.objects.filter(archived_at__isnull=True),
        university_field="owner_unit", help_text=_("The KPI's code."),
    )
    period = serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.all(),
        help_text=_("The id of the period (see /api/v1/periods/); its kind must be the "
                    "KPI's frequency."),
    )
    unit = UniversitySlugField(
        slug_field="code", queryset=Unit.objects.all(), university_field="", required=False,
        help_text=_("The code of the unit the value is for; default: the KPI's owner unit."),
    )
    status = serializers.ChoiceField(
        choices=kpi_status.Status.choices, read_only=True,
        help_text=_("Red, amber or green against the target (computed)."),
    )
    entered_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True,
        help_text=_("Who entered the value."),
    )
    version = serializers.IntegerField(
        required=False, min_value=0,
        help_text=_("Optimistic locking: the version you loaded (0 or absent for a new "
                    "value). A value already stored for the same KPI, period and unit is "
                    "not overwritten unless you send its version: you get 409 and it."),
    )

    confirm = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text=_("A value far from the KPI's previous values (beyond three times their "
                    "spread) is refused with 400 and the previous values, unless you send "
                    "confirm: true. Percentages outside 0–100 are always refused."),
    )

    class Meta:
        model = Measurement
        fields = ["id", "indicator", "period", "unit", "value", "comment", "status",
                  "entered_by", "entered_at", "version", "confirm"]
        read_only_fields = ["entered_at"]
        # A second value for the same KPI, period and unit is a 409 from the service
        # (with the stored value), not a uniqueness error.
        validators = []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        indicator = attrs.get("indicator") or getattr(self.instance, "indicator", None)
        if self.instance is None and "unit" not in attrs and indicator is not None:
            attrs["unit"] = indicator.owner_unit
        if self.instance is not None:
            for name in ("indicator", "period", "unit"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: _(
                        "A value stays with its KPI, period and unit; post a new value instead."
                    )})
        return attrs

    def _record(self, indicator, period, unit, data, expected):
        request = self.context["request"]
        if not pp.may_enter_measurement(request.user, indicator, unit):
            raise DjangoPermissionDenied
        return measurement_record(
            indicator=indicator, period=period, unit=unit, value=data["value"],
            comment=data.get("comment", ""), by=request.user, expected_version=expected,
            confirmed=bool(data.get("confirm")),
        )

    def create(self, validated_data):
        return self._record(validated_data["indicator"], validated_data["period"],
                            validated_data["unit"], validated_data,
                            validated_data.get("version") or 0)

    def update(self, instance, validated_data):
        data = {"value": instance.value, "comment": instance.comment, **validated_data}
        return self._record(instance.indicator, instance.period, instance.unit, data,
                            validated_data["version"])


class MeasurementFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code",
                                          help_text=_("A KPI's code."))
    process = django_filters.CharFilter(field_name="indicator__process__code",
                                        help_text=_("A process's code."))
    unit = django_filters.CharFilter(field_name="unit__code", help_text=_("A unit's code."))
    period = django_filters.NumberFilter(field_name="period_id", help_text=_("A period's id."))
    period_kind = django_filters.ChoiceFilter(field_name="period__kind",
                                              choices=Period.Kind.choices,
                                              help_text=_("year, semester or quarter."))

    class Meta:
        model = Measurement
        fields = []


class MeasurementViewSet(BulkCreateMixin, UniversityScopedMixin, EditViewSet):
    """KPI values by period and unit. POST adds a value (409 if one is already stored for
    that KPI, period and unit and you did not send its version); PUT/PATCH correct one."""

    serializer_class = MeasurementSerializer
    filterset_class = MeasurementFilter
    ordering_fields = ["period", "unit", "entered_at"]
    ordering_aliases = {"period": "period__start", "unit": "unit__path"}
    ordering = ["indicator_id", "period__start", "unit__path", "pk"]

    def base_queryset(self):
        return Measurement.objects.select_related(
            "indicator", "period__year", "unit", "entered_by"
        )

    def check_may_create_somewhere(self):
        if not (pp.may_enter_any_measurement(self.user) or may_configure(self.user)):
            raise DjangoPermissionDenied

    def check_create(self, validated_data):
        pass  # the serializer asks may_enter_measurement for the KPI and unit

    def check_update(self, instance):
        if not pp.may_enter_measurement(self.user, instance.indicator, instance.unit):
            raise DjangoPermissionDenied

    def check_move(self, instance, validated_data):
        pass

    @extend_schema(request=MeasurementSerializer(many=True),
                   responses={201: MeasurementSerializer(many=True), 400: BulkErrorsSerializer,
                              409: BulkErrorsSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Post many values (a quarter's KPIs, say) in one request: all of them, or none."""
        return self._bulk(request)
