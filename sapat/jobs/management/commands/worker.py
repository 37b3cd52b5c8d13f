"""`sapat worker`: run background jobs (exports, imports, backups, digests) as they come.

Takes jobs from the queue the settings name (`SAPAT_TASKS_BACKEND`: the database by
default, RQ on Redis with `rq`), at a lower CPU priority than the app servers so that
pages stay quick while a big file is built, and every half minute hands on jobs whose
worker died (`job_recover_stale`) and deletes downloads kept past their time (`job_purge`).
Start as many as the machine has cores to spare, on any machine that reaches the
database (and Redis) and the shared file storage. SIGTERM finishes the running job first.
"""
from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from sapat.jobs.services import job_purge, job_recover_stale

log = logging.getLogger("sapat.jobs")


def maintain_once() -> None:
    try:
        job_recover_stale()
        job_purge()
    except Exception:  # a database restart must not stop the worker
        log.exception("job maintenance failed; trying again later")


class _Maintenance(threading.Thread):
    def __init__(self, every: float):
        super().__init__(name="job-maintenance", daemon=True)
        self.every = every
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.every):
                maintain_once()
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Run background jobs (exports, imports, backups, e-mail digests) as they are queued."

    def add_arguments(self, parser):
        parser.add_argument("--nice", type=int, default=10,
                            help="CPU niceness added to this worker (default 10: pages first).")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds between looks at an empty database queue (default 1).")
        parser.add_argument("--batch", action="store_true",
                            help="Run the jobs waiting now, then exit (database queue only).")
        parser.add_argument("--maintenance-every", type=float, default=30.0,
                            help="Seconds between looks for dead jobs and expired downloads.")
        parser.add_argument("--worker-id", default="",
                            help="A name unique among workers (default: host, pid, random).")

    def handle(self, *args, nice, interval, batch, maintenance_every, worker_id, **options):
        if nice:
            try:
                os.nice(nice)
            except OSError:
                pass
        if not logging.getLogger("sapat.jobs").handlers:
            logging.getLogger("sapat.jobs").addHandler(logging.StreamHandler(self.stderr))
        logging.getLogger("sapat.jobs").setLevel(logging.INFO)
        worker_id = (worker_id or f"{socket.gethostname()}-{os.getpid()}-"
                     f"{get_random_string(6)}")[:64]
        backend = settings.TASKS["default"]["BACKEND"]
        maintain_once()
        maintenance = None
        if not batch and maintenance_every > 0:
            maintenance = _Maintenance(maintenance_every)
            maintenance.start()
        self.stderr.write(_("Sapat worker %(id)s: taking jobs from %(queue)s.") % {
            "id": worker_id,
            "queue": "Redis (RQ)" if backend.endswith("RQBackend") else _("the database"),
        })
        if backend == "django_tasks_db.DatabaseBackend":
            self._database_worker(worker_id, interval, batch)
        elif backend == "django_tasks_rq.RQBackend":
            self._rq_worker(worker_id, batch)
        else:
            raise CommandError(_(
                "The job queue is set to run jobs inside the request "
                "(SAPAT_TASKS_BACKEND=%(backend)s); a worker has nothing to take."
            ) % {"backend": os.environ.get("SAPAT_TASKS_BACKEND", "")})
        if maintenance is not None:
            maintenance.stopping.set()

    def _database_worker(self, worker_id: str, interval: float, batch: bool) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(queue_names=["default"], interval=interval, batch=batch,
                        backend_name="default", startup_delay=not batch, max_tasks=None,
                        worker_id=worker_id, excluded_queue_names=[])
        worker.configure_signals()
        worker.run()

    def _rq_worker(self, worker_id: str, batch: bool) -> None:
        import django_rq
        from rq.worker import SimpleWorker

        # In-process (no fork per job): the job's own heartbeat and lease deal with a
        # worker that dies, and Django's connections are not shared across a fork.
        worker = django_rq.get_worker("default", worker_class=SimpleWorker, name=worker_id,
                                      job_class="django_tasks_rq.Job")
        worker.work(burst=batch, with_scheduler=False)
