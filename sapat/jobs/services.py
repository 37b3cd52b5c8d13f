"""Starting, recovering and clearing jobs (`job_start`, `job_recover_stale`, `job_purge`).

What other apps call is `job_start`; the worker calls the other two every half minute.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import registry
from .models import Job

log = logging.getLogger(__name__)

# A job nobody took for this long means no worker is running: say so instead of waiting.
QUEUE_PATIENCE = datetime.timedelta(hours=6)


class JobLimitReached(ValidationError):
    """The person already has SAPAT_JOBS_PER_PERSON heavy jobs waiting or running."""


def _dedupe_key(kind: str, params: dict, lang: str) -> str:
    raw = json.dumps([kind, params, lang], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _enqueue(job_id, attempt: int) -> None:
    from .tasks import run_job

    result = run_job.enqueue(str(job_id), attempt)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def job_start(*, kind: str, owner, params: dict, lang: str | None = None) -> Job:
    """Queue a registered job for `owner` (None: a system job, e.g. the daily digest).

    The same job (kind, parameters, language) already waiting or running for the same
    person is returned instead of a second one. A heavy job beyond the person's limit is
    refused with `JobLimitReached`, a message in the active language.
    """
    job_kind = registry.get(kind)
    if job_kind is None:
        raise ValueError(f"no job kind {kind!r} is registered")
    lang = (lang or translation.get_language() or "ky")[:2]
    key = _dedupe_key(kind, params, lang)
    with transaction.atomic():
        if owner is not None:
            # One person's starts take turns (a row lock on PostgreSQL; SQLite's write
            # transactions take turns anyway), so two tabs cannot both slip under the limit.
            get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        same = Job.objects.active().filter(owner=owner, dedupe_key=key).first()
        if same is not None:
            return same
        limit = settings.SAPAT_JOBS_PER_PERSON
        if job_kind.heavy and owner is not None:
            running = _heavy_in_use(owner)
            if running >= limit:
                raise JobLimitReached(ngettext(
                    "You already have %(count)s file being prepared. Wait until it is "
                    "ready (see “My downloads”), then start the next one.",
                    "You already have %(count)s files being prepared. Wait until one of "
                    "them is ready (see “My downloads”), then start the next one.",
                    running) % {"count": running}, code="job_limit")
        with translation.override(lang):
            title = str(job_kind.title(params))[:300]
        job = Job.objects.create(
            kind=kind, owner=owner, params=params, lang=lang, title=title,
            heavy=job_kind.heavy, dedupe_key=key, max_attempts=job_kind.max_attempts,
        )
        transaction.on_commit(lambda: _enqueue(job.pk, 1))
    return job


# --- Heavy work done in the request ----------------------------------------------------------
# Reading and saving the HR file, previewing and saving a register import, building a
# PDF or Word file small enough not to be a job: each holds one of the person's
# SAPAT_JOBS_PER_PERSON places while it runs, as a heavy job does. A place is a key in the
# shared cache (every worker and server sees it); it lapses after HEAVY_SLOT_SECONDS,
# beyond gunicorn's timeout, if the worker holding it was killed.
HEAVY_SLOT_SECONDS = 120


def _slot_keys(person) -> list[str]:
    return [f"sapat:heavy:{person.pk}:{i}" for i in range(settings.SAPAT_JOBS_PER_PERSON)]


def _slots_held(person) -> int:
    return len(cache.get_many(_slot_keys(person)))


def _heavy_in_use(person) -> int:
    """The person's heavy jobs waiting or running, and heavy work running in requests."""
    return Job.objects.active().filter(owner=person, heavy=True).count() + _slots_held(person)


@contextlib.contextmanager
def heavy_work(person):
    """Run the block as one of `person`'s heavy operations, or raise `JobLimitReached`
    (a message in the active language) if they already have as many as they may."""
    if person is None or not getattr(person, "pk", None):
        yield
        return
    with transaction.atomic():
        # Takes turns with job_start for the same person (see there).
        get_user_model().objects.select_for_update().filter(pk=person.pk).first()
        busy = _heavy_in_use(person)
        # Any free slot, counted with the jobs: a place held in a higher slot counts too.
        key = None if busy >= settings.SAPAT_JOBS_PER_PERSON else next(
            (k for k in _slot_keys(person) if cache.add(k, 1, HEAVY_SLOT_SECONDS)), None)
        if key is None:
            raise JobLimitReached(ngettext(
                "You already have %(count)s long operation running (an import, or a file "
                "being prepared). Wait until it has finished, then try again.",
                "You already have %(count)s long operations running (imports, or files "
                "being prepared). Wait until one of them has finished, then try again.",
                busy) % {"count": busy}, code="job_limit")
    try:
        yield
    finally:
        cache.delete(key)


def _keep_until(now):
    return now + datetime.timedelta(hours=settings.SAPAT_DOWNLOADS_KEEP_HOURS)


def job_recover_stale(*, now=None, only=None) -> int:
    """Hand on the jobs whose worker stopped answering; returns how many were touched.

    A running job whose heartbeat is older than SAPAT_JOB_LEASE_SECONDS is queued again
    (attempt N+1) while it has attempts left, else marked failed with a message; a job
    that waited QUEUE_PATIENCE with no worker taking it is marked failed. Each change is
    one conditional UPDATE, so two workers (or a worker and a page) recovering at once
    hand a job on only once.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SAPAT_JOB_LEASE_SECONDS)
    stale = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
    waited = Job.objects.filter(status=Job.Status.QUEUED, queued_at__lt=now - QUEUE_PATIENCE)
    if only is not None:
        stale, waited = stale.filter(pk=only), waited.filter(pk=only)
    touched = 0
    for job in stale:
        same = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempt=job.attempt,
                                  heartbeat_at__lt=cutoff)
        if job.attempt < job.max_attempts:
            with translation.override(job.lang):
                stage = _("A worker stopped; trying again.")
            if same.update(status=Job.Status.QUEUED, queued_at=now, stage=stage):
                _forget_task(job.task_id)
                transaction.on_commit(lambda pk=job.pk, n=job.attempt + 1: _enqueue(pk, n))
                touched += 1
        else:
            with translation.override(job.lang):
                error = _("The job was interrupted (a worker stopped) and could not be "
                          "finished. Start it again.")
            if same.update(status=Job.Status.FAILED, error=error, stage="", finished_at=now,
                           expires_at=_keep_until(now)):
                _forget_task(job.task_id)
                touched += 1
    for job in waited:
        with translation.override(job.lang):
            error = _("No worker took this job up. Tell the administrator that the "
                      "background worker (sapat worker) is not running.")
        touched += Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED, error=error, finished_at=now, expires_at=_keep_until(now))
    return touched


def _forget_task(task_id: str) -> None:
    """The database queue would show the dead attempt's task as running for ever."""
    if not task_id or settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now())


def job_purge(*, now=None) -> int:
    """Delete the jobs (and their files) kept past their time; returns how many."""
    now = now or timezone.now()
    gone = 0
    for job in Job.objects.filter(expires_at__lt=now).only("pk", "file")[:500]:
        if job.file:
            try:
                default_storage.delete(job.file.name)
            except OSError:
                log.warning("job %s: could not delete %s", job.pk, job.file.name)
                continue
        job.delete()
        gone += 1
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        keep = datetime.timedelta(hours=settings.SAPAT_DOWNLOADS_KEEP_HOURS)
        DBTaskResult.objects.filter(status__in=("SUCCESSFUL", "FAILED"),
                                    finished_at__lt=now - keep).delete()
    return gone
