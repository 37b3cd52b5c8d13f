"""Where the state that every app server and job worker must see lives, from the environment.

Read by `settings.py`; plain functions of `os.environ`, no Django imports. Each part is
switched by one variable, so a single server and a farm of them run the same code:

- cache (rate limits, login-rate counters): `SAPAT_CACHE_URL` — `file` (default: files
  under `SAPAT_DATA_DIR/cache`, shared by the app server's workers on one machine, no
  query per request), `db` (a table in the database every server shares: several servers
  without Redis; two or three queries per API call), `redis://host:6379/1` (several
  servers), or `locmem` (one process: the tests);
- sessions: `SAPAT_SESSION_ENGINE` — `db` (default), `cached_db` or `cache` (with Redis);
- job queue: `SAPAT_TASKS_BACKEND` — `database` (default: `sapat worker` polls the
  database, no extra service) or `rq` (Redis at `SAPAT_RQ_URL`);
- files (uploads, downloads): `SAPAT_STORAGE` — `filesystem` (default: `SAPAT_MEDIA_ROOT`,
  a directory every server mounts) or `s3` (django-storages; `pip install sapat[s3]`).
"""
from __future__ import annotations

import os

CACHE_TABLE = "sapat_cache"


def caches(env=os.environ, *, data_dir=None) -> dict:
    url = env.get("SAPAT_CACHE_URL", "file").strip() or "file"
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url == "locmem":
        # One process only: counters are not shared between workers (tests, a laptop).
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif url in ("db", "database"):
        # The database every server already shares; `sapat migrate` creates the table.
        backend = {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                   "LOCATION": CACHE_TABLE}
    elif url == "file" or url.startswith("file://"):
        # Every worker of one app server sees the same files; several servers need db or
        # redis (a cache on a network file system would be slow and racy).
        location = url.removeprefix("file://") if url != "file" else str(data_dir / "cache")
        backend = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                   "LOCATION": location, "OPTIONS": {"MAX_ENTRIES": 10000}}
    else:
        raise ValueError(
            f"SAPAT_CACHE_URL={url!r}: use file (default), db, locmem or a redis:// URL."
        )
    return {"default": backend}


def session_engine(env=os.environ) -> str:
    engine = env.get("SAPAT_SESSION_ENGINE", "db").strip() or "db"
    if engine not in ("db", "cached_db", "cache"):
        raise ValueError(f"SAPAT_SESSION_ENGINE={engine!r}: use db, cached_db or cache.")
    return f"django.contrib.sessions.backends.{engine}"


def tasks(env=os.environ) -> dict:
    backend = env.get("SAPAT_TASKS_BACKEND", "database").strip() or "database"
    if backend == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                            "QUEUES": ["default"]}}
    if backend == "rq":
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    if backend == "immediate":
        # Runs a job inside the request that started it: for tests of the job functions.
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                            "QUEUES": ["default"]}}
    raise ValueError(f"SAPAT_TASKS_BACKEND={backend!r}: use database, rq or immediate.")


def rq_queues(env=os.environ) -> dict:
    url = env.get("SAPAT_RQ_URL", "redis://127.0.0.1:6379/0")
    # A job's own lease (sapat.jobs) notices a dead worker; RQ's timeout is only a backstop
    # for a job that hangs, so it is long.
    return {"default": {"URL": url, "DEFAULT_TIMEOUT": int(env.get("SAPAT_RQ_TIMEOUT", "3600"))}}


def storages(env=os.environ, *, production: bool) -> dict:
    kind = env.get("SAPAT_STORAGE", "filesystem").strip() or "filesystem"
    if kind == "filesystem":
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    elif kind == "s3":
        default = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env["SAPAT_S3_BUCKET"],
                "endpoint_url": env.get("SAPAT_S3_ENDPOINT_URL") or None,
                "region_name": env.get("SAPAT_S3_REGION") or None,
                "access_key": env.get("AWS_ACCESS_KEY_ID") or None,
                "secret_key": env.get("AWS_SECRET_ACCESS_KEY") or None,
                # Nothing Sapat stores is public: every download goes through a view that
                # checks who asks.
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    else:
        raise ValueError(f"SAPAT_STORAGE={kind!r}: use filesystem or s3.")
    return {
        "default": default,
        "staticfiles": {
            "BACKEND": (
                "whitenoise.storage.CompressedManifestStaticFilesStorage"
                if production
                else "django.contrib.staticfiles.storage.StaticFilesStorage"
            )
        },
    }


def postgres_timeouts(env=os.environ) -> dict:
    """libpq options that bound how long a hung PostgreSQL can hold a worker: connecting
    gives up after `SAPAT_DB_CONNECT_TIMEOUT` s (default 5); TCP keepalives and
    unacknowledged sends notice a peer gone silent within ~10 s; a statement runs at most
    `SAPAT_DB_STATEMENT_TIMEOUT` s (set for the web server by sapat/wsgi.py; 0 or unset,
    as for backups and the job worker, is unlimited)."""
    options = {
        "connect_timeout": int(env.get("SAPAT_DB_CONNECT_TIMEOUT", "5")),
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": 10_000,  # ms
    }
    statement = float(env.get("SAPAT_DB_STATEMENT_TIMEOUT") or 0)
    if statement > 0:
        options["options"] = f"-c statement_timeout={int(statement * 1000)}"
    return options
