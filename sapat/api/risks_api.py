"""Risks, opportunities, measures, re-assessments and the risk scale.

Writes go through `sapat.risks.services` (which check `org.access` and validate);
level and band come from `sapat.risks.scoring` and are read-only here.
"""
import logging

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from sapat.lib.locking import StaleRecord, save_versioned
from sapat.org.access import Action, require_configure, scope_q
from sapat.org.models import Person, Position
from sapat.processes.models import Process
from sapat.risks import permissions, scoring, services
from sapat.risks.models import (
    Assessment,
    Measure,
    Opportunity,
    Risk,
    RiskBand,
    RiskCategory,
    RiskScale,
    ScaleLevel,
)

from .base import ConfigureOnlyMixin, FullViewSet, ReadOnlyViewSet
from .exceptions import django_errors
from .fields import DescribedFieldsMixin, ScopedSlugField, VersionedModelSerializer
from .org_api import WithinFilterMixin, unit_ref
from .responsible import attach_responsible, many, remember_responsible

logger = logging.getLogger(__name__)
BULK_MAX = 1000


def position_refs():
    return many(
        ScopedSlugField(slug_field="code", queryset=Position.objects.all(), scope_field=None),
        required=False, help_text=_("Codes of the responsible positions."),
    )


class AssignablePersonField(ScopedSlugField):
    """A responsible person by user name: only people the caller may assign
    (`assignable_people`), or one the record already names; anyone else reads as unknown."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return super().get_queryset()
        serializer = getattr(self.parent, "parent", None)
        record = getattr(serializer, "instance", None)
        if not hasattr(record, "responsible_people"):
            record = None
        return permissions.assignable_people(request.user, record)


def people_refs():
    return many(
        AssignablePersonField(slug_field="username", queryset=Person.objects.all(),
                              scope_field=None),
        required=False, help_text=_("User names of the responsible people."),
    )


def process_ref():
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Process.objects.filter(archived_at__isnull=True),
        allow_null=True, required=False, help_text=_("The process's code, e.g. “education”."),
    )


def category_ref():
    return serializers.SlugRelatedField(
        slug_field="code", queryset=RiskCategory.objects.all(), allow_null=True, required=False,
        help_text=_("The risk category's code, e.g. “academic”."),
    )


def _service_fields(validated: dict, allowed) -> dict:
    return {k: v for k, v in validated.items() if k in allowed}


def _responsible(validated: dict) -> dict:
    return {
        "positions": validated.pop("responsible_positions", None),
        "people": validated.pop("responsible_people", None),
    }


# Risks ---------------------------------------------------------------------------------

class RiskSerializer(VersionedModelSerializer):
    unit = unit_ref(help_text=_("The code of the unit whose risk passport holds the risk; "
                                "fixed after creation."))
    process = process_ref()
    category = category_ref()
    responsible_positions = position_refs()
    responsible_people = people_refs()
    level = serializers.IntegerField(
        read_only=True,
        help_text=_("Likelihood × consequences, computed by the scale; never accepted."),
    )
    band = serializers.CharField(
        source="band.code", read_only=True, allow_null=True,
        help_text=_("The band of the level on the active scale: low, medium or high."),
    )
    band_label = serializers.CharField(
        source="band.label", read_only=True, allow_null=True,
        help_text=_("The band's name in the language of the request."),
    )
    residual_level = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text=_("The residual level after measures (computed; never accepted)."),
    )
    residual_band = serializers.CharField(
        source="residual_band.code", read_only=True, allow_null=True,
        help_text=_("The band of the residual level."),
    )
    responsible = serializers.CharField(
        source="responsible_display", read_only=True,
        help_text=_("Who is responsible, as printed in the passport."),
    )
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True,
        help_text=_("Who added the risk."),
    )
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True,
        help_text=_("Why the scores changed (kept with the re-assessment)."),
    )

    class Meta:
        model = Risk
        fields = [
            "id", "unit", "process", "category", "title", "cause", "consequences_text",
            "likelihood", "consequences", "level", "band", "band_label",
            "residual_likelihood", "residual_consequences", "residual_score",
            "residual_level", "residual_band", "responsible_positions", "responsible_people",
            "responsible_text", "responsible", "measures_text", "deadline_text", "deadline",
            "status", "next_review", "escalated", "register_number", "created_by",
            "created_at", "version", "reason", "process_goal", "inputs", "outputs",
            "indicators_text", *Risk.translation_fields(),
        ]
        read_only_fields = ["status", "escalated", "register_number", "created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "unit" in attrs and attrs["unit"] != self.instance.unit:
            raise serializers.ValidationError({"unit": _(
                "A risk stays in its unit's passport; add it to the other unit instead."
            )})
        return attrs

    def create(self, validated_data):
        data = dict(validated_data)
        data.pop("version", None)
        data.pop("reason", None)
        responsible = _responsible(data)
        risk = services.risk_create(
            by=self.context["request"].user, unit=data.pop("unit"), title=data.pop("title"),
            likelihood=data.pop("likelihood"), consequences=data.pop("consequences"),
            **responsible, **_service_fields(data, services.RISK_FIELDS),
        )
        remember_responsible(risk, **responsible)
        return risk

    def update(self, instance, validated_data):
        data = dict(validated_data)
        expected = data.pop("version")
        reason = data.pop("reason", "")
        responsible = _responsible(data)
        return services.risk_update(
            risk=instance, by=self.context["request"].user, expected_version=expected,
            reason=reason, **responsible, **_service_fields(data, services.RISK_FIELDS),
        )


class RiskFilter(WithinFilterMixin):
    unit = django_filters.CharFilter(field_name="unit__code",
                                     help_text=_("A unit's code: that unit's passport only."))
    process = django_filters.CharFilter(field_name="process__code",
                                        help_text=_("A process's code."))
    category = django_filters.CharFilter(field_name="category__code",
                                         help_text=_("A risk category's code."))
    band = django_filters.ChoiceFilter(
        choices=RiskBand.Code.choices, method="filter_band",
        help_text=_("Risks whose level falls in this band of the active scale."),
    )
    level_min = django_filters.NumberFilter(field_name=scoring.LEVEL, lookup_expr="gte",
                                            help_text=_("Risks with at least this level."))
    level_max = django_filters.NumberFilter(field_name=scoring.LEVEL, lookup_expr="lte",
                                            help_text=_("Risks with at most this level."))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  help_text=_("Part of the risk's wording."))

    class Meta:
        model = Risk
        fields = ["status", "escalated"]

    def filter_band(self, queryset, name, value):
        band = scoring.load_bands().by_code(value)
        return queryset.filter(scoring.band_q(band)) if band else queryset.none()


class AttachResponsibleMixin:
    """Lists and single records get their responsible positions and people attached."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_responsible(page if page is not None else queryset)
        return page

    def get_object(self):
        obj = super().get_object()
        # Only for reading: the lists stand in for querysets, and writes need the real ones.
        if self.action == "retrieve":
            attach_responsible([obj])
        return obj


class BulkErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong."))
    code = serializers.CharField(help_text=_("“invalid”, or the kind of error."))
    errors = serializers.JSONField(
        required=False,
        help_text=_("A list with one entry per item sent ({} when valid), or "
                    "{\"non_field_errors\": [...]} when the body is not a list."),
    )
    current = serializers.JSONField(
        required=False,
        help_text=_("409 only: one entry per item sent, the record already stored for an "
                    "item refused as a conflict, null for the others."),
    )


class BulkCreateMixin:
    """POST …/bulk/ with a JSON list: all items are created, or none (400 naming each; 409
    with the stored records when every refused item is already stored)."""

    bulk_create_service = None  # callable(serializer_instance, validated) -> record

    def _bulk(self, request):
        self.check_may_create_somewhere()
        items = request.data
        if not isinstance(items, list) or not items:
            raise serializers.ValidationError(
                {"non_field_errors": [_gettext("Send a JSON list of records.")]}
            )
        if len(items) > BULK_MAX:
            raise serializers.ValidationError({"non_field_errors": [
                _gettext("At most %(n)s records in one request.") % {"n": BULK_MAX}
            ]})
        serializer = self.get_serializer(data=items, many=True)
        if not serializer.is_valid():
            return self._bulk_errors(self._as_list(serializer.errors, len(items)))
        errors = [{} for _item in items]
        stored = [None for _item in items]  # the record already stored, for a conflict
        created = []
        with transaction.atomic():
            for i, data in enumerate(serializer.validated_data):
                try:
                    with transaction.atomic():
                        self.check_create(data)
                        created.append(serializer.child.create(data))
                except DjangoValidationError as exc:
                    errors[i] = django_errors(exc)
                except (DjangoPermissionDenied, Http404):
                    errors[i] = {"unit": [_gettext("You may not add records to this unit.")]}
                except StaleRecord as stale:
                    if stale.current is not None:
                        stored[i] = self.get_serializer(stale.current).data
                    errors[i] = {"version": [_gettext(
                        "A record for the same key is already stored; send its version "
                        "to replace it."
                    )]}
                except OperationalError:
                    raise  # the database is away or busy: answered 503, try again
                except DatabaseError:
                    # A constraint refused the item (one saved meanwhile, say); the
                    # savepoint is rolled back, so the other items can still be checked.
                    logger.exception("Bulk item %s refused by the database", i)
                    errors[i] = {"non_field_errors": [_gettext(
                        "The database refused this record (perhaps one like it was saved "
                        "meanwhile)."
                    )]}
            if any(errors):
                transaction.set_rollback(True)
                if all(stored[i] is not None for i, e in enumerate(errors) if e):
                    return self._bulk_conflict(errors, stored)
                return self._bulk_errors(errors)
        if created and isinstance(created[0], Risk):
            # One load of the bands for the whole answer, as Risk.objects.with_scoring() does.
            bands = scoring.load_bands()
            for risk in created:
                risk._bands = bands
        out = self.get_serializer(created, many=True)
        return Response(out.data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _as_list(errors, count):
        """One dict per item, `{}` for the good ones (DRF may key errors by index, and an
        item that is not an object gets a bare list of messages)."""
        if isinstance(errors, dict) and "non_field_errors" in errors:
            return errors
        if isinstance(errors, dict):
            errors = [errors.get(str(i), errors.get(i, {})) for i in range(count)]
        return [
            dict(e) if isinstance(e, dict) else {"non_field_errors": list(e)} for e in errors
        ]

    def _bulk_conflict(self, errors, stored):
        """Every refused item is already stored: 409 with the stored records in "current"
        (one per item, null for the others), as a single POST answers."""
        return Response({
            "detail": _gettext("Nothing was saved: the items named in “errors” are already "
                               "stored; “current” holds them. Send their version to replace "
                               "them."),
            "code": "conflict",
            "errors": errors,
            "current": stored,
        }, status=status.HTTP_409_CONFLICT)

    def _bulk_errors(self, errors):
        return Response({
            "detail": _gettext("Nothing was saved: fix the items named in “errors”."),
            "code": "invalid",
            "errors": errors,
        }, status=status.HTTP_400_BAD_REQUEST)


class RiskViewSet(AttachResponsibleMixin, BulkCreateMixin, FullViewSet):
    """Risks of the unit passports the caller may read. DELETE archives the risk."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    ordering_fields = ["level", "residual_level", "title", "created_at", "register_number",
                       "deadline", "unit"]
    ordering_aliases = {"level": scoring.LEVEL, "residual_level": scoring.RESIDUAL_LEVEL,
                        "unit": "unit__path"}
    ordering = ["unit__path", "pk"]

    def base_queryset(self):
        return (
            Risk.objects.with_scoring()
            .select_related("unit", "process", "category", "created_by")
        )

    def perform_destroy(self, instance):
        services.risk_archive(risk=instance, by=self.user)

    @extend_schema(request=RiskSerializer(many=True),
                   responses={201: RiskSerializer(many=True), 400: BulkErrorsSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create many risks in one request: all of them, or none."""
        return self._bulk(request)


# Opportunities -------------------------------------------------------------------------

class OpportunitySerializer(VersionedModelSerializer):
    unit = unit_ref(help_text=_("The code of the unit the opportunity belongs to; fixed "
                                "after creation."))
    process = process_ref()
    responsible_positions = position_refs()
    responsible_people = people_refs()
    priority = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text=_("Benefit × feasibility when both are given (computed)."),
    )
    responsible = serializers.CharField(source="responsible_display", read_only=True,
                                        help_text=_("Who is responsible, as printed."))

    class Meta:
        model = Opportunity
        fields = [
            "id", "unit", "process", "title", "essence", "expected_effect",
            "responsible_positions", "responsible_people", "responsible_text", "responsible",
            "measures_text", "deadline_text", "status", "result", "benefit", "feasibility",
            "priority", "created_at", "version", "inputs", "outputs", "indicators_text",
            *Opportunity.translation_fields(),
        ]
        read_only_fields = ["status", "result", "created_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and "unit" in attrs and attrs["unit"] != self.instance.unit:
            raise serializers.ValidationError({"unit": _(
                "An opportunity stays in its unit; add it to the other unit instead."
            )})
        return attrs

    def create(self, validated_data):
        data = dict(validated_data)
        data.pop("version", None)
        responsible = _responsible(data)
        opportunity = services.opportunity_create(
            by=self.context["request"].user, unit=data.pop("unit"), title=data.pop("title"),
            **responsible, **_service_fields(data, services.OPPORTUNITY_FIELDS),
        )
        remember_responsible(opportunity, **responsible)
        return opportunity

    def update(self, instance, validated_data):
        data = dict(validated_data)
        expected = data.pop("version")
        responsible = _responsible(data)
        return services.opportunity_update(
            opportunity=instance, by=self.context["request"].user, expected_version=expected,
            **responsible, **_service_fields(data, services.OPPORTUNITY_FIELDS),
        )


class OpportunityFilter(WithinFilterMixin):
    unit = django_filters.CharFilter(field_name="unit__code", help_text=_("A unit's code."))
    process = django_filters.CharFilter(field_name="process__code",
                                        help_text=_("A process's code."))
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains",
                                  help_text=_("Part of the opportunity's wording."))

    class Meta:
        model = Opportunity
        fields = ["status", "result"]


class MarkSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Opportunity.Status.choices,
                                     help_text=_("The completion mark."))
    result = serializers.ChoiceField(choices=Opportunity.Result.choices, required=False,
                                     allow_blank=True, help_text=_("The result."))


class OpportunityViewSet(AttachResponsibleMixin, FullViewSet):
    """Opportunities of the units the caller may read. DELETE archives."""

    serializer_class = OpportunitySerializer
    filterset_class = OpportunityFilter
    ordering_fields = ["title", "created_at", "unit"]
    ordering_aliases = {"unit": "unit__path"}
    ordering = ["unit__path", "pk"]

    def base_queryset(self):
        return (
            Opportunity.objects.select_related("unit", "process")
        )

    def perform_destroy(self, instance):
        services.opportunity_archive(opportunity=instance, by=self.user)

    @extend_schema(request=MarkSerializer, responses={200: OpportunitySerializer})
    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        """Set the completion mark and result («Аяктады», «Оң натыйжа»)."""
        opportunity = self.get_object()
        incoming = MarkSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.opportunity_set_mark(
            opportunity=opportunity, by=request.user,
            status=incoming.validated_data["status"],
            result=incoming.validated_data.get("result", ""),
        )
        return Response(self.get_serializer(opportunity).data)


# Measures ------------------------------------------------------------------------------

class ScopedRiskField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return permissions.risks_visible_to(request.user) if request else Risk.objects.none()


class ScopedOpportunityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Opportunity.objects.none()
        return permissions.opportunities_visible_to(request.user)


class MeasureSerializer(VersionedModelSerializer):
    risk = ScopedRiskField(allow_null=True, required=False,
                           help_text=_("The id of the risk the measure treats."))
    opportunity = ScopedOpportunityField(
        allow_null=True, required=False,
        help_text=_("The id of the opportunity the measure pursues."),
    )
    responsible_positions = position_refs()
    responsible_people = people_refs()
    is_overdue = serializers.BooleanField(read_only=True,
                                          help_text=_("Open and past its due date."))
    # The address of the download view, which checks the reader: the file's MEDIA_URL
    # address is served to nobody.
    evidence = serializers.SerializerMethodField(help_text=_("The evidence file, if uploaded."))

    class Meta:
        model = Measure
        fields = [
            "id", "risk", "opportunity", "text", "due_date", "rhythm_text",
            "responsible_positions", "responsible_people", "responsible_text", "status",
            "completed_on", "result", "evidence", "is_overdue", "created_at", "version",
            *Measure.translation_fields(),
        ]
        read_only_fields = ["status", "completed_on", "created_at"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_evidence(self, measure) -> str | None:
        if not measure.evidence:
            return None
        url = reverse("risks:measure_evidence", args=[measure.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and bool(attrs.get("risk")) == bool(attrs.get("opportunity")):
            raise serializers.ValidationError({"non_field_errors": [
                _("A measure belongs to exactly one risk or opportunity.")
            ]})
        if self.instance is not None:
            for name in ("risk", "opportunity"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: _("A measure stays with its risk or opportunity.")}
                    )
        return attrs

    def create(self, validated_data):
        data = dict(validated_data)
        data.pop("version", None)
        responsible = _responsible(data)
        return services.measure_create(
            by=self.context["request"].user, text=data.pop("text"), risk=data.pop("risk", None),
            opportunity=data.pop("opportunity", None), **responsible,
            **_service_fields(data, services.MEASURE_FIELDS),
        )

    def update(self, instance, validated_data):
        data = dict(validated_data)
        expected = data.pop("version")
        responsible = _responsible(data)
        changes = _service_fields(
            data, services.MEASURE_FIELDS | services.MEASURE_PROGRESS_FIELDS
        )
        # Send only what changes: a responsible person may change the progress fields only.
        changes = {k: v for k, v in changes.items() if getattr(instance, k) != v}
        # Lists sent unchanged are not a change of who is responsible.
        if responsible["positions"] is not None and set(responsible["positions"]) == set(
            instance.responsible_positions.all()
        ):
            responsible["positions"] = None
        if responsible["people"] is not None and set(responsible["people"]) == set(
            instance.responsible_people.all()
        ):
            responsible["people"] = None
        return services.measure_update(
            measure=instance, by=self.context["request"].user, expected_version=expected,
            **responsible, **changes,
        )


class MeasureFilter(django_filters.FilterSet):
    risk = django_filters.NumberFilter(field_name="risk_id", help_text=_("A risk's id."))
    opportunity = django_filters.NumberFilter(field_name="opportunity_id",
                                              help_text=_("An opportunity's id."))
    overdue = django_filters.BooleanFilter(method="filter_overdue",
                                           help_text=_("Only overdue (or only not overdue)."))
    mine = django_filters.BooleanFilter(
        method="filter_mine", help_text=_("Only the measures you are responsible for."),
    )

    class Meta:
        model = Measure
        fields = ["status"]

    def filter_overdue(self, queryset, name, value):
        overdue = Measure.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_mine(self, queryset, name, value):
        mine = Measure.objects.assigned_to(self.request.user).values("pk")
        return queryset.filter(pk__in=mine) if value else queryset.exclude(pk__in=mine)


class CompleteSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    on = serializers.DateField(required=False, help_text=_("When it was done (default today)."))
    result = serializers.CharField(required=False, allow_blank=True,
                                   help_text=_("What the measure achieved."))


class MeasureStatusSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    status = serializers.ChoiceField(
        choices=[Measure.Status.PLANNED, Measure.Status.IN_PROGRESS, Measure.Status.CANCELLED],
        help_text=_("planned, in_progress or cancelled (use complete/ for done)."),
    )


class MeasureViewSet(AttachResponsibleMixin, FullViewSet):
    """Measures of readable risks and opportunities, and those you are responsible for.

    A responsible person without edit rights in the unit may change the progress only
    (result; status through complete/ and status/).
    """

    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter
    ordering_fields = ["due_date", "created_at", "status"]
    ordering = ["due_date", "pk"]

    def base_queryset(self):
        return Measure.objects.select_related("risk__unit", "opportunity__unit")

    def get_queryset(self):
        user = self.user
        assigned = Measure.objects.assigned_to(user).values("pk")
        return self.base_queryset().filter(archived_at__isnull=True).filter(
            (scope_q(user, Action.READ, "risk__unit") & Q(risk__archived_at__isnull=True))
            | (scope_q(user, Action.READ, "opportunity__unit")
               & Q(opportunity__archived_at__isnull=True))
            | Q(pk__in=assigned)
        )

    def check_create(self, validated_data):
        pass  # measure_create asks org.access about the risk's or opportunity's unit

    def check_update(self, instance):
        if not permissions.may_progress_measure(self.user, instance):
            permissions.measure_for(self.user, instance.pk, Action.UPDATE)
            raise DjangoPermissionDenied

    def perform_destroy(self, instance):
        services.measure_archive(measure=instance, by=self.user)

    @extend_schema(request=CompleteSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the measure done (unit editors and the responsible people)."""
        measure = self.get_object()
        incoming = CompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        services.measure_complete(
            measure=measure, by=request.user, expected_version=data["version"],
            on=data.get("on"), result=data.get("result", ""),
        )
        return Response(self.get_serializer(measure).data)

    @extend_schema(request=MeasureStatusSerializer, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Start, cancel or reopen the measure."""
        measure = self.get_object()
        incoming = MeasureStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.measure_set_status(
            measure=measure, by=request.user,
            expected_version=incoming.validated_data["version"],
            status=incoming.validated_data["status"],
        )
        return Response(self.get_serializer(measure).data)


# Re-assessments ------------------------------------------------------------------------

class AssessmentSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                      help_text=_("Who re-assessed the risk."))
    old_level = serializers.IntegerField(read_only=True, allow_null=True,
                                         help_text=_("The level before (computed)."))
    new_level = serializers.IntegerField(read_only=True, help_text=_("The level after."))
    old_residual_level = serializers.IntegerField(read_only=True, allow_null=True,
                                                  help_text=_("The residual level before."))
    new_residual_level = serializers.IntegerField(read_only=True, allow_null=True,
                                                  help_text=_("The residual level after."))

    class Meta:
        model = Assessment
        fields = [
            "id", "risk", "by", "at", "old_likelihood", "old_consequences", "old_level",
            "new_likelihood", "new_consequences", "new_level", "old_residual_likelihood",
            "old_residual_consequences", "old_residual_score", "old_residual_level",
            "new_residual_likelihood", "new_residual_consequences", "new_residual_score",
            "new_residual_level", "reason",
        ]
        read_only_fields = fields


class AssessmentFilter(django_filters.FilterSet):
    risk = django_filters.NumberFilter(field_name="risk_id", help_text=_("A risk's id."))

    class Meta:
        model = Assessment
        fields = []


class AssessmentViewSet(ReadOnlyViewSet):
    """The re-assessment history of readable risks (the trend), read only."""

    queryset = Assessment.objects.select_related("by")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    unit_field = "risk__unit"
    ordering_fields = ["at"]
    ordering = ["risk_id", "at", "pk"]

    def get_queryset(self):
        return super().get_queryset().filter(risk__archived_at__isnull=True)


# Categories and the scale --------------------------------------------------------------

class CategorySerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    label = serializers.CharField(read_only=True,
                                  help_text=_("The name in the language of the request."))

    class Meta:
        model = RiskCategory
        fields = ["id", "code", "name", "name_ru", "name_en", "label", "order", "is_active"]
        read_only_fields = fields


class CategoryViewSet(ReadOnlyViewSet):
    """Risk categories (Appendix 4), read only."""

    queryset = RiskCategory.objects.all()
    serializer_class = CategorySerializer
    filterset_fields = ["is_active", "code"]
    ordering_fields = ["order", "code"]
    ordering = ["order", "pk"]

    def get_queryset(self):
        return self.base_queryset()  # the same for everyone signed in


class ScaleLevelSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    label = serializers.CharField(read_only=True,
                                  help_text=_("The description in the language of the request."))

    class Meta:
        model = ScaleLevel
        fields = ["axis", "score", "description", "description_ru", "description_en", "label"]
        extra_kwargs = {"axis": {"read_only": True}, "score": {"read_only": True}}


class BandSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    display_label = serializers.CharField(read_only=True,
                                          help_text=_("The label in the language of the request."))

    class Meta:
        model = RiskBand
        fields = ["code", "min_level", "max_level", "label", "label_ru", "label_en",
                  "display_label", "colour"]
        extra_kwargs = {"code": {"read_only": True}}


class ScaleSerializer(VersionedModelSerializer):
    levels = ScaleLevelSerializer(
        many=True, required=False,
        help_text=_("What each score means on each axis; on update, matched by axis and "
                    "score (send axis and score with each)."),
    )
    bands = BandSerializer(
        many=True, required=False,
        help_text=_("The bands of levels; on update, matched by code. They must cover "
                    "1–25 with no gaps or overlaps."),
    )

    class Meta:
        model = RiskScale
        fields = ["id", "name", "name_ru", "name_en", "is_active", "levels", "bands", "version"]
        read_only_fields = ["is_active"]

    def to_internal_value(self, data):
        # Keep the keys (axis/score, code) that match nested rows; they are read-only.
        value = super().to_internal_value(data)
        if isinstance(data, dict):
            for name, keys in (("levels", ("axis", "score")), ("bands", ("code",))):
                if name in value and isinstance(data.get(name), list):
                    for row, raw in zip(value[name], data[name], strict=False):
                        if isinstance(raw, dict):
                            row.update({k: raw.get(k) for k in keys})
        return value

    def create(self, validated_data):
        raise serializers.ValidationError(_("New scales are not created through the API."))

    @transaction.atomic
    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        levels = validated_data.pop("levels", None)
        bands = validated_data.pop("bands", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.full_clean(validate_unique=False)
        # Levels and bands are part of the scale: sending them moves its version.
        save_versioned(instance, expected,
                       related_changed=levels is not None or bands is not None)
        if levels is not None:
            self._update_levels(instance, levels)
        if bands is not None:
            self._update_bands(instance, bands)
        return instance

    def _update_levels(self, scale, levels):
        current = {(lv.axis, lv.score): lv for lv in scale.levels.all()}
        for i, row in enumerate(levels):
            level = current.get((row.get("axis"), row.get("score")))
            if level is None:
                raise serializers.ValidationError({"levels": {i: [
                    _("No level with this axis and score on the scale.")
                ]}})
            for name in ("description", "description_ru", "description_en"):
                if name in row:
                    setattr(level, name, row[name])
            level.full_clean(validate_unique=False)
            level.save()

    def _update_bands(self, scale, bands):
        current = {b.code: b for b in scale.bands.all()}
        for i, row in enumerate(bands):
            band = current.get(row.get("code"))
            if band is None:
                raise serializers.ValidationError({"bands": {i: [
                    _("No band with this code on the scale.")
                ]}})
            for name, value in row.items():
                if name != "code":
                    setattr(band, name, value)
            band.full_clean(validate_unique=False)
        # THE rule of the bands (tile 1..25) lives in scoring.
        scoring.validate_bands([b.as_band() for b in current.values()])
        for band in current.values():
            band.save()


class ScaleViewSet(ConfigureOnlyMixin, ReadOnlyViewSet):
    """The risk scale with its levels and bands: everyone reads; the QMS office edits."""

    queryset = RiskScale.objects.prefetch_related("levels", "bands")
    serializer_class = ScaleSerializer
    filterset_fields = ["is_active"]
    ordering_fields = ["id"]
    ordering = ["-is_active", "pk"]

    def get_queryset(self):
        return self.base_queryset()

    def update(self, request, *args, **kwargs):
        require_configure(request.user)
        instance = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

