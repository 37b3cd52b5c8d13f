"""Hostile uploads against gunicorn (2 workers): memory of the workers and /health/ latency.

    .venv/bin/python bench/hostile_uploads_bench.py                # SQLite in a temp folder
    DATABASE_URL=postgres://…/<an empty database> .venv/bin/python bench/hostile_uploads_bench.py

A fresh database with the demo, `gunicorn sapat.wsgi -w 2` (sync workers, as the README's
deployment) on 127.0.0.1, the QMS office signed in. Each hostile file that the tests build
(sapat/reports/tests/test_hostile_files.py: a Word gridSpan bomb, a declared dimension of
A1:ZZZ2045, a 59 MB comment inside sheetData, 3 MB of text or attribute that does not
compress, wide sheets) is uploaded through the real import screen (`POST /reports/import/`,
the university register) while a thread asks `/health/` every 100 ms and another samples
the resident memory of the workers and of any process they start (the spreadsheet reader's
child) from /proc every 100 ms. Each worker's peak (VmHWM, reset before each file through
/proc/<pid>/clear_refs) is read after the upload too, so a peak between two samples counts.
Budget (issue 11): every worker under 300 MB, every /health/ within 1 s, every file
refused with a message (no 500). Exit status 1 when a budget is missed.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args, env, capture=False):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=capture, text=True)


def setup_django():
    """The files are built by the tests' helpers (sapat/reports/tests/hostile.py)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    import django

    django.setup()


# --- The run -------------------------------------------------------------------------------

def sign_in(base: str) -> requests.Session:
    web = requests.Session()
    page = web.get(base + "/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed = web.post(base + "/login/", data={"username": "qms", "password": "demo",
                                              "csrfmiddlewaretoken": csrf},
                      headers={"Referer": base + "/login/"}, allow_redirects=False)
    assert signed.status_code == 302, signed.status_code
    web.cookies.set("sapat_language", "en")
    return web


def upload(web: requests.Session, base: str, name: str, content: bytes):
    page = web.get(base + "/reports/import/?kind=register")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    started = time.perf_counter()
    answer = web.post(base + "/reports/import/",
                      data={"kind": "register", "unit": "", "csrfmiddlewaretoken": csrf},
                      files={"file": (name, content)},
                      headers={"Referer": base + "/reports/import/"}, timeout=120)
    took = time.perf_counter() - started
    # The import screen's problems (data-testid="import-errors"), else any form error.
    box = re.search(r'data-testid="import-errors">(.*?)</div>', answer.text, flags=re.S)
    found = re.findall(r"<li>(.*?)</li>", box.group(1), flags=re.S) if box else \
        re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', answer.text, flags=re.S)
    said = " | ".join(html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", s))).strip()
                      for s in found)
    return answer.status_code, took, said.strip(" |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", help="run only the files whose label contains this")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sapat-bench-"))
    env = {**os.environ, "SAPAT_DATA_DIR": str(work), "DEBUG": "0", "SAPAT_DEMO": "1",
           "LOG_LEVEL": "ERROR"}
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ.update({k: env[k] for k in ("SAPAT_DATA_DIR", "DATABASE_URL")})
    setup_django()
    from sapat.reports.tests.hostile import (
        HEALTH_BUDGET_S,
        RSS_BUDGET_MB,
        Watch,
        children,
        hostile_uploads,
        status_kb,
    )

    files = [f for f in hostile_uploads() if not args.only or args.only in f[0]]
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_demo", "--quiet-logins", env=env, capture=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "sapat.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", str(args.workers), "--log-level", "warning"], cwd=ROOT, env=env)
    failed = False
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base + "/health/", timeout=5)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        web = sign_in(base)
        workers = children(server.pid)
        upload(web, base, "warm-up.xlsx", b"not a workbook")  # the import screen, warmed
        idle = {pid: status_kb(pid, "VmRSS") // 1024 for pid in workers}
        print(f"workers {workers}, idle RSS MB {idle}\n")
        print(f"{'file':40} {'KB':>6} {'status':>6} {'upload s':>8} {'worker MB':>9} "
              f"{'child MB':>8} {'health max s':>12} {'polls':>5}  refusal")
        for label, name, content in files:
            with Watch(base, workers) as watch:
                status, took, said = upload(web, base, name, content)
            if set(children(server.pid)) != set(workers):
                print(f"  a worker was replaced during {label!r}: "
                      f"{workers} -> {children(server.pid)}")
                failed = True
                workers = children(server.pid)
            over = not watch.within_budget or status != 200 or not said
            failed |= over
            trouble = ",".join(watch.health_failures)
            print(f"{label:40} {len(content) // 1024:6} {status:6} {took:8.2f} "
                  f"{watch.worker_mb:9.0f} {watch.child_kb / 1024:8.0f} {watch.health_s:12.3f} "
                  f"{len(watch.health):5}  {said[:90]}{'  OVER BUDGET' if over else ''}"
                  f"{'  health: ' + trouble if trouble else ''}")
    finally:
        server.terminate()
        server.wait(10)
    print(f"\nbudget: worker < {RSS_BUDGET_MB} MB, /health/ <= {HEALTH_BUDGET_S} s, a message "
          f"for every file; load average after {os.getloadavg()[0]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
