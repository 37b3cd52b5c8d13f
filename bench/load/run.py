"""Sapat's main pages under 20 concurrent logged-in users: gunicorn + locust on loopback.

    .venv/bin/python bench/load/run.py                                   # SQLite, large
    .venv/bin/python bench/load/run.py --database-url postgres://postgres@127.0.0.1:5432/sapat_load

Steps: migrate the database; fill it with `sapat generate --scale SCALE` unless it already
holds risks (then it is reused as it is; `--scale demo` loads the JASU demo instead);
pick each login's pages (`targets.py`); start gunicorn on 127.0.0.1; open every page once
per login, twice, on the idle server (warm-up, and the "alone" column: the slowest login's
second request); run locust headless for the fixed time; print a table per page:
requests, failures, p50, p95, p99 (ms) under load, with the load average of the machine.
Exit status: 1 on any error response, 2 when a page's p95 is over the budget, else 0.
Files (locust's CSV, targets, gunicorn's log) go to --out.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from pages import PAGES  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args, env, capture=False):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=capture, text=True)


def risk_count(env) -> int:
    out = manage("shell", "-v", "0", "-c",
                 "from sapat.risks.models import Risk; print(Risk.objects.count())",
                 env=env, capture=True).stdout
    return int(out.strip().splitlines()[-1])


def prepare(env, scale: str) -> str:
    manage("migrate", "--noinput", "-v", "0", env=env)
    existing = risk_count(env)
    if existing:
        made = f"reused ({existing} risks)"
    else:
        start = time.monotonic()
        if scale == "demo":
            manage("load_demo", "--quiet-logins", env=env, capture=True)
        else:
            manage("generate", "--scale", scale, env=env)
        made = f"{scale}, made in {time.monotonic() - start:.0f} s"
    # Fresh bulk-loaded tables have no planner statistics until autovacuum gets to them;
    # a live server has them. Without, PostgreSQL plans 4,000 risks as if there were one.
    manage("shell", "-v", "0", "-c", (
        "from django.db import connection\n"
        "if connection.vendor == 'postgresql':\n"
        "    connection.cursor().execute('VACUUM ANALYZE')\n"
        "else:\n"
        "    connection.cursor().execute('ANALYZE')"
    ), env=env)
    return made


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # 200 only: haproxy answers 503 until its health checks see a server up.
            if requests.get(url, timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not start")


def sign_in(base: str, login: str, password: str) -> requests.Session:
    import re

    session = requests.Session()
    form = session.get(base + "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(base + "/login/", data={
        "username": login, "password": password, "csrfmiddlewaretoken": token,
    }, headers={"Referer": base + "/login/"}, allow_redirects=False)
    if answer.status_code != 302:
        raise SystemExit(f"{login} cannot sign in: HTTP {answer.status_code}")
    return session


def alone(base: str, targets: dict) -> tuple[dict[str, float], list[str]]:
    """Every page once per login, twice; the slowest login's second time per page (ms)."""
    times: dict[str, float] = {}
    problems = []
    for login, t in targets["logins"].items():
        session = sign_in(base, login, targets["password"])
        for page in PAGES:
            url = page.path(t, random.Random(0))
            for attempt in (1, 2):
                start = time.perf_counter()
                answer = session.get(base + url, allow_redirects=False)
                took = (time.perf_counter() - start) * 1000
                problem = page.problem(answer.status_code, answer.content,
                                       answer.headers.get("Location", ""))
                if problem:
                    problems.append(f"{problem}: {url} as {login}")
                    break
                if attempt == 2:
                    name = page.label(login)
                    times[name] = max(times.get(name, 0.0), took)
    return times, problems


class Sampler(threading.Thread):
    """The 1-minute load average every 2 s, and the CPU time of some processes and their
    children (summed per process between samples: a worker killed and replaced keeps its
    share)."""

    def __init__(self, server: psutil.Process | list[psutil.Process]):
        super().__init__(daemon=True)
        self.servers = server if isinstance(server, list) else [server]
        self.loads: list[float] = []
        self.stop = threading.Event()
        self.seen: dict[int, float] = {}
        self.cpu = 0.0
        self._sample(count=False)
        self.started = time.monotonic()

    def _sample(self, count: bool = True) -> None:
        procs = []
        for server in self.servers:
            try:
                procs += [server, *server.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        for proc in procs:
            try:
                t = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            now = t.user + t.system
            if count:
                self.cpu += now - self.seen.get(proc.pid, 0.0)
            self.seen[proc.pid] = now

    def run(self) -> None:
        while not self.stop.wait(2):
            self.loads.append(os.getloadavg()[0])
            self._sample()

    def finish(self) -> dict:
        self.stop.set()
        self._sample()
        wall = time.monotonic() - self.started
        return {"load_max": max(self.loads, default=os.getloadavg()[0]),
                "load_mean": sum(self.loads) / len(self.loads) if self.loads else 0.0,
                "cpu_gunicorn": self.cpu / wall, "wall": wall}


def read_stats(path: Path) -> tuple[list[dict], dict]:
    """The rows per page, and the aggregated row."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    total = next((r for r in rows if r["Name"] == "Aggregated"), {"Request Count": "0"})
    return [r for r in rows if r["Name"] != "Aggregated"], total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="default: a SQLite file in --out")
    parser.add_argument("--scale", default="large", choices=("small", "large", "demo"))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="90s", help="locust's --run-time")
    parser.add_argument("--wait", default="1,3",
                        help="think time between two pages, min,max seconds")
    parser.add_argument("--no-downloads", action="store_true",
                        help="pages only: leave the XLSX and PDF downloads out of the mix")
    parser.add_argument("--budget-ms", type=float, default=300,
                        help="p95 budget of every HTML page (0: none)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sapat-load"))
    parser.add_argument("--mix", choices=("pages", "deadline"), default="pages",
                        help="pages: pages.py by weight; deadline: bench/load/deadline.py "
                             "(heads writing, exports as jobs, dashboards)")
    parser.add_argument("--job-workers", type=int, default=1,
                        help="`sapat worker` processes beside the server(s) (exports as jobs)")
    parser.add_argument("--app-servers", type=int, default=0,
                        help="0: one gunicorn on its own; N: N gunicorns (--workers each) "
                             "behind haproxy, with Redis for the cache, sessions and the "
                             "job queue (PostgreSQL only; tests/multi/cluster.py)")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "data").mkdir(exist_ok=True)
    env = {**os.environ, "SAPAT_DATA_DIR": str(args.out / "data"), "DEBUG": "0",
           "SAPAT_DEMO": "1", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
           "DATABASE_URL": args.database_url or f"sqlite:///{args.out / 'load.sqlite3'}"}
    database = env["DATABASE_URL"].split("@")[-1]
    print(f"database: {database}", flush=True)
    data = prepare(env, args.scale)
    print(f"data: {data}", flush=True)
    targets_file = args.out / "targets.json"
    targets_file.write_text(subprocess.run(
        [PY, str(HERE / "targets.py"), *(["--deadline"] if args.mix == "deadline" else [])],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout,
        encoding="utf-8")
    targets = json.loads(targets_file.read_text(encoding="utf-8"))

    cluster = None
    workers: list[subprocess.Popen] = []
    log = (args.out / "gunicorn.log").open("w")
    if args.app_servers:
        sys.path.insert(0, str(ROOT))
        from tests.multi.cluster import Cluster

        cluster = Cluster(args.out / "cluster", database_url=env["DATABASE_URL"],
                          app_servers=args.app_servers, workers=args.job_workers,
                          gunicorn_workers=args.workers,
                          env={"SAPAT_DATA_DIR": env["SAPAT_DATA_DIR"], "SAPAT_DEMO": "1"})
        cluster.workdir.mkdir(parents=True, exist_ok=True)
        cluster.start()
        base = cluster.url
        app_procs = [psutil.Process(p.pid) for name, p in cluster.procs.items()
                     if name.startswith("app")]
        worker_procs = [psutil.Process(p.pid) for name, p in cluster.procs.items()
                        if name.startswith("worker")]
        server = None
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "sapat.wsgi:application", "-b", f"127.0.0.1:{port}",
             "-w", str(args.workers), "--log-level", "warning", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        workers = [subprocess.Popen([PY, "-m", "sapat", "worker"], cwd=ROOT, env=env,
                                    stdout=log, stderr=subprocess.STDOUT)
                   for _ in range(args.job_workers)]
        app_procs = [psutil.Process(server.pid)]
        worker_procs = [psutil.Process(w.pid) for w in workers]
    try:
        wait_for(base + "/health/")
        single, problems = alone(base, targets) if args.mix == "pages" else ({}, [])
        for problem in problems:
            print(f"  before the load: {problem}")
        started = datetime.datetime.now(datetime.UTC)
        load_before = os.getloadavg()[0]
        sampler = Sampler(app_procs)
        sampler.start()
        worker_sampler = Sampler(worker_procs)
        worker_sampler.start()
        prefix = args.out / "locust"
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust = subprocess.run(
            [str(BIN / "locust"), "-f",
             str(HERE / ("deadline.py" if args.mix == "deadline" else "locustfile.py")),
             "--headless",
             "--host", base, "-u", str(args.users), "-r", str(args.spawn_rate),
             "-t", args.duration, "--csv", str(prefix), "--only-summary",
             "--stop-timeout", "30", "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, "SAPAT_LOAD_TARGETS": str(targets_file),
                           "SAPAT_LOAD_WAIT": args.wait,
                           "SAPAT_LOAD_DOWNLOADS": "0" if args.no_downloads else "1"},
            capture_output=True, text=True,
        )
        machine = sampler.finish()
        machine["cpu_workers"] = worker_sampler.finish()["cpu_gunicorn"]
        # locust has exited and been waited for: its CPU time is in the children's usage.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine["cpu_locust"] = (
            children.ru_utime + children.ru_stime
            - children_before.ru_utime - children_before.ru_stime
        ) / machine["wall"]
    finally:
        if cluster is not None:
            cluster.stop()
        else:
            for proc in [server, *workers]:
                proc.terminate()
            for proc in [server, *workers]:
                proc.wait(timeout=60)
        log.close()
    (args.out / "locust.log").write_text(locust.stdout + locust.stderr, encoding="utf-8")

    rows, total = read_stats(Path(f"{prefix}_stats.csv"))
    # Sign-ins (two requests a user) ran before the statistics were reset.
    served = int(total["Request Count"]) + 2 * args.users
    cpu_per_request = machine["cpu_gunicorn"] * machine["wall"] / max(served, 1) * 1000
    kinds = {page.label(login): page.kind for page in PAGES for login in targets["logins"]}
    if args.mix == "deadline":
        kinds = {row["Name"]: ("html" if not row["Name"].startswith(("export", "measure",
                                                                        "KPI value", "login"))
                               else "") for row in rows}
    order = {name: i for i, name in enumerate(kinds)}
    rows.sort(key=lambda r: order.get(r["Name"], len(order)))  # sign-in last
    servers = (f"{args.app_servers} app servers behind haproxy × {args.workers} sync workers"
               if args.app_servers else f"gunicorn {args.workers} sync workers")
    print(f"\n{started:%Y-%m-%d %H:%M} UTC, {database}, data {data}; {servers}, "
          f"{args.job_workers} job workers; mix {args.mix}; {args.users} users "
          f"(spawn {args.spawn_rate}/s), think time "
          f"{args.wait} s, {args.duration}{', pages only' if args.no_downloads else ''}; "
          f"load average {load_before:.2f} before, "
          f"{machine['load_mean']:.2f} mean, {machine['load_max']:.2f} max; CPU cores busy: "
          f"app servers {machine['cpu_gunicorn']:.2f}, job workers "
          f"{machine['cpu_workers']:.2f}, locust {machine['cpu_locust']:.2f} "
          f"(of {os.cpu_count()}); {served} requests "
          f"({served / machine['wall']:.1f} a second), app-server CPU {cpu_per_request:.0f} "
          f"ms a request (sign-ins included)\n")
    print("| page | requests | failures | p50 ms | p95 ms | p99 ms | alone ms | budget |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    errors = over = 0
    for row in rows:
        name, kind = row["Name"], kinds.get(row["Name"], "")
        failures = int(row["Failure Count"])
        errors += failures
        verdict = ""
        if kind == "html" and args.budget_ms and row["95%"] != "N/A":
            verdict = "ok" if float(row["95%"]) < args.budget_ms else "OVER"
            over += verdict == "OVER"
        solo = f"{single[name]:.0f}" if name in single else ""
        print(f"| {name} | {row['Request Count']} | {failures} | {row['50%']} | "
              f"{row['95%']} | {row['99%']} | {solo} | {verdict} |")
    unseen = [name for name in kinds if name not in {row["Name"] for row in rows}]
    if unseen:
        print(f"  not requested under load (run longer): {', '.join(unseen)}")
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                print(f"  failed {row['Occurrences']}×: {row['Name']}: {row['Error']}")
    errors += len(problems)
    if errors:
        print(f"\n{errors} error responses: failing.")
        return 1
    if over:
        print(f"\n{over} pages over the p95 budget of {args.budget_ms:.0f} ms.")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
