"""Meetings, their agenda and attendance, and decisions with their status changes; the
approval requests a person may see, with submit / approve / return; and the inbox.

The same questions as the screens (`sapat.meetings.permissions`,
`sapat.approvals.permissions`) and the same services, so the API refuses what a form
refuses, with the same messages.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from sapat.approvals import permissions as approval_permissions
from sapat.approvals import registry as approval_registry
from sapat.approvals import services as approvals
from sapat.approvals.models import ApprovalRequest, State
from sapat.inbox.registry import items_for
from sapat.meetings import permissions, services
from sapat.meetings.models import AgendaItem, Attendance, Body, Decision, Meeting
from sapat.meetings.register import filtered_decisions
from sapat.org.access import Action, may_anywhere, scope_q
from sapat.org.models import Person, Position, Unit

from .base import ScopedViewSet
from .fields import DescribedFieldsMixin

ERRORS = {
    400: OpenApiResponse(description=_("The data sent is not valid; see “errors”.")),
    403: OpenApiResponse(description=_("You may read the record but not do this.")),
    404: OpenApiResponse(description=_("No such record, or not one you may read.")),
    409: OpenApiResponse(description=_("Someone else saved the record after you loaded it.")),
}
READ_ERRORS = {404: ERRORS[404]}


def _people():
    return Person.objects.filter(is_active=True)


# Bodies -------------------------------------------------------------------------------

class BodySerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    secretary = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                             allow_null=True)

    class Meta:
        model = Body
        fields = ["id", "kind", "name", "name_ru", "name_en", "unit", "secretary"]
        read_only_fields = fields


class BodyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Bodies whose meetings the caller reads (or records, as a secretary)."""

    serializer_class = BodySerializer
    queryset = Body.objects.all()
    ordering = ["unit__path", "kind", "pk"]

    def get_queryset(self):
        user = self.user
        return Body.objects.live().filter(
            scope_q(user, Action.READ, "unit") | Q(secretary_id=user.pk)
            | Q(pk__in=Body.members.through.objects.filter(person_id=user.pk)
                .values("body_id"))).select_related("unit", "secretary")


# Meetings -----------------------------------------------------------------------------

class AgendaItemSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    speaker = serializers.SlugRelatedField(slug_field="username", queryset=_people(),
                                           required=False, allow_null=True)
    order = serializers.IntegerField(required=False, min_value=1, max_value=32767)

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "title_ru", "title_en", "speaker"]


class AttendanceSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="username", queryset=_people())

    class Meta:
        model = Attendance
        fields = ["id", "person", "present", "note"]


class MeetingSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=Body.objects.live())
    chair = serializers.SlugRelatedField(slug_field="username", queryset=_people(),
                                         required=False, allow_null=True)
    secretary = serializers.SlugRelatedField(slug_field="username", queryset=_people(),
                                             required=False, allow_null=True)
    agenda = serializers.SerializerMethodField()
    attendance = AttendanceSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        required=False, help_text=_("The version you loaded (required to update)."))

    class Meta:
        model = Meeting
        fields = ["id", "body", "number", "held_on", "status", "title", "title_ru",
                  "title_en", "place", "place_ru", "place_en", "chair", "secretary",
                  "minutes", "minutes_ru", "minutes_en", "agenda", "attendance", "version"]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting):
        return AgendaItemSerializer(
            [a for a in meeting.agenda.all() if a.archived_at is None], many=True).data


@extend_schema(responses={200: MeetingSerializer, **READ_ERRORS})
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Meetings the caller reads; their secretaries (and unit editors) record them."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.all()
    ordering = ["-held_on", "-pk"]
    filterset_fields = ["body", "status"]

    def get_queryset(self):
        return (permissions.meetings_visible_to(self.user)
                .select_related("body__unit", "chair", "secretary")
                .prefetch_related("agenda__speaker", "attendance__person"))

    def get_object(self):
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError) as exc:
            raise Http404 from exc
        meeting = permissions.meeting_for(self.user, pk)
        return (Meeting.objects.filter(pk=meeting.pk).select_related("body__unit")
                .prefetch_related("agenda__speaker", "attendance__person",
                                  "body__members").get())

    @extend_schema(request=MeetingSerializer, responses={201: MeetingSerializer, **ERRORS})
    def create(self, request):
        # Asked before validation: a caller who may not open meetings learns nothing.
        if not permissions.bodies_for_new_meeting(self.user).exists():
            raise DjangoPermissionDenied
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        data.pop("version", None)
        body = data.pop("body")
        if not permissions.may_see_body(self.user, body):
            raise Http404
        meeting = services.meeting_create(by=self.user, body=body, **data)
        return Response(self.get_serializer(self.get_object_by(meeting)).data,
                        status=status.HTTP_201_CREATED)

    def get_object_by(self, meeting):
        self.kwargs["pk"] = meeting.pk
        return self.get_object()

    @extend_schema(request=MeetingSerializer, responses={200: MeetingSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        meeting = self.get_object()
        permissions.require_record(self.user, meeting)
        incoming = self.get_serializer(meeting, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        data.pop("body", None)
        version = data.pop("version", None)
        if version is None:
            raise serializers.ValidationError({"version": [_("Send the version you loaded.")]})
        services.meeting_update(meeting=meeting, by=self.user, expected_version=version, **data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        meeting = self.get_object()
        services.meeting_archive(meeting=meeting, by=self.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=AgendaItemSerializer,
                   responses={201: AgendaItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Add an item to the meeting's agenda."""
        meeting = self.get_object()
        permissions.require_record(self.user, meeting)
        incoming = AgendaItemSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        item = services.agenda_add(meeting=meeting, by=self.user, **incoming.validated_data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceSerializer,
                   responses={200: AttendanceSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Mark a person present or absent (adds them to the list the first time)."""
        meeting = self.get_object()
        permissions.require_record(self.user, meeting)
        incoming = AttendanceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        row = services.attendance_set(meeting=meeting, by=self.user, **incoming.validated_data)
        return Response(AttendanceSerializer(row).data)


# Decisions ----------------------------------------------------------------------------

class DecisionSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.live())
    responsible_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), required=False, allow_null=True)
    responsible_people = serializers.SlugRelatedField(
        slug_field="username", queryset=_people(), many=True, required=False)
    responsible_positions = serializers.SlugRelatedField(
        slug_field="code", queryset=Position.objects.all(), many=True, required=False)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True,
                                       help_text=_("Open and past its due date."))
    evidence = serializers.SerializerMethodField(
        help_text=_("The address of the evidence file, if any."))
    version = serializers.IntegerField(
        required=False, help_text=_("The version you loaded (required to update)."))

    class Meta:
        model = Decision
        fields = ["id", "meeting", "number", "text", "text_ru", "text_en", "responsible_unit",
                  "responsible_people", "responsible_positions", "responsible_text",
                  "due_date", "status", "completed_on", "result", "overdue", "evidence",
                  "version"]
        read_only_fields = ["status", "completed_on", "result"]

    def get_evidence(self, decision) -> str | None:
        if not decision.evidence:
            return None
        from django.urls import reverse

        return reverse("meetings:decision_evidence", args=[decision.pk])


class DecisionCompleteSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    on = serializers.DateField(required=False, help_text=_("When it was done (default today)."))
    result = serializers.CharField(required=False, allow_blank=True,
                                   help_text=_("What was done."))


class DecisionStatusSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you loaded."))
    status = serializers.ChoiceField(
        choices=[Decision.Status.PLANNED, Decision.Status.IN_PROGRESS,
                 Decision.Status.CANCELLED],
        help_text=_("planned, in_progress or cancelled (use complete/ for done)."))


REGISTER_FILTERS = [
    OpenApiParameter("body", int, description=_("Only this body's decisions.")),
    OpenApiParameter("status", str, enum=Decision.Status.values,
                     description=_("Only decisions in this status.")),
    OpenApiParameter("overdue", bool, description=_("Only open decisions past their date.")),
    OpenApiParameter("unit", str, description=_("Responsible unit (code), with the units "
                                                "below it.")),
]


@extend_schema(responses={200: DecisionSerializer, **READ_ERRORS})
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The decision register: decisions the caller reads, with the screen's filters."""

    serializer_class = DecisionSerializer
    queryset = Decision.objects.all()
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        if params.get("overdue") in ("false", "0"):
            params = {k: v for k, v in params.items() if k != "overdue"}
        return filtered_decisions(self.user, params)

    def get_object(self):
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError) as exc:
            raise Http404 from exc
        permissions.decision_for(self.user, pk)
        return (Decision.objects.filter(pk=pk).select_related("meeting__body__unit",
                                                             "responsible_unit")
                .prefetch_related("responsible_people", "meeting__body__members",
                                  Prefetch("responsible_positions",
                                           Position.objects.select_related("unit"))).get())

    @extend_schema(parameters=REGISTER_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DecisionSerializer, responses={201: DecisionSerializer, **ERRORS})
    def create(self, request):
        if not permissions.may_record_somewhere(self.user):
            raise DjangoPermissionDenied
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        data.pop("version", None)
        meeting = permissions.meeting_for(self.user, data.pop("meeting").pk)
        decision = services.decision_create(
            meeting=meeting, by=self.user, people=data.pop("responsible_people", None),
            positions=data.pop("responsible_positions", None), **data)
        self.kwargs["pk"] = decision.pk
        return Response(self.get_serializer(self.get_object()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses={200: DecisionSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        decision = self.get_object()
        permissions.require_record(self.user, decision.meeting)
        incoming = self.get_serializer(decision, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        data.pop("meeting", None)
        version = data.pop("version", None)
        if version is None:
            raise serializers.ValidationError({"version": [_("Send the version you loaded.")]})
        services.decision_update(
            decision=decision, by=self.user, expected_version=version,
            people=data.pop("responsible_people", None),
            positions=data.pop("responsible_positions", None), **data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=DecisionCompleteSerializer,
                   responses={200: DecisionSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the decision done (its responsible people and heads, the recorders)."""
        decision = self.get_object()
        permissions.require_progress(self.user, decision)
        incoming = DecisionCompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        services.decision_complete(decision=decision, by=self.user,
                                   expected_version=data["version"], on=data.get("on"),
                                   result=data.get("result", ""))
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=DecisionStatusSerializer,
                   responses={200: DecisionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Start, cancel or reopen the decision."""
        decision = self.get_object()
        permissions.require_progress(self.user, decision)
        incoming = DecisionStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.decision_set_status(decision=decision, by=self.user,
                                     expected_version=incoming.validated_data["version"],
                                     status=incoming.validated_data["status"])
        return Response(self.get_serializer(self.get_object()).data)


# Approvals ----------------------------------------------------------------------------

class ApprovalSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                allow_null=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True,
                                              allow_null=True)
    may_decide = serializers.SerializerMethodField(
        help_text=_("Whether the caller may approve or return it now."))

    class Meta:
        model = ApprovalRequest
        fields = ["id", "kind", "object_id", "number", "unit", "body", "state", "title",
                  "url", "sha256", "submitted_by", "submitted_at", "decided_by", "decided_at",
                  "decision_no", "decision_date", "reason", "version", "may_decide"]
        read_only_fields = fields

    def get_may_decide(self, r) -> bool:
        request = self.context.get("request")
        return bool(request and r.state == State.SUBMITTED
                    and approval_permissions.may_decide(request.user, r.body, r.unit))


class SubmitSerializer(DescribedFieldsMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], help_text=_("The kind of record."))
    object_id = serializers.IntegerField(min_value=1, max_value=2**62,
                                         help_text=_("The record's id."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = sorted(k.key for k in approval_registry.kinds())


class ApproveSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version of the request you loaded."))
    decision_no = serializers.CharField(max_length=50,
                                        help_text=_("The number of the body's decision."))
    decision_date = serializers.DateField(help_text=_("The date of the body's decision."))


class ReturnSerializer(DescribedFieldsMixin, serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version of the request you loaded."))
    reason = serializers.CharField(max_length=4000, help_text=_("Why it is returned."))


@extend_schema(responses={200: ApprovalSerializer, **READ_ERRORS})
class ApprovalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Approval requests the caller may see: of records they read, for bodies they speak
    for, and their own; submit, approve (decision № and date) and return (reason)."""

    serializer_class = ApprovalSerializer
    queryset = ApprovalRequest.objects.all()
    filterset_fields = ["state", "body", "kind"]
    ordering = ["-submitted_at", "-pk"]

    def get_queryset(self):
        user = self.user
        return (ApprovalRequest.objects.filter(
            scope_q(user, Action.READ, "unit") | approval_permissions.bodies_q(user)
            | Q(submitted_by_id=user.pk))
            .select_related("unit", "submitted_by", "decided_by"))

    def get_object(self):
        try:
            pk = int(self.kwargs["pk"])
        except (TypeError, ValueError) as exc:
            raise Http404 from exc
        r = (ApprovalRequest.objects.filter(pk=pk)
             .select_related("unit", "submitted_by", "decided_by").first())
        if r is None:
            raise Http404
        approval_permissions.require_read_request(self.user, r)
        return r

    def _record(self, r):
        obj = approvals.record_of(r)
        if obj is None:
            raise Http404
        return obj

    def _check_version(self, r, version):
        if version != r.version:
            from sapat.lib.locking import StaleRecord

            raise StaleRecord(r)

    @extend_schema(request=SubmitSerializer, responses={201: ApprovalSerializer, **ERRORS})
    @action(detail=False, methods=["post"])
    def submit(self, request):
        """Submit a record to its approving body (freezes what is submitted)."""
        if not may_anywhere(self.user, Action.UPDATE):
            raise DjangoPermissionDenied
        incoming = SubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        kind = approval_registry.get(incoming.validated_data["kind"])
        manager = getattr(kind.model, "all_objects", kind.model._base_manager)
        obj = manager.filter(pk=incoming.validated_data["object_id"]).first()
        if obj is None or not approval_permissions.may_read(self.user, kind, kind.unit(obj)):
            raise Http404
        if not approval_permissions.may_submit(self.user, kind, obj):
            raise DjangoPermissionDenied
        r = approvals.submit(obj, self.user)
        return Response(self.get_serializer(r).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveSerializer, responses={200: ApprovalSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the submitted version by the body's decision № and date."""
        r = self.get_object()
        approval_permissions.require_decide(self.user, r)
        incoming = ApproveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        self._check_version(r, data["version"])
        r = approvals.approve(self._record(r), self.user, data["decision_no"],
                              data["decision_date"])
        return Response(self.get_serializer(r).data)

    @extend_schema(request=ReturnSerializer, responses={200: ApprovalSerializer, **ERRORS},
                   operation_id="approvals_return_create")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Return the submitted version for correction, saying why."""
        r = self.get_object()
        approval_permissions.require_decide(self.user, r)
        incoming = ReturnSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        self._check_version(r, incoming.validated_data["version"])
        r = approvals.return_(self._record(r), self.user, incoming.validated_data["reason"])
        return Response(self.get_serializer(r).data)


# Inbox --------------------------------------------------------------------------------

class InboxItemSerializer(DescribedFieldsMixin, serializers.Serializer):
    kind = serializers.CharField(help_text=_("What sort of work, in the request's language."))
    title = serializers.CharField()
    url = serializers.CharField(help_text=_("Where the work is done."))
    due = serializers.DateField(allow_null=True)
    urgency = serializers.ChoiceField(choices=["overdue", "soon", "waiting"])


class InboxSerializer(DescribedFieldsMixin, serializers.Serializer):
    count = serializers.IntegerField(help_text=_("How many items wait."))
    items = InboxItemSerializer(many=True)


class InboxView(APIView):
    """What waits for the caller, most urgent first, each item linked to where it is done."""

    from rest_framework.permissions import IsAuthenticated

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: InboxSerializer}, operation_id="inbox_retrieve")
    def get(self, request):
        items = items_for(request.user)
        data = {"count": len(items), "items": [
            {"kind": str(i.kind), "title": str(i.title), "url": i.url, "due": i.due,
             "urgency": i.urgency} for i in items]}
        return Response(InboxSerializer(data).data)
