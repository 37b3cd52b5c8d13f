"""Each shared part is switched by one variable (sapat/deployment.py), and a wrong value
says what the right ones are instead of starting with a default nobody asked for."""
from pathlib import Path

import pytest

from sapat import deployment


def test_cache_defaults_to_files_shared_by_one_servers_workers():
    cache = deployment.caches({}, data_dir=Path("/srv/sapat"))["default"]
    assert cache["BACKEND"].endswith("FileBasedCache")
    assert cache["LOCATION"] == "/srv/sapat/cache"


@pytest.mark.parametrize(("url", "backend"), [
    ("db", "DatabaseCache"), ("redis://10.0.0.5:6379/1", "RedisCache"),
    ("locmem", "LocMemCache"), ("file:///var/cache/sapat", "FileBasedCache"),
])
def test_cache_by_setting(url, backend):
    cache = deployment.caches({"SAPAT_CACHE_URL": url}, data_dir=Path("/x"))["default"]
    assert cache["BACKEND"].endswith(backend)
    if backend == "RedisCache":
        assert cache["LOCATION"] == url


def test_queue_sessions_and_storage_by_setting():
    assert deployment.tasks({})["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert deployment.tasks({"SAPAT_TASKS_BACKEND": "rq"})["default"]["BACKEND"] == \
        "django_tasks_rq.RQBackend"
    assert deployment.rq_queues({"SAPAT_RQ_URL": "redis://r:6379/2"})["default"]["URL"] == \
        "redis://r:6379/2"
    assert deployment.session_engine({}) == "django.contrib.sessions.backends.db"
    assert deployment.session_engine({"SAPAT_SESSION_ENGINE": "cached_db"}).endswith(
        "cached_db")
    s3 = deployment.storages({"SAPAT_STORAGE": "s3", "SAPAT_S3_BUCKET": "sapat",
                              "SAPAT_S3_ENDPOINT_URL": "https://minio.jasu.kg"},
                             production=True)["default"]
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "sapat"
    assert s3["OPTIONS"]["default_acl"] == "private"
    assert deployment.storages({}, production=False)["default"]["BACKEND"].endswith(
        "FileSystemStorage")


@pytest.mark.parametrize(("name", "value"), [
    ("SAPAT_CACHE_URL", "memcached://x"), ("SAPAT_TASKS_BACKEND", "celery"),
    ("SAPAT_SESSION_ENGINE", "cookies"), ("SAPAT_STORAGE", "ftp"),
])
def test_a_wrong_value_names_the_right_ones(name, value):
    with pytest.raises(ValueError, match=name):
        deployment.caches({name: value}, data_dir=Path("/x"))
        deployment.tasks({name: value})
        deployment.session_engine({name: value})
        deployment.storages({name: value}, production=False)
