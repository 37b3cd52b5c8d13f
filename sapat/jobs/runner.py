"""Running one attempt of a job: claim it, report progress, keep a heartbeat, finish it.

`run(job_id, attempt)` is what the queue's task calls (`sapat.jobs.tasks.run_job`), on
whatever worker took it. Progress is kept in memory by the job function and written to
the job's row by a heartbeat thread on its own database connection, at most twice a
second and at least every few seconds: every server reads it from there, and it is
visible even while a writing job holds its own transaction open. A worker that dies
stops the heartbeat; `services.job_recover_stale` then retries the job or marks it failed.

`run_here(...)` runs a job function in the foreground (the CLI), with a progress bar on
the terminal instead of a row in the database.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sapat.lib.progress import Progress, bar_progress

from . import registry
from .models import Job, _file_path

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.5  # progress reaches the row at most this often
BEAT_SECONDS = 5.0  # …and at least this often, changed or not


class JobError(Exception):
    """A failure the person can act on; its message (already in the job's language) is
    what "my downloads" shows."""


class Superseded(Exception):
    """This attempt was taken for dead and the job handed on: stop without writing."""


class JobContext:
    """What a job function gets: who asked, in which language, and where to report."""

    def __init__(self, job: Job, attempt: int):
        self.job = job
        self.attempt = attempt
        self.params = job.params
        self.lang = job.lang
        self.person = job.owner
        self.done = 0
        self.total = 0
        self.stage = ""
        self.lost = False
        self._dirty = False
        self.file_name = ""
        self.filename = ""
        self.content_type = ""
        self.size = 0

    def progress(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        """Rows done of rows (and what is being done, in the job's language)."""
        if self.lost:
            raise Superseded
        self.done = max(0, int(done))
        if total is not None:
            self.total = max(0, int(total))
        if stage is not None:
            self.stage = str(stage)[:200]
        self._dirty = True

    def set_stage(self, stage: str) -> None:
        self.progress(self.done, stage=stage)

    def save_file(self, filename: str, content: bytes, content_type: str) -> None:
        """Keep the job's file on the shared storage; it appears in "my downloads"."""
        if self.lost:
            raise Superseded
        name = default_storage.save(_file_path(self.job, filename), ContentFile(content))
        self.file_name, self.filename = name, filename
        self.content_type, self.size = content_type, len(content)


class _Heartbeat(threading.Thread):
    """Writes the context's progress and the time to the job's row until stopped."""

    def __init__(self, ctx: JobContext):
        super().__init__(name=f"job-heartbeat-{ctx.job.pk}", daemon=True)
        self.ctx = ctx
        self.stopping = threading.Event()
        self._last = 0.0

    def run(self) -> None:
        try:
            while not self.stopping.wait(0.25):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def beat(self, force: bool = False) -> None:
        ctx = self.ctx
        now = time.monotonic()
        due = now - self._last >= BEAT_SECONDS
        if not (force or due or (ctx._dirty and now - self._last >= FLUSH_SECONDS)):
            return
        ctx._dirty = False
        self._last = now
        try:
            kept = Job.objects.filter(
                pk=ctx.job.pk, attempt=ctx.attempt, status=Job.Status.RUNNING
            ).update(done=ctx.done, total=ctx.total, stage=ctx.stage,
                     heartbeat_at=timezone.now())
        except DatabaseError:
            # A busy SQLite file (a writing job holds it) or a database restart: the next
            # beat tries again; the lease is many beats long.
            log.warning("job %s: heartbeat not written", ctx.job.pk, exc_info=True)
            return
        if not kept:
            ctx.lost = True

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


def _keep_until():
    from django.conf import settings

    return timezone.now() + timezone.timedelta(hours=settings.SAPAT_DOWNLOADS_KEEP_HOURS)


def _complete(ctx: JobContext, summary) -> None:
    now = timezone.now()
    total = max(ctx.total, ctx.done)
    kept = Job.objects.filter(
        pk=ctx.job.pk, attempt=ctx.attempt, status=Job.Status.RUNNING
    ).update(
        status=Job.Status.DONE, done=total, total=total, stage="", error="",
        result=summary if isinstance(summary, dict) else {},
        file=ctx.file_name, filename=ctx.filename, content_type=ctx.content_type,
        size=ctx.size, finished_at=now, heartbeat_at=now, expires_at=_keep_until(),
    )
    if not kept:
        raise Superseded


def _fail(job_id, attempt: int, message: str) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job_id, attempt=attempt, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=message, stage="", finished_at=now,
        heartbeat_at=now, expires_at=_keep_until(),
    )


def _drop_file(ctx: JobContext) -> None:
    if ctx.file_name:
        try:
            default_storage.delete(ctx.file_name)
        except OSError:
            log.warning("job %s: could not delete %s", ctx.job.pk, ctx.file_name)


def message_of(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def unexpected_message(job: Job) -> str:
    return _(
        "Something went wrong while this was being prepared. It has been logged; try "
        "again, and if it fails again, tell the administrator (reference %(ref)s)."
    ) % {"ref": str(job.pk)[:8]}


def run(job_id: str, attempt: int) -> str:
    """Run attempt `attempt` of the job, unless it is done or another attempt has it."""
    now = timezone.now()
    claimed = Job.objects.filter(
        pk=job_id, status=Job.Status.QUEUED, attempt__lt=attempt
    ).update(status=Job.Status.RUNNING, attempt=attempt, started_at=now, heartbeat_at=now,
             stage="", error="", worker=f"{socket.gethostname()}:{os.getpid()}"[:120])
    if not claimed:
        # Done already, failed, or a later attempt took it: a duplicate delivery does nothing.
        return "skipped"
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = registry.get(job.kind)
    with translation.override(job.lang):
        if kind is None:
            _fail(job.pk, attempt, _("This kind of job is no longer available."))
            return "failed"
        ctx = JobContext(job, attempt)
        heartbeat = _Heartbeat(ctx)
        heartbeat.start()
        try:
            if kind.writes:
                # What the job writes and the job's "done" commit together or not at all,
                # so a retry after a crash never writes twice.
                with transaction.atomic():
                    summary = kind.func(ctx, **job.params)
                    heartbeat.stop()
                    _complete(ctx, summary)
            else:
                summary = kind.func(ctx, **job.params)
                heartbeat.stop()
                _complete(ctx, summary)
            return "done"
        except Superseded:
            _drop_file(ctx)
            return "superseded"
        except (JobError, ValidationError) as exc:
            _drop_file(ctx)
            _fail(job.pk, attempt, message_of(exc))
            return "failed"
        except Exception:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            _drop_file(ctx)
            _fail(job.pk, attempt, unexpected_message(job))
            return "failed"
        finally:
            heartbeat.stop()


class TerminalContext(JobContext):
    """A job function run in the foreground by a command: progress goes to a terminal
    bar (`sapat.lib.progress.Progress`), the file to the path the command was given."""

    def __init__(self, *, params: dict, lang: str, person, bar):
        self.params, self.lang, self.person = params, lang, person
        self.job = None
        self.attempt = 0
        self.done = self.total = 0
        self.stage = ""
        self.lost = False
        self._dirty = False
        self.bar = bar
        self._draw = bar_progress(bar)
        self.content = None
        self.filename = self.content_type = self.file_name = ""
        self.size = 0

    def progress(self, done, total=None, stage=None) -> None:
        super().progress(done, total, stage)
        self._draw(done, total, stage)

    def save_file(self, filename, content, content_type) -> None:
        self.content, self.filename, self.content_type = content, filename, content_type
        self.size = len(content)


def run_here(kind_key: str, *, params: dict, lang: str, person, stream=None,
             quiet: bool = False) -> TerminalContext:
    """Run a registered job function now, in this process, with a terminal progress bar."""
    kind = registry.get(kind_key)
    if kind is None:
        raise JobError(_("This kind of job is no longer available."))
    bar = Progress(1, stream=stream, enabled=not quiet)
    ctx = TerminalContext(params=params, lang=lang, person=person, bar=bar)
    with translation.override(lang):
        if kind.writes:
            with transaction.atomic():
                summary = kind.func(ctx, **params)
        else:
            summary = kind.func(ctx, **params)
    ctx.result = summary if isinstance(summary, dict) else {}
    bar.finish()
    return ctx
