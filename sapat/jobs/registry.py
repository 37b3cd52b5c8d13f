"""The jobs registry: long work as plain functions that a queue runs.

An app registers its job functions from its AppConfig.ready(); this module imports no
app. A job function is an ordinary function of a `JobContext` and keyword parameters
(JSON values), so the CLI can call the same function in the foreground with a progress
bar on the terminal, and a test can call it directly:

    from sapat.jobs.registry import JobKind, register

    def export_job(ctx, *, table, fmt, params):
        ctx.progress(0, rows)                         # rows done of rows, seen everywhere
        ...
        ctx.save_file("register-ky.pdf", content, "application/pdf")   # → "my downloads"

    register(JobKind("export", export_job, title=export_title))

Start one with `sapat.jobs.services.job_start(kind="export", owner=person, params={…})`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    key: str
    # func(ctx: JobContext, **params) -> dict | None (a summary kept on the job, e.g. counts)
    func: Callable[..., object]
    # title(params) -> str, in the active language: what "my downloads" calls the job.
    title: Callable[[dict], str]
    # Heavy jobs count against the per-person limit (SAPAT_JOBS_PER_PERSON).
    heavy: bool = True
    # A job that writes runs in one transaction with the job's own completion: a retry
    # after a worker died mid-way finds either nothing written or the job already done.
    writes: bool = False
    # A read-only job interrupted by a worker restart is run again; a writing job's
    # transaction was rolled back, so running it again is safe too.
    max_attempts: int = 2


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    """Add (or replace, by key) a job kind; call from an AppConfig.ready()."""
    _KINDS[kind.key] = kind


def get(key: str) -> JobKind | None:
    return _KINDS.get(key)


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
