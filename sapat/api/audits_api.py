"""Internal audit: the clause catalogue, programmes, audits with their checklists.

The same questions as the screens (`sapat.audits.permissions`): auditors see the audits
they are on, auditees those of their units, and the gradings only once the report is
issued. Planning goes through `sapat.audits.services.audit_plan`, so an auditor who may
not audit the scope is refused with the same reasons the form gives.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sapat.audits import permissions, services
from sapat.audits.models import Audit, AuditProgramme, ChecklistQuestion, Clause
from sapat.org.models import Person, Unit
from sapat.processes.models import Process

from .base import ReadOnlyViewSet
from .exceptions import django_errors
from .fields import DescribedFieldsMixin


class ClauseSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    label = serializers.CharField(
        read_only=True, help_text=_("The title in the request's language.")
    )
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Clause
        fields = ["code", "parent", "name", "name_ru", "name_en", "label", "ky_source"]


class ClauseViewSet(ReadOnlyViewSet):
    """The ISO 9001:2015 clause catalogue (4–10), read only."""

    queryset = Clause.objects.select_related("parent")
    serializer_class = ClauseSerializer
    lookup_field = "code"
    # Clause numbers hold dots ("9.2"), which the router's default pattern leaves out.
    lookup_value_regex = r"[^/]+"
    ordering = ["order"]

    def get_queryset(self):
        return self.base_queryset()  # reference data, the same for everyone signed in


class ProgrammeSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    year = serializers.CharField(source="year.__str__", read_only=True)
    approved_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = AuditProgramme
        fields = [
            "id",
            "year",
            "edition",
            "state",
            "cycle_months",
            "objectives",
            "approved_by",
            "approved_at",
            "decision_no",
            "decision_date",
            "version",
        ]
        read_only_fields = fields


class AuditProgrammeViewSet(ReadOnlyViewSet):
    """Audit programmes of the universities where the caller holds a role."""

    queryset = AuditProgramme.objects.all()
    serializer_class = ProgrammeSerializer
    ordering = ["-year__start"]

    def get_queryset(self):
        return permissions.programmes_visible_to(self.user).select_related("year", "approved_by")


class FindingSerializer(DescribedFieldsMixin, serializers.Serializer):
    grade = serializers.CharField(read_only=True)
    evidence = serializers.CharField(read_only=True)
    sample = serializers.CharField(read_only=True)


class QuestionSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    clause = serializers.SlugRelatedField(slug_field="code", read_only=True)
    finding = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistQuestion
        fields = ["id", "order", "text", "source", "source_id", "clause", "finding"]

    def get_finding(self, question) -> dict | None:
        try:
            return FindingSerializer(question.finding).data
        except ChecklistQuestion.finding.RelatedObjectDoesNotExist:
            return None


class AuditSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=AuditProgramme.objects.all())
    units = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Unit.objects.all())
    processes = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Process.objects.live()
    )
    clauses = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Clause.objects.all()
    )
    lead_auditor = serializers.SlugRelatedField(
        slug_field="username", queryset=Person.objects.filter(is_active=True)
    )
    team = serializers.SlugRelatedField(
        slug_field="username",
        many=True,
        required=False,
        queryset=Person.objects.filter(is_active=True),
    )
    questions = serializers.SerializerMethodField(
        help_text=_(
            "The checklist with its gradings; empty for an auditee until the report is issued."
        )
    )

    class Meta:
        model = Audit
        fields = [
            "id",
            "programme",
            "number",
            *Audit.PLAN_FIELDS,  # the plan, as the form has it
            "state",
            "summary",
            "strengths",
            "report_issued_at",
            "version",
            "questions",
        ]
        read_only_fields = [
            "number",
            "state",
            "summary",
            "strengths",
            "report_issued_at",
            "version",
        ]

    def get_questions(self, audit) -> list[dict]:
        request = self.context.get("request")
        if request is None or not permissions.may_see_gradings(request.user, audit):
            return []
        questions = (
            audit.questions.live().select_related("clause", "finding").order_by("order", "pk")
        )
        return QuestionSerializer(questions, many=True).data

    def validate(self, attrs):
        if attrs["planned_end"] < attrs["planned_start"]:
            raise serializers.ValidationError(
                {"planned_end": _("The audit must end on or after its start.")}
            )
        return attrs


class AuditViewSet(ReadOnlyViewSet):
    """Audits the caller may read; POST plans one (the QMS office), impartiality enforced."""

    queryset = Audit.objects.all()
    serializer_class = AuditSerializer
    ordering = ["planned_start", "number"]

    def get_queryset(self):
        return (
            permissions.audits_visible_to(self.user)
            .select_related("programme", "lead_auditor")
            .prefetch_related("units", "processes", "clauses", "team")
        )

    @extend_schema(responses={201: AuditSerializer})
    def create(self, request, *args, **kwargs):
        if not permissions.may_plan(request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        programme = data.pop("programme")
        if not permissions.programmes_visible_to(request.user).filter(pk=programme.pk).exists():
            raise PermissionDenied
        fields, lists = services.split_plan(data)
        try:
            with transaction.atomic():
                audit = services.audit_plan(
                    programme=programme, by=request.user, fields=fields, **lists
                )
        except DjangoValidationError as exc:
            return Response(django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(audit).data, status=status.HTTP_201_CREATED)
