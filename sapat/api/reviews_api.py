"""Management reviews (ISO 9001 9.3), their outputs and the annual QMS reports.

The same questions as the screens (`sapat.reviews.permissions`): the rector, the council
and the QMS office read reviews and reports of their university; heads read the outputs
of their units, and the people responsible for an output read and complete it. A review's
inputs come frozen once it is held, compiled live before.

Writes go through `sapat.reviews.services`, the functions the screens call: the QMS office
opens a review and generates and edits the annual report; the rector holds a review
(which freezes its inputs) and records its outputs. Submitting and approving the reports
is the generic /api/v1/approvals/.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from sapat.org.models import AcademicYear, Person, Unit
from sapat.reviews import permissions, sections, services
from sapat.reviews.models import AnnualReport, ManagementReview, ReviewOutput

from .base import ReadOnlyViewSet
from .fields import DescribedFieldsMixin

ERRORS = {
    400: OpenApiResponse(description=_("The data sent is not valid; see “errors”.")),
    403: OpenApiResponse(description=_("You may read the record but not do this.")),
    404: OpenApiResponse(description=_("No such record, or not one you may read.")),
    409: OpenApiResponse(description=_("Someone else saved the record after you loaded it.")),
}
CREATE_ERRORS = {400: ERRORS[400], 403: ERRORS[403]}


class YearField(serializers.IntegerField):
    """An academic year named by the calendar year it starts in (2025 for “2025–2026”)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        start = super().run_validation(data)
        if start is None:
            return None
        year = AcademicYear.objects.filter(start__year=start).order_by("start").first()
        if year is None:
            raise serializers.ValidationError(_("There is no academic year starting in %(year)s.")
                                              % {"year": start})
        return year


def _current_year():
    year = AcademicYear.objects.filter(is_current=True).order_by("-start").first()
    if year is None:
        raise serializers.ValidationError(
            {"year": [_("There is no current academic year; name the year.")]})
    return year


class SectionSerializer(DescribedFieldsMixin, serializers.Serializer):
    key = serializers.CharField(help_text=_("a, b, c1–c7, d, e or f (ISO 9001 9.3.2)."))
    clause = serializers.CharField()
    title = serializers.CharField()
    draws_on = serializers.CharField()
    empty = serializers.BooleanField()
    note = serializers.CharField()
    figures = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class ReviewSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    year = serializers.CharField(source="year.__str__", read_only=True)
    chair = serializers.StringRelatedField(read_only=True, allow_null=True)
    inputs = serializers.SerializerMethodField(
        help_text=_("The inputs (9.3.2) in the request's language: frozen once held."))

    class Meta:
        model = ManagementReview
        fields = ["id", "year", "period_start", "period_end", "planned_on", "state", "held_on",
                  "chair", "attendees", "minutes", "minutes_ru", "snapshot_at",
                  "snapshot_sha256", "version", "inputs"]
        read_only_fields = fields

    @extend_schema_field(SectionSerializer(many=True))
    def get_inputs(self, review) -> list:
        if self.context.get("view") is not None and self.context["view"].action == "list":
            return []
        return [{k: v for k, v in s.items() if k != "charts" and k != "links"}
                for s in services.review_inputs(review, (get_language() or "ky")[:2])]


class OutputSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responsible_people = serializers.SlugRelatedField(slug_field="username", many=True,
                                                      read_only=True)

    class Meta:
        model = ReviewOutput
        fields = ["id", "review", "number", "kind", "text", "text_ru", "unit",
                  "responsible_people", "due_date", "status", "completed_on", "result",
                  "is_overdue", "version"]
        read_only_fields = fields


class ReviewCreateSerializer(DescribedFieldsMixin, serializers.Serializer):
    year = YearField(required=False, help_text=_(
        "The academic year, by the calendar year it starts in (2025 for “2025–2026”). "
        "Default: the current year."))
    period_start = serializers.DateField(required=False, allow_null=True, help_text=_(
        "The start of the period reviewed. Default: the start of the year."))
    period_end = serializers.DateField(required=False, allow_null=True, help_text=_(
        "The end of the period reviewed. Default: the end of the year."))
    planned_on = serializers.DateField(required=False, allow_null=True,
                                       help_text=_("When the review is planned."))


class HoldSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    held_on = serializers.DateField(help_text=_("The date the review was held (not later "
                                                "than today)."))
    attendees = serializers.CharField(required=False, allow_blank=True)
    minutes = serializers.CharField(required=False, allow_blank=True)
    minutes_ru = serializers.CharField(required=False, allow_blank=True)


class OutputCreateSerializer(DescribedFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewOutput.Kind.choices,
                                   help_text=_("improvement, change or resource (9.3.3)."))
    text = serializers.CharField(help_text=_("The decision (Kyrgyz)."))
    text_ru = serializers.CharField(required=False, allow_blank=True,
                                    help_text=_("The decision in Russian."))
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.filter(is_active=True),
        help_text=_("The code of the unit responsible (of the review's university)."))
    responsible_people = serializers.SlugRelatedField(
        slug_field="username", queryset=Person.objects.filter(is_active=True), many=True,
        required=False, help_text=_("Usernames of the people responsible."))
    due_date = serializers.DateField(help_text=_("When it is due."))

    def validate(self, attrs):
        university = self.context["university"]
        inside = university.path + "."
        if attrs["unit"].path != university.path and not attrs["unit"].path.startswith(inside):
            raise serializers.ValidationError(
                {"unit": [_("Choose a unit of the review's university.")]})
        for person in attrs.get("responsible_people", []):
            path = person.unit.path if person.unit_id else ""
            if path != university.path and not path.startswith(inside):
                raise serializers.ValidationError(
                    {"responsible_people": [_("Choose people of the review's university.")]})
        return attrs


class ReviewViewSet(ReadOnlyViewSet):
    """Management reviews of the caller's university (rector, council, QMS office); the
    inputs are given on a single review only (empty in the list). The QMS office opens
    reviews; the rector holds them and records their outputs."""

    queryset = ManagementReview.objects.all()
    serializer_class = ReviewSerializer
    ordering = ["-period_end", "-pk"]

    def get_queryset(self):
        return permissions.reviews_visible_to(self.user).select_related("year", "chair",
                                                                        "university")

    @extend_schema(request=ReviewCreateSerializer,
                   responses={201: ReviewSerializer, **CREATE_ERRORS})
    def create(self, request):
        """Open a review of a period (the academic year by default): the QMS office."""
        university = permissions.university_of(self.user)
        # Asked before validation: a caller who may not open reviews learns nothing.
        if not permissions.may_prepare(self.user, university):
            raise DjangoPermissionDenied
        incoming = ReviewCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        review = services.review_create(
            university=university, year=data.get("year") or _current_year(), by=self.user,
            period_start=data.get("period_start"), period_end=data.get("period_end"),
            planned_on=data.get("planned_on"))
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HoldSerializer, responses={200: ReviewSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """The rector holds the review: its inputs are frozen (every language) with the
        date and their SHA-256."""
        review = self.get_object()
        permissions.require(permissions.may_chair(self.user, review))
        incoming = HoldSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # The chair was asked above; the service says "held already" as a 400.
        review = services.review_hold(
            review=review, by=self.user, held_on=data["held_on"],
            expected_version=data["version"], attendees=data.get("attendees", ""),
            minutes=data.get("minutes", ""), minutes_ru=data.get("minutes_ru", ""),
            check=False)
        return Response(self.get_serializer(review).data)

    @extend_schema(request=OutputCreateSerializer,
                   responses={201: OutputSerializer, 400: ERRORS[400], 403: ERRORS[403],
                              404: ERRORS[404]})
    @action(detail=True, methods=["post"])
    def outputs(self, request, pk=None):
        """Record a decision of a held review (9.3.3) as a tracked action: the rector or
        the QMS office."""
        review = self.get_object()
        permissions.require(permissions.may_chair(self.user, review)
                            or permissions.may_prepare(self.user, review.university))
        incoming = OutputCreateSerializer(data=request.data,
                                          context={"university": review.university})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # Held: the service asks the permission again; not held, it refuses with a 400.
        output = services.output_add(
            review=review, by=self.user, kind=data["kind"], text=data["text"],
            text_ru=data.get("text_ru", ""), unit=data["unit"], due_date=data["due_date"],
            people=data.get("responsible_people"), check=review.is_held)
        output = (ReviewOutput.objects.filter(pk=output.pk).select_related("unit", "review")
                  .prefetch_related("responsible_people").get())
        return Response(OutputSerializer(output).data, status=status.HTTP_201_CREATED)


class OutputCompleteSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    on = serializers.DateField(required=False, help_text=_("Default: today."))
    result = serializers.CharField(required=False, allow_blank=True)


class OutputViewSet(ReadOnlyViewSet):
    """Outputs (9.3.3) of management reviews: those of the units you read, and those you
    are responsible for."""

    queryset = ReviewOutput.objects.all()
    serializer_class = OutputSerializer
    ordering = ["review", "number", "pk"]

    def get_queryset(self):
        return permissions.outputs_visible_to(self.user).select_related(
            "unit", "review").prefetch_related("responsible_people")

    @extend_schema(request=OutputCompleteSerializer, responses={200: OutputSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the output's action done (its unit's editors and the responsible people)."""
        output = self.get_object()
        incoming = OutputCompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        output = services.output_complete(output=output, by=request.user,
                                          expected_version=data["version"], on=data.get("on"),
                                          result=data.get("result", ""))
        return Response(self.get_serializer(output).data)


class AnnualReportSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    year = serializers.CharField(source="year.__str__", read_only=True)

    class Meta:
        model = AnnualReport
        fields = ["id", "year", "generated_at", "texts", "version"]
        read_only_fields = fields


class AnnualGenerateSerializer(DescribedFieldsMixin, serializers.Serializer):
    year = YearField(required=False, help_text=_(
        "The academic year, by the calendar year it starts in (2025 for “2025–2026”). "
        "Default: the current year."))


def _text_keys() -> list[str]:
    return ["summary", *(d.key for d in sections.definitions())]


class SectionTextsSerializer(DescribedFieldsMixin, serializers.Serializer):
    """One optional text per section of the report (the keys of the review's inputs)."""

    def get_fields(self):
        fields = {"summary": serializers.CharField(required=False, allow_blank=True,
                                                   max_length=20000, help_text=_("Summary"))}
        for d in sections.definitions():
            fields[d.key] = serializers.CharField(required=False, allow_blank=True,
                                                  max_length=20000,
                                                  help_text=f"{d.clause} {d.title}")
        return fields

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(_text_keys()))
            if unknown:
                raise serializers.ValidationError(
                    _("No such section: %(keys)s.") % {"keys": ", ".join(map(str, unknown))})
        return super().to_internal_value(data)


class AnnualTextsSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    texts = SectionTextsSerializer(
        help_text=_("Section texts by key (summary, a, b, c1–c7, d, e, f): the keys sent "
                    "replace their texts, an empty text removes it, the others stay."))


class AnnualReportViewSet(ReadOnlyViewSet):
    """Annual QMS reports of the caller's university (rector, council, QMS office). The
    QMS office generates them (POST, again to regenerate the figures) and writes the
    section texts (PATCH); the council approves them through /api/v1/approvals/."""

    queryset = AnnualReport.objects.all()
    serializer_class = AnnualReportSerializer
    ordering = ["-year__start"]

    def get_queryset(self):
        return permissions.annual_reports_visible_to(self.user).select_related("year")

    @extend_schema(request=AnnualGenerateSerializer,
                   responses={200: OpenApiResponse(AnnualReportSerializer, description=_(
                       "Regenerated: the year's report existed; its texts stay.")),
                       201: AnnualReportSerializer, **CREATE_ERRORS})
    def create(self, request):
        """Generate the annual report of a year from its records (the QMS office)."""
        university = permissions.university_of(self.user)
        if not permissions.may_prepare(self.user, university):
            raise DjangoPermissionDenied
        incoming = AnnualGenerateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        year = incoming.validated_data.get("year") or _current_year()
        existed = AnnualReport.objects.filter(university=university, year=year).exists()
        report = services.annual_generate(university=university, year=year, by=self.user)
        return Response(self.get_serializer(report).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(request=AnnualTextsSerializer,
                   responses={200: AnnualReportSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        """Write the section texts (the QMS office), with the version you loaded: a stale
        one is refused with 409 and the report as it is now."""
        report = self.get_object()
        permissions.require(permissions.may_prepare(self.user, report.university))
        incoming = AnnualTextsSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report = services.annual_edit(report=report, by=self.user,
                                      expected_version=data["version"],
                                      texts={**report.texts, **data["texts"]})
        return Response(self.get_serializer(report).data)
