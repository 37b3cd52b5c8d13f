"""Two app servers behind haproxy, two job workers, PostgreSQL and Redis — all started here.

A person signs in through one server and carries on through the other; an export started
on one is built by a worker and downloaded through the other; the login rate limit and
the lockout count attempts made on both; stopping one app server (SIGTERM) and killing
one worker (SIGKILL) in the middle of a load loses no request that was answered 2xx and
no job.

Needs PostgreSQL on 127.0.0.1:5432 (SAPAT_MULTI_DATABASE_URL names the database to create;
default sapat_multi_<pid>), and Debian's haproxy and redis-server (scripts/ensure-system-
packages installs them). Takes about a minute.
"""
from __future__ import annotations

import io
import os
import re
import threading
import time
from pathlib import Path

import pytest

from .cluster import Client, Cluster, drop_database

pytestmark = pytest.mark.multi

DATABASE_URL = os.environ.get(
    "SAPAT_MULTI_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/sapat_multi_{os.getpid()}",
)
ENV = {
    "SAPAT_EXPORT_JOB_ROWS": "20",  # the small university's registers go to the workers
    "SAPAT_JOB_LEASE_SECONDS": "5",
    "SAPAT_JOBS_PER_PERSON": "3",
    "AXES_FAILURE_LIMIT": "3",
    "SAPAT_LOGIN_RATE": "6/min",
}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import psycopg

    try:
        psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is needed on 127.0.0.1:5432 for this test: {exc}")
    workdir = Path(tmp_path_factory.mktemp("cluster"))
    with Cluster(workdir, database_url=DATABASE_URL, app_servers=2, workers=2,
                 env=ENV) as cluster:
        cluster.prepare(scale="small")
        cluster.start()
        cluster.db = psycopg.connect(DATABASE_URL, autocommit=True)
        yield cluster
        cluster.db.close()
    drop_database(DATABASE_URL)


def job_id(location: str) -> str:
    match = re.search(r"/jobs/([0-9a-f-]{36})/", location)
    assert match, location
    return match.group(1)


def wait_job(client: Client, base: str, pk: str, timeout: float = 180) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        answer = client.get(f"{base}/jobs/{pk}/status/")
        assert answer.status == 200, answer.status
        state = re.search(r'data-state="(\w+)"', answer.text).group(1)
        if state in ("done", "failed"):
            return state
        time.sleep(0.3)
    raise AssertionError(f"job {pk} not finished within {timeout} s")


def test_signed_in_on_one_server_carries_on_on_the_other(cluster):
    a, b = cluster.app_urls
    person = Client()
    assert person.login(a, "bench-qms", "bench").status == 302
    home = person.get(b + "/")
    assert home.status == 200
    assert "bench-qms" in home.text or "/logout/" in home.text
    # …and a form posted on the other server passes its CSRF check with the same session.
    assert person.post(b + "/logout/", {}).status == 302
    assert person.get(a + "/").status == 302  # signed out everywhere


def test_export_started_on_one_is_downloaded_through_the_other(cluster):
    a, b = cluster.app_urls
    person = Client()
    person.login(a, "bench-qms", "bench")
    started = person.get(a + "/reports/export/consolidated.xlsx?lang=ru")
    assert started.status == 302, started.text[:500]
    pk = job_id(started.location)
    assert wait_job(person, b, pk) == "done"
    download = person.get(f"{b}/jobs/{pk}/download/")
    assert download.status == 200
    assert "consolidated-ru.xlsx" in download.headers["Content-Disposition"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(download.body)).worksheets[0]
    assert sheet.max_row > 20
    # Only its owner: the rector gets nothing through either server.
    rector = Client()
    rector.login(b, "bench-rector", "bench")
    assert rector.get(f"{a}/jobs/{pk}/download/").status == 404


def test_rate_limit_and_lockout_count_on_both_servers(cluster):
    a, b = cluster.app_urls
    # Lockout (django-axes, 3 failures per user name and address): failures on both
    # servers add up — the third locks the name out, and the right password is then
    # refused on both.
    person = Client()
    statuses = [person.login(base, "bench-head", "wrong").status for base in (a, b, a)]
    assert statuses == [200, 200, 429], statuses
    for base in (b, a):
        refused = person.login(base, "bench-head", "bench")
        assert refused.status == 429, refused.status
        assert "locked" in refused.text
    # The login rate limit (6 a minute per address) counts failures on both servers.
    cluster.sapat("shell", "-c", "from django.core.cache import cache; cache.clear()")
    statuses = [Client().login((a, b)[i % 2], f"nobody-{i}", "wrong").status
                for i in range(8)]
    assert 429 in statuses[6:], statuses
    assert 429 not in statuses[:5], statuses
    cluster.sapat("shell", "-c", "from django.core.cache import cache; cache.clear()")


def test_stopping_a_server_and_a_worker_mid_load_loses_nothing(cluster):
    base = cluster.url  # through haproxy from here on
    token = cluster.python(
        "import json; from sapat.org.models import Person; "
        "from sapat.api.tokens import token_create; "
        "from sapat.org.models import Unit; from sapat.processes.models import Process; "
        "from sapat.risks.models import RiskCategory; "
        "t, key = token_create(person=Person.objects.get(username='bench-qms'), name='load'); "
        "u = Unit.objects.filter(kind='department').order_by('pk').first(); "
        "print(json.dumps({'key': key, 'unit': u.code, "
        "'process': Process.objects.order_by('pk').first().code, "
        "'category': RiskCategory.objects.order_by('pk').first().code}))")
    failures: list[str] = []
    created: list[int] = []
    stop = threading.Event()

    def pages():
        person = Client()
        person.login(base, "bench-rector", "bench")
        paths = ["/", "/risks/consolidated/", "/risks/register/", "/risks/heatmap/"]
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            try:
                answer = person.get(base + path)
                if answer.status != 200:
                    failures.append(f"GET {path}: {answer.status}")
            except OSError as exc:
                failures.append(f"GET {path}: {exc}")

    def writes():
        import json

        person = Client()
        i = 0
        while not stop.is_set():
            i += 1
            body = json.dumps({
                "unit": token["unit"], "process": token["process"],
                "category": token["category"], "title": f"Жүктөм тобокелдиги {i}",
                "likelihood": 1 + i % 5, "consequences": 1 + (i * 2) % 5,
            }).encode()
            try:
                answer = person.request("POST", base + "/api/v1/risks/", body=body, headers={
                    "Authorization": f"Token {token['key']}",
                    "Content-Type": "application/json"})
            except OSError as exc:
                failures.append(f"POST risk: {exc}")
                continue
            if answer.status == 201:
                import json as _json

                created.append(_json.loads(answer.body)["id"])
            else:
                failures.append(f"POST risk: {answer.status} {answer.text[:200]}")

    # Four exports for the two workers (two people, two each).
    jobs = []
    for username, formats in (("bench-qms", ("pdf", "xlsx")), ("bench-director", ("pdf", "docx"))):
        person = Client()
        person.login(base, username, "bench")
        for fmt in formats:
            started = person.get(f"{base}/reports/export/consolidated.{fmt}?lang=ky")
            assert started.status == 302, (username, fmt, started.status)
            jobs.append((person, job_id(started.location)))
    threads = [threading.Thread(target=pages) for _ in range(2)] + [
        threading.Thread(target=writes)]
    for t in threads:
        t.start()
    try:
        # Kill the worker that holds a running job, the moment one is seen running.
        killed = None
        end = time.monotonic() + 60
        pids = {cluster.pid(f"worker{i}"): i for i in range(2)}
        while killed is None and time.monotonic() < end:
            row = cluster.db.execute(
                "SELECT id, worker FROM jobs_job WHERE status = 'running' "
                "AND worker <> '' LIMIT 1").fetchone()
            if row:
                pid = int(row[1].rsplit(":", 1)[1])
                if pid in pids:
                    cluster.kill_worker(pids[pid])
                    killed = str(row[0])
            time.sleep(0.02)
        assert killed, "no job was seen running"
        time.sleep(1)
        cluster.stop_app(0)  # SIGTERM mid-load: finishes what it answers, takes no more
        time.sleep(6)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)

    states = {pk: wait_job(person, base, pk) for person, pk in jobs}
    assert set(states.values()) == {"done"}, states
    attempts = dict(cluster.db.execute(
        "SELECT id::text, attempt FROM jobs_job WHERE id::text = %s", [killed]).fetchall())
    assert attempts[killed] == 2  # the killed attempt was handed to the other worker
    for person, pk in jobs:
        assert person.get(f"{base}/jobs/{pk}/download/").status == 200
    assert not failures, failures[:20]
    assert len(created) > 10
    stored = cluster.db.execute(
        "SELECT count(*) FROM risks_risk WHERE id = ANY(%s)", [created]).fetchone()[0]
    assert stored == len(created)  # every 201 is in the database
