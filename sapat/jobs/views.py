"""“My downloads” and a job's page: progress (htmx polling, no inline script), the file.

A job and its file are the owner's alone: anyone else gets 404, as if it did not exist.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .models import Job
from .services import JobLimitReached, job_recover_stale, job_start

DOWNLOAD_CSP = "default-src 'none'; sandbox"


def _own_job(request, pk) -> Job:
    job = Job.objects.filter(pk=pk, owner=request.user).first()
    if job is None:
        raise Http404
    return job


def _noticed(job: Job) -> Job:
    """A page looking at a running job whose worker went quiet hands it on at once,
    rather than waiting for a worker's next round."""
    if job.status == Job.Status.RUNNING and job.heartbeat_at is not None:
        quiet = (timezone.now() - job.heartbeat_at).total_seconds()
        if quiet > settings.SAPAT_JOB_LEASE_SECONDS and job_recover_stale(only=job.pk):
            job.refresh_from_db()
    return job


@login_required
@require_GET
def my_downloads(request):
    jobs = list(Job.objects.of(request.user).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))[:100])
    template = "jobs/_list.html" if request.htmx else "jobs/my_downloads.html"
    return render(request, template, {
        "jobs": jobs, "active": any(not j.finished for j in jobs),
        "title": _("My downloads"), "section": "my-downloads",
        "may_backup": request.user.is_superuser,
        "keep_hours": int(settings.SAPAT_DOWNLOADS_KEEP_HOURS),
    })


@login_required
@require_GET
def detail(request, pk):
    job = _noticed(_own_job(request, pk))
    return render(request, "jobs/detail.html", {
        "job": job, "title": job.title or _("Background job"), "section": "my-downloads",
    })


@login_required
@require_GET
def status(request, pk):
    """The progress fragment; it stops asking once the job is done or failed."""
    job = _noticed(_own_job(request, pk))
    response = render(request, "jobs/_status.html", {"job": job})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request, pk):
    job = _own_job(request, pk)
    if not job.downloadable:
        raise Http404
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=job.filename,
                            content_type=job.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def remove(request, pk):
    job = _own_job(request, pk)
    if not job.finished:
        messages.error(request, _("A job still being prepared cannot be removed."))
        return redirect("jobs:mine")
    if job.file:
        job.file.delete(save=False)
    job.delete()
    messages.success(request, _("Removed from your downloads."))
    return redirect("jobs:mine")


@login_required
@require_POST
def start_backup(request):
    """An administrator's backup of every record and file, as a download."""
    if not request.user.is_superuser:
        raise PermissionDenied
    try:
        job = job_start(kind="backup", owner=request.user, params={})
    except JobLimitReached as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("jobs:mine")
    return redirect("jobs:detail", pk=job.pk)
