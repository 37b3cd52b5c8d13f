"""Controlled documents (ISO 9001 7.5): the register, versions, their files.

The same questions as the screens (`sapat.documents.permissions`): a confidential
document is found only by its owner unit, its audiences, reviewers, approving body and
the QMS office; files of a version in preparation only by those who work on it; an
obsolete version's PDF or DOCX downloads stamped obsolete. Every change goes through
`sapat.documents.services` (approval itself through the approvals workflow's screens).
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sapat.audits.models import Clause
from sapat.documents import permissions, services
from sapat.documents.files import download_response, validate_document_file
from sapat.documents.models import (
    Document,
    DocumentVersion,
    Language,
    ReviewComment,
    VersionFile,
)
from sapat.lib import uploads
from sapat.org.access import Action, may
from sapat.org.models import Role, Unit
from sapat.processes.models import Process

from .base import ScopedViewSet
from .fields import DescribedFieldsMixin

NOT_FOUND = OpenApiResponse(description=str(_("No such record, or not one you may read.")))
FORBIDDEN = OpenApiResponse(description=str(_("You may read the record but not do this.")))
INVALID = OpenApiResponse(description=str(_("The request was refused; the errors say why.")))


class DocumentSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    owner_unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    processes = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                             queryset=Process.objects.live())
    clauses = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                           queryset=Clause.objects.all())
    audience_units = serializers.SlugRelatedField(slug_field="code", many=True,
                                                  required=False, queryset=Unit.objects.all())
    audience_roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices),
                                           source="roles", required=False)
    label = serializers.SerializerMethodField(help_text=_("The title in the request's "
                                                          "language."))
    version_in_force = serializers.SerializerMethodField(help_text=_(
        "The number of the version in force; null when none is."))

    class Meta:
        model = Document
        fields = ["id", "code", "title", "title_ru", "title_en", "label", "doc_type",
                  "owner_unit", "processes", "clauses", "audience_units", "audience_roles",
                  "confidentiality", "retention_years", "review_months", "next_review",
                  "version_in_force", "version"]
        read_only_fields = ["version"]

    def get_label(self, document) -> str:
        return document.tr.title

    def get_version_in_force(self, document) -> int | None:
        found = getattr(document, "in_force_versions", None)
        if found is None:
            found = list(document.versions.filter(state="in_force"))
        return found[0].number if found else None

    def create(self, validated_data):
        roles = validated_data.pop("roles", [])
        lists = {name: validated_data.pop(name, []) for name in
                 ("processes", "clauses", "audience_units")}
        document = Document(**validated_data)
        document.roles = roles
        # The university is the owner unit's (as `Document.save` sets it), known before the
        # checks so that a code already used in it is a 400, not a failed insert.
        document.university_id = int(document.owner_unit.root_path.split(".")[0])
        if Document.objects.live().filter(university_id=document.university_id,
                                          code=document.code).exists():
            raise serializers.ValidationError(
                {"code": [_("A document with this code is already in the register.")]})
        try:
            document.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error
        document.save()
        for name, values in lists.items():
            getattr(document, name).set(values)
        return document


class DocumentViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                      mixins.RetrieveModelMixin, ScopedViewSet):
    """The register of documents the caller may read; POST registers one (its owner unit's
    editors and the QMS office)."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    ordering = ["code"]

    def get_queryset(self):
        return (permissions.documents_visible_to(self.user).select_related("owner_unit")
                .prefetch_related("processes", "clauses", "audience_units", Prefetch(
                    "versions", queryset=DocumentVersion.objects.filter(state="in_force"),
                    to_attr="in_force_versions")))

    @extend_schema(responses={201: DocumentSerializer, 400: INVALID, 403: FORBIDDEN})
    def create(self, request, *args, **kwargs):
        if not permissions.may_create(request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit = serializer.validated_data["owner_unit"]
        if not (may(request.user, Action.UPDATE, unit)
                or may(request.user, Action.CONFIGURE, unit)):
            raise PermissionDenied
        document = serializer.save()
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)


class FileSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text=_(
        "Where the file is downloaded (stamped obsolete for an obsolete version)."))

    class Meta:
        model = VersionFile
        fields = ["id", "language", "name", "size", "sha256", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, record) -> str:
        return reverse("document-file-download", args=[record.pk])


class CommentSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class VersionSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.live())
    files = serializers.SerializerMethodField(help_text=_(
        "The files; empty for a version in preparation you do not work on."))
    comments = CommentSerializer(many=True, read_only=True)
    author = serializers.StringRelatedField(read_only=True)
    is_obsolete = serializers.BooleanField(read_only=True)

    class Meta:
        model = DocumentVersion
        fields = ["id", "document", "number", "state", "is_obsolete", "change_summary",
                  "change_summary_ru", "change_summary_en", "author", "created_at",
                  "decision_no", "decision_date", "in_force_from", "ended_on", "files",
                  "comments", "version"]
        read_only_fields = ["number", "state", "created_at", "decision_no", "decision_date",
                            "in_force_from", "ended_on", "version"]

    def get_files(self, version) -> list[dict]:
        request = self.context.get("request")
        if request is None or not permissions.may_read_version_files(request.user, version):
            return []
        return FileSerializer(version.files.all(), many=True).data


class UploadSerializer(DescribedFieldsMixin, serializers.Serializer):
    language = serializers.ChoiceField(choices=Language.choices)
    file = serializers.FileField(validators=[validate_document_file], help_text=_(
        "PDF, DOCX or XLSX, at most 10 MB."))


class CommentInput(DescribedFieldsMixin, serializers.Serializer):
    text = serializers.CharField()


class VersionViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                     mixins.RetrieveModelMixin, ScopedViewSet):
    """Versions of the documents the caller may read. POST drafts a new version (the
    document's owners and the QMS office); the actions move it on."""

    queryset = DocumentVersion.objects.all()
    serializer_class = VersionSerializer
    ordering = ["document__code", "-number"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        docs = permissions.documents_visible_to(self.user).values("pk")
        return (DocumentVersion.objects.filter(document__in=docs)
                .select_related("document__owner_unit", "document__university", "author")
                .prefetch_related("files", "reviewers", "comments__author"))

    @extend_schema(responses={201: VersionSerializer, 400: INVALID, 403: FORBIDDEN})
    def create(self, request, *args, **kwargs):
        # Asked first: a caller who drafts nowhere learns nothing from the errors.
        if not permissions.may_create(request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = data["document"]
        if not permissions.may_read(request.user, document):
            raise PermissionDenied
        if not permissions.may_draft(request.user, document):
            raise PermissionDenied
        version = services.new_version(
            document, request.user, change_summary=data.get("change_summary", ""),
            change_summary_ru=data.get("change_summary_ru", ""),
            change_summary_en=data.get("change_summary_en", ""))
        return Response(self.get_serializer(version).data, status=status.HTTP_201_CREATED)

    def _allowed(self, allowed: bool):
        if not allowed:
            raise DjangoPermissionDenied

    @extend_schema(request=UploadSerializer, responses={201: FileSerializer, 400: INVALID,
                                                         403: FORBIDDEN, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="files")
    def upload(self, request, pk=None):
        """Attach (or replace) the file of one language to a draft."""
        version = self.get_object()
        self._allowed(permissions.may_draft(request.user, version.document))
        incoming = UploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        record = services.add_file(version, incoming.validated_data["file"],
                                   language=incoming.validated_data["language"],
                                   by=request.user)
        return Response(FileSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: VersionSerializer, 400: INVALID,
                                            403: FORBIDDEN, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="review")
    def send_for_review(self, request, pk=None):
        """Send a draft for review."""
        version = self.get_object()
        self._allowed(permissions.may_draft(request.user, version.document))
        services.send_for_review(version, request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=CommentInput, responses={201: CommentSerializer, 400: INVALID,
                                                    403: FORBIDDEN, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="comments")
    def comment(self, request, pk=None):
        """A reviewer's comment on a version in review."""
        version = self.get_object()
        self._allowed(permissions.may_comment(request.user, version))
        incoming = CommentInput(data=request.data)
        incoming.is_valid(raise_exception=True)
        record = services.comment(version, request.user, incoming.validated_data["text"])
        return Response(CommentSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: VersionSerializer, 400: INVALID,
                                            403: FORBIDDEN, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="publish")
    def publish(self, request, pk=None):
        """Put an approved version in force; the one in force before is superseded."""
        version = self.get_object()
        self._allowed(permissions.may_publish(request.user, version))
        services.publish(version, request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: VersionSerializer, 400: INVALID,
                                            403: FORBIDDEN, 404: NOT_FOUND})
    @action(detail=True, methods=["post"], url_path="acknowledge")
    def acknowledge(self, request, pk=None):
        """The caller has read and understood the version in force."""
        version = self.get_object()
        self._allowed(permissions.may_acknowledge(request.user, version))
        services.acknowledge(version, request.user)
        return Response(self.get_serializer(version).data)


class FileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The files the caller may read, each with its SHA-256."""

    queryset = VersionFile.objects.all()
    serializer_class = FileSerializer
    ordering = ["pk"]

    def get_queryset(self):
        docs = permissions.documents_visible_to(self.user).values("pk")
        files = VersionFile.objects.filter(version__document__in=docs).select_related(
            "version__document__owner_unit", "version__document__university")
        if permissions.may_configure(self.user):
            return files
        # Files of versions in preparation: only for those who work on them.
        reviewed = DocumentVersion.objects.filter(reviewers=self.user).values("pk")
        return files.filter(Q(version__state__in=["approved", "in_force", "superseded",
                                                  "withdrawn"])
                            | Q(version__in=reviewed)
                            | permissions.draftable_q(self.user, "version__document__"))

    @extend_schema(responses={**{(200, media): OpenApiResponse(
        response=OpenApiTypes.BINARY, description=str(_("The file.")))
        for media in dict.fromkeys(uploads.CONTENT_TYPES.values())}, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        record = self.get_object()
        if not permissions.may_read_version_files(request.user, record.version):
            raise DjangoPermissionDenied
        return download_response(record)
