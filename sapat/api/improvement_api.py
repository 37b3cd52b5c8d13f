"""Nonconformities and corrective actions: the same questions as the screens
(`sapat.improvement.permissions`), every step through `sapat.improvement.services`, so
a step asked for out of turn is refused with the same message the form shows."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sapat.audits.models import Clause
from sapat.improvement import filters, permissions, services
from sapat.improvement.models import (
    CauseAnalysis,
    CauseCategory,
    CorrectiveAction,
    EffectivenessReview,
    Nonconformity,
    RiskDecision,
)
from sapat.org.access import Action, may_anywhere
from sapat.org.models import Person, Unit
from sapat.processes.models import Indicator, Process
from sapat.risks.models import Risk

from .base import ReadOnlyViewSet
from .fields import DescribedFieldsMixin

REFUSED = {
    400: OpenApiResponse(description=_("Invalid, or the step is not open.")),
    403: OpenApiResponse(description=_("Not allowed.")),
    404: OpenApiResponse(description=_("Not found.")),
}


class NonconformitySerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    process = serializers.SlugRelatedField(slug_field="code", queryset=Process.objects.live(),
                                           required=False, allow_null=True)
    clause = serializers.SlugRelatedField(slug_field="code", queryset=Clause.objects.all(),
                                          required=False, allow_null=True)
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all(),
                                                   required=False, allow_null=True)
    source = serializers.ChoiceField(choices=Nonconformity.Source.choices)
    reported_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                               allow_null=True)
    recurrence_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    finding = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Nonconformity
        fields = ["id", "number", "code", "source", "finding", "unit", "process", "clause",
                  "indicator", "description", "description_ru", "description_en", "grade",
                  "state", "reported_by", "reported_on", "recurrence_of", "reopened",
                  "closed_at", "version"]
        read_only_fields = ["number", "state", "reported_on", "reopened", "closed_at",
                            "version"]


class ActionSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    responsible_people = serializers.SlugRelatedField(slug_field="username", many=True,
                                                     read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveAction
        fields = ["id", "nonconformity", "text", "text_ru", "round", "due_date", "status",
                  "completed_on", "result", "responsible_people", "evidence", "version"]
        read_only_fields = fields

    def get_evidence(self, obj) -> bool:
        return bool(obj.evidence)


class CorrectionSerializer(DescribedFieldsMixin, serializers.Serializer):
    text = serializers.CharField()
    text_ru = serializers.CharField(required=False, allow_blank=True, default="")
    done_by = serializers.SlugRelatedField(slug_field="username",
                                           queryset=Person.objects.filter(is_active=True))
    done_on = serializers.DateField()


class ActionDecisionSerializer(DescribedFieldsMixin, serializers.Serializer):
    needed = serializers.BooleanField()
    reason = serializers.CharField()
    reason_ru = serializers.CharField(required=False, allow_blank=True, default="")


class CauseRowSerializer(DescribedFieldsMixin, serializers.Serializer):
    text = serializers.CharField()
    evidence = serializers.CharField()
    category = serializers.ChoiceField(choices=CauseCategory.choices, required=False,
                                       allow_blank=True, default="")


class CauseSerializer(DescribedFieldsMixin, serializers.Serializer):
    method = serializers.ChoiceField(choices=CauseAnalysis.Method.choices)
    category = serializers.ChoiceField(choices=CauseCategory.choices)
    root_cause = serializers.CharField()
    causes = CauseRowSerializer(many=True)


class NewActionSerializer(DescribedFieldsMixin, serializers.Serializer):
    text = serializers.CharField()
    text_ru = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField()
    people = serializers.SlugRelatedField(slug_field="username", many=True,
                                          queryset=Person.objects.filter(is_active=True))


class JudgeSerializer(DescribedFieldsMixin, serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[EffectivenessReview.Verdict.EFFECTIVE,
                                               EffectivenessReview.Verdict.INEFFECTIVE])
    reason = serializers.CharField()
    reason_ru = serializers.CharField(required=False, allow_blank=True, default="")


class RiskDecisionSerializer(DescribedFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=RiskDecision.Kind.choices)
    reason = serializers.CharField()
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.live(), required=False,
                                              allow_null=True, default=None)
    likelihood = serializers.IntegerField(min_value=1, max_value=5, required=False,
                                          allow_null=True, default=None)
    consequences = serializers.IntegerField(min_value=1, max_value=5, required=False,
                                            allow_null=True, default=None)
    title = serializers.CharField(required=False, allow_blank=True, default="")


class ActionCompleteSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    result = serializers.CharField()
    on = serializers.DateField(required=False, allow_null=True, default=None)
    evidence = serializers.FileField(required=False, allow_null=True, default=None,
                                     help_text=_("Required unless the action has evidence."))


class NonconformityViewSet(ReadOnlyViewSet):
    """Nonconformities the caller may read; POST reports one; each step is a POST."""

    queryset = Nonconformity.objects.all()
    serializer_class = NonconformitySerializer
    ordering = ["-number"]

    def get_queryset(self):
        _form, qs = filters.nonconformities(self.user, self.request.query_params,
                                            timezone.localdate())
        return qs.select_related("unit", "process", "clause", "reported_by")

    @extend_schema(responses={201: NonconformitySerializer, **REFUSED})
    def create(self, request, *args, **kwargs):
        # Asked before validation: a caller with no role learns nothing from errors.
        if not may_anywhere(request.user, Action.READ):
            raise DjangoPermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = data.pop("unit")
        if not permissions.may_report(request.user, unit):
            raise DjangoPermissionDenied
        nc = services.nonconformity_create(by=request.user, unit=unit, **data)
        return Response(self.get_serializer(nc).data, status=status.HTTP_201_CREATED)

    def _step(self, request, incoming_class, run):
        nc = self.get_object()
        incoming = incoming_class(data=request.data)
        incoming.is_valid(raise_exception=True)
        run(nc, dict(incoming.validated_data))
        nc = Nonconformity.objects.select_related("unit", "process", "clause").get(pk=nc.pk)
        return Response(self.get_serializer(nc).data)

    @extend_schema(request=CorrectionSerializer,
                   responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def correction(self, request, pk=None):
        """a) Record the correction."""
        return self._step(request, CorrectionSerializer, lambda nc, d: services.record_correction(
            nc=nc, by=request.user, **d))

    @extend_schema(request=ActionDecisionSerializer,
                   responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """b) Decide whether corrective action is needed."""
        return self._step(request, ActionDecisionSerializer, lambda nc, d: services.decide_action(
            nc=nc, by=request.user, **d))

    @extend_schema(request=CauseSerializer, responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def cause(self, request, pk=None):
        """c) Record the root cause, each cause with its evidence."""
        return self._step(request, CauseSerializer, lambda nc, d: services.record_cause(
            nc=nc, by=request.user, **d))

    @extend_schema(request=NewActionSerializer,
                   responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        """d) Plan a corrective action."""
        return self._step(request, NewActionSerializer, lambda nc, d: services.action_add(
            nc=nc, by=request.user, **d))

    @extend_schema(request=None, responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"], url_path="actions-done")
    def actions_done(self, request, pk=None):
        """d) Go on to the review: all actions done (or none needed)."""
        nc = self.get_object()
        services.actions_done(nc=nc, by=request.user)
        return Response(self.get_serializer(Nonconformity.objects.get(pk=nc.pk)).data)

    @extend_schema(request=JudgeSerializer, responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def judge(self, request, pk=None):
        """e) Judge the effectiveness; ineffective reopens the actions."""
        return self._step(request, JudgeSerializer, lambda nc, d: services.judge(
            nc=nc, by=request.user, **d))

    @extend_schema(request=RiskDecisionSerializer,
                   responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"], url_path="risk-decision")
    def risk_decision(self, request, pk=None):
        """f) Re-assess a risk, add one, or no change with a reason."""
        return self._step(request, RiskDecisionSerializer, lambda nc, d: services.decide_risks(
            nc=nc, by=request.user, **d))

    @extend_schema(request=None, responses={200: NonconformitySerializer, **REFUSED})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close: only with a cause, an effective verdict and the risk decision."""
        nc = self.get_object()
        services.close(nc=nc, by=request.user)
        return Response(self.get_serializer(Nonconformity.objects.get(pk=nc.pk)).data)


class CorrectiveActionViewSet(ReadOnlyViewSet):
    """Corrective actions the caller may read; the responsible complete theirs."""

    queryset = CorrectiveAction.objects.all()
    serializer_class = ActionSerializer
    ordering = ["due_date", "pk"]

    def get_queryset(self):
        _form, qs = filters.actions(self.user, self.request.query_params, timezone.localdate())
        return qs.select_related("nonconformity").prefetch_related("responsible_people")

    @extend_schema(request=ActionCompleteSerializer, responses={200: ActionSerializer, **REFUSED})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser,
                                                           JSONParser])
    def complete(self, request, pk=None):
        """Mark the action done with its result and evidence (a file, multipart)."""
        act = self.get_object()
        incoming = ActionCompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        services.action_complete(action=act, by=request.user,
                                 expected_version=data["version"], result=data["result"],
                                 evidence=data.get("evidence"), on=data.get("on"))
        return Response(self.get_serializer(act).data)
