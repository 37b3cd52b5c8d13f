"""A job: one run of a registered job function, as every app server and worker sees it.

The row is the truth about a job (the queue's own record only says "run job X, attempt
N"): its state, its progress (rows done of rows), the worker's heartbeat, the error a
person reads, and the file it made. Every server reads it from the database, so a job
started through one server is followed and downloaded through any other.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _file_path(job: Job, filename: str) -> str:
    # The job's id is in the path: two downloads of the same name never collide, and the
    # name (which the person sees) stays as the export made it.
    owner = job.owner_id or "system"
    return f"downloads/{owner}/{job.pk.hex}/{filename}"


class JobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING))

    def of(self, person):
        return self.filter(owner=person)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                              blank=True, related_name="jobs", verbose_name=_("owner"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language the person used when starting it: the file and any error are in it.
    lang = models.CharField(_("language"), max_length=8, default="ky")
    title = models.CharField(_("title"), max_length=300, blank=True)
    heavy = models.BooleanField(_("heavy"), default=True)
    # Two clicks on the same export while the first is still waiting or running find the
    # first one instead of starting a second.
    dedupe_key = models.CharField(max_length=64, blank=True, db_index=True)

    status = models.CharField(_("state"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    # Attempt N of max_attempts; the worker running attempt N writes its heartbeat, and
    # only that attempt may write progress or the result (a fence against a worker that
    # was taken for dead and comes back).
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=2)
    task_id = models.CharField(max_length=64, blank=True)
    # host:pid of the worker running (or that last ran) the job: which process to look at.
    worker = models.CharField(_("worker"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("last heard from"), null=True, blank=True)

    created_at = models.DateTimeField(_("started"), default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    file = models.FileField(_("file"), upload_to=_file_path, max_length=400, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["expires_at"], name="job_expires"),
        ]

    def __str__(self) -> str:
        return self.title or self.kind

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    @property
    def downloadable(self) -> bool:
        return (self.status == self.Status.DONE and bool(self.file)
                and (self.expires_at is None or self.expires_at > timezone.now()))
