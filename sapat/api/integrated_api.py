"""`/api/v1/integrated/`: the integrated table “QMS + risks and opportunities” (Appendix 6).

The rows are built by `sapat.reports.integrated` (the screen's and the exports' own code),
with the screen's filters; this module only turns them into JSON.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from sapat.reports import integrated

from .base import ThrottleAnonymousFirst
from .fields import DescribedFieldsMixin


class KpiCellSerializer(DescribedFieldsMixin, serializers.Serializer):
    label = serializers.CharField(help_text=_("The KPI's name."))
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                     help_text=_("The latest (or the period's) value."))
    measure_unit = serializers.CharField(help_text=_("Unit of measure."))
    status = serializers.CharField(help_text=_("green, amber, red or none."))
    status_label = serializers.CharField(help_text=_("The status in words."))


class MeasureCellSerializer(DescribedFieldsMixin, serializers.Serializer):
    text = serializers.CharField(help_text=_("The measure."))
    deadline = serializers.CharField(help_text=_("Due date or rhythm."))
    status = serializers.CharField(help_text=_("planned, in_progress, done or cancelled."))
    status_label = serializers.CharField(help_text=_("The status in words."))
    result = serializers.CharField(help_text=_("What it achieved."))
    overdue = serializers.BooleanField(help_text=_("Open and past its due date."))


class CellsSerializer(serializers.Serializer):
    """The nine columns of the regulation's table, as plain text."""

    def get_fields(self):
        return {
            column.key: serializers.CharField(
                allow_null=True, help_text=str(column.header), label=str(column.header),
            )
            for column in integrated.COLUMNS
        }

    def to_representation(self, instance):
        return {key: (None if value is None else str(value)) for key, value in instance.items()}


class IntegratedRowSerializer(DescribedFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[integrated.RowKind.PROCESS, integrated.RowKind.RISK,
                 integrated.RowKind.OPPORTUNITY],
        help_text=_("What the row is about: a process alone, a risk or an opportunity."),
    )
    process = serializers.SerializerMethodField(help_text=_("The process's code."))
    record_id = serializers.SerializerMethodField(
        help_text=_("The id of the risk or opportunity (see /risks/, /opportunities/)."),
    )
    unit = serializers.SerializerMethodField(help_text=_("The code of the record's unit."))
    band = serializers.CharField(help_text=_("The band of a risk's level (computed)."))
    residual_band = serializers.CharField(help_text=_("The band of the residual level."))
    cells = CellsSerializer(help_text=_("The nine columns as the regulation prints them."))
    kpis = KpiCellSerializer(many=True, help_text=_("The process's KPIs (column 4)."))
    measures = MeasureCellSerializer(many=True, help_text=_("The measures (column 8)."))

    def get_process(self, row) -> str | None:
        return row.process.code if row.process else None

    def get_record_id(self, row) -> int | None:
        return row.record.pk if row.record else None

    def get_unit(self, row) -> str | None:
        return row.unit.code if row.unit else None


FILTERS = [
    OpenApiParameter("unit", str, description=_("A unit's code: its records and those of "
                                                "the units below it.")),
    OpenApiParameter("process", str, description=_("A process's code.")),
    OpenApiParameter("category", str, description=_("A risk category's code (risks only).")),
    OpenApiParameter("band", str, enum=["low", "medium", "high"],
                     description=_("The band of L × C (risks only).")),
    OpenApiParameter("status", str, description=_("A risk's or opportunity's status.")),
    OpenApiParameter("period", OpenApiTypes.INT,
                     description=_("A period's id: KPI values of that period, measures due "
                                   "in it.")),
]


class IntegratedViewSet(ThrottleAnonymousFirst, viewsets.GenericViewSet):
    """The integrated table, with the screen's filters; rows the caller may read."""

    serializer_class = IntegratedRowSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    @extend_schema(parameters=FILTERS)
    def list(self, request):
        rows = integrated.integrated_rows(person=request.user, params=request.query_params)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
