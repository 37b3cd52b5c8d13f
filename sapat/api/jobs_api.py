"""`/api/v1/exports/` and `/api/v1/jobs/`: a table as a file made in the background.

`POST /api/v1/exports/` queues the export (the same `export` job the screens start for a
large table) and answers 202 with the job (a filter naming no such unit fails the job,
with the reason, as on the screens); `GET /api/v1/jobs/<id>/` follows its progress
and `GET /api/v1/jobs/<id>/download/` fetches the file once it is ready. A person may
have SAPAT_JOBS_PER_PERSON heavy jobs waiting or running at once: the next one is refused
with 429 and the reason in the request's language (`code: "job_limit"`). A job is its
owner's alone: anyone else gets 404.
"""
from __future__ import annotations

from django.http import FileResponse, Http404, QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sapat.jobs.models import Job
from sapat.jobs.services import job_start
from sapat.org.access import Action, may_anywhere
from sapat.reports.export import FORMATS, LANGUAGES, TABLES
from sapat.reports.jobs import export_params

from .base import ThrottleAnonymousFirst
from .fields import DescribedFieldsMixin


class JobSerializer(DescribedFieldsMixin, serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text=_("Progress, 0–100."))
    download = serializers.SerializerMethodField(
        help_text=_("Where the file is fetched once the job is done; null before."))

    class Meta:
        model = Job
        fields = ["id", "kind", "title", "status", "done", "total", "percent", "stage",
                  "error", "created_at", "finished_at", "expires_at", "filename", "size",
                  "download"]
        read_only_fields = fields

    def get_download(self, job) -> str | None:
        if not job.downloadable:
            return None
        return reverse("job-download", kwargs={"pk": job.pk})


class ExportRequest(serializers.Serializer):
    table = serializers.ChoiceField(choices=TABLES, help_text=_("Which table."))
    format = serializers.ChoiceField(choices=list(FORMATS), help_text=_("The file format."))
    filters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=200),
                                    max_length=50),
        required=False, default=dict,
        help_text=_("The screen's filters, each a list of values: "
                    "{\"unit\": [\"dep-it\"], \"band\": [\"high\"]}."))
    lang = serializers.ChoiceField(choices=LANGUAGES, required=False,
                                   help_text=_("The file's language; the request's by default."))


class JobViewSet(ThrottleAnonymousFirst, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                 viewsets.GenericViewSet):
    """Your own background jobs (exports, imports, backups) and their files."""

    queryset = Job.objects.none()  # per person: see get_queryset
    serializer_class = JobSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return Job.objects.of(self.request.user).order_by("-created_at")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(
        description=str(_("The file the job made.")))})
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        job = self.get_object()
        if not job.downloadable:
            raise Http404
        try:
            handle = job.file.open("rb")
        except OSError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=job.filename,
                                content_type=job.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ExportView(ThrottleAnonymousFirst, APIView):
    """Queue an export of a table; follow the job it answers with."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ExportRequest, responses={
        202: JobSerializer,
        400: OpenApiResponse(description=str(_("No such table or format."))),
        429: OpenApiResponse(description=str(_("You already have as many files being "
                                               "prepared as you may."))),
    })
    def post(self, request):
        # Asked first: a caller who may read nothing learns nothing from the errors.
        if not may_anywhere(request.user, Action.READ):
            raise PermissionDenied
        incoming = ExportRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        query = QueryDict(mutable=True)
        for key, values in data["filters"].items():
            query.setlist(key, values)
        job = job_start(kind="export", owner=request.user,
                        lang=data.get("lang") or get_language(),
                        params={"table": data["table"], "fmt": data["format"],
                                "filters": export_params(query)})
        answer = Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        answer["Location"] = reverse("job-detail", kwargs={"pk": job.pk})
        return answer
