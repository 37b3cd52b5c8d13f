"""API speed at 1,000 risks, against gunicorn (2 workers) on 127.0.0.1.

    .venv/bin/python bench/api_bench.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://…/<an empty database> .venv/bin/python bench/api_bench.py

Steps: a fresh database with the demo; a unit "bench-dep" made through the API; 1,000
risks created one request each (ms per create); the first page (50 rows); all 1,000 in one
page (page_size=1000); the unit's risk passport as XLSX (the reports app's export).
Budgets (issue 6): ≤ 15 ms per create, ≤ 40 ms first page, ≤ 0.6 s all 1,000, ≤ 0.6 s XLSX.
Every request stays on this machine; the loops are bounded.
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent
BUDGETS = {"create_ms": 15, "first_page_ms": 40, "all_1000_s": 0.6, "xlsx_s": 0.6}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args, env, capture=False):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=capture, text=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not start")


def workers_cpu(master: int) -> float:
    """CPU seconds used so far by the gunicorn workers of `master` (Linux /proc).

    On a busy machine the wall clock counts the waits for a core; the CPU the server spent
    per request does not, so it is printed next to it."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def timed(fn, repeat: int):
    """Median and best wall time of `repeat` calls (after one warm-up call)."""
    fn()
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    # Other work on the machine skews every number: the load average is printed with them.
    load_before = f"{os.getloadavg()[0]:.2f}"
    work = Path(tempfile.mkdtemp(prefix="sapat-bench-"))
    env = {**os.environ, "SAPAT_DATA_DIR": str(work), "DEBUG": "0", "SAPAT_DEMO": "1",
           "SAPAT_API_USER_RATE": "1000000/min", "LOG_LEVEL": "ERROR"}
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}")
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_demo", "--quiet-logins", env=env, capture=True)
    token = manage("shell", "-v", "0", "-c", (
        "from sapat.api.tokens import token_create;"
        "from sapat.org.models import Person;"
        "print(token_create(person=Person.objects.get(username='qms'), name='bench')[1])"
    ), env=env, capture=True).stdout.strip()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "sapat.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    results = {}
    try:
        wait_for(base + "/health/")
        api = requests.Session()
        api.headers.update({"Authorization": f"Token {token}", "Accept-Language": "ky"})
        response = api.post(base + "/api/v1/units/", json={
            "code": "bench-dep", "name": "Бенчмарк кафедрасы", "kind": "department",
            "parent": "inst-tech",
        })
        assert response.status_code == 201, response.text

        # 1,000 creates, one request each.
        server_cpu, client_cpu = workers_cpu(server.pid), time.process_time()
        start = time.perf_counter()
        each = []
        for i in range(args.risks):
            before = time.perf_counter()
            response = api.post(base + "/api/v1/risks/", json={
                "unit": "bench-dep", "process": "education", "category": "academic",
                "title": f"Бенчмарк тобокелдиги № {i + 1}", "cause": "Себеби",
                "likelihood": 1 + i % 5, "consequences": 1 + (i * 3) % 5,
                "responsible_text": "Кафедра башчысы", "deadline_text": "Жыл сайын",
            })
            each.append(time.perf_counter() - before)
            if response.status_code != 201:
                raise SystemExit(f"create {i} failed: {response.status_code} {response.text}")
        elapsed = time.perf_counter() - start
        results["create_ms"] = elapsed / args.risks * 1000
        each.sort()
        results["create_p10_ms"] = each[len(each) // 10] * 1000
        results["create_median_ms"] = statistics.median(each) * 1000
        results["create_server_cpu_ms"] = (workers_cpu(server.pid) - server_cpu) / args.risks * 1000
        results["create_client_cpu_ms"] = (time.process_time() - client_cpu) / args.risks * 1000

        # The floor: a request that does almost nothing (one SELECT 1), same client, same server.
        results["health_ms"] = timed(lambda: api.get(base + "/health/"), 50)[0] * 1000

        def first_page():
            r = api.get(base + "/api/v1/risks/?unit=bench-dep")
            assert r.status_code == 200 and len(r.json()["results"]) == 50

        def all_rows():
            r = api.get(base + "/api/v1/risks/?unit=bench-dep&page_size=1000")
            assert r.status_code == 200 and len(r.json()["results"]) == args.risks

        results["first_page_ms"] = timed(first_page, args.repeat)[0] * 1000
        results["all_1000_s"] = timed(all_rows, args.repeat)[0]

        # The XLSX export is a screen download: sign in with the session as a person would.
        web = requests.Session()
        page = web.get(base + "/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed = web.post(base + "/login/", data={
            "username": "qms", "password": "demo", "csrfmiddlewaretoken": csrf,
        }, headers={"Referer": base + "/login/"}, allow_redirects=False)
        assert signed.status_code == 302, signed.status_code

        def xlsx():
            r = web.get(base + "/reports/export/passport.xlsx?unit=bench-dep&lang=ky")
            assert r.status_code == 200, r.status_code
            assert r.content[:2] == b"PK"

        try:
            results["xlsx_s"] = timed(xlsx, max(3, args.repeat // 2))[0]
        except (AssertionError, AttributeError) as exc:
            results["xlsx_s"] = None
            print(f"XLSX export not measured: {exc!r}")
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\n{args.risks} risks, gunicorn {args.workers} workers, median of {args.repeat}; "
          f"load average before/after: {load_before} / {os.getloadavg()[0]:.2f}")
    print(f"  {'ms floor (GET /health/)':32} {results['health_ms']:8.3f}")
    print(f"  {'ms server CPU per create':32} {results['create_server_cpu_ms']:8.3f}   "
          f"(client CPU {results['create_client_cpu_ms']:.3f})")
    # The mean below is the budget's measure; the fastest tenth shows what a create costs
    # when other work leaves the cores alone.
    print(f"  {'ms per create: median, p10':32} {results['create_median_ms']:8.3f} "
          f"{results['create_p10_ms']:8.3f}")
    units = {"create_ms": "ms per create", "first_page_ms": "ms first page (50)",
             "all_1000_s": "s all 1,000 (page_size=1000)", "xlsx_s": "s XLSX passport"}
    failed = False
    for key, label in units.items():
        value = results.get(key)
        if value is None:
            print(f"  {label:32} not measured")
            continue
        ok = value <= BUDGETS[key]
        failed |= not ok
        print(f"  {label:32} {value:8.3f}   budget {BUDGETS[key]:>6}   "
              f"{'ok' if ok else 'OVER BUDGET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
