"""Where a page's time goes: queries, SQL time and wall time, in-process, one login at a time.

    DATABASE_URL=… .venv/bin/python bench/load/profile_pages.py targets.json
    DATABASE_URL=… .venv/bin/python bench/load/profile_pages.py targets.json \\
        --login bench-rector --page "home" --profile      # pyinstrument's call tree
    … --page "risk page" --sql 5                          # the 5 slowest queries

Opens the pages of `pages.py` with Django's test client as each login of the targets file
(written by `run.py` or `targets.py`), after one warm-up request, and prints per page: the
number of queries, the time spent in them, the whole request's wall and CPU time (medians
of --repeat; on a busy machine the CPU time is the steadier figure; with SQLite it includes
the database's work, with PostgreSQL it does not) and the size of the answer. No HTTP, no
gunicorn: this is the page's own cost, the floor under the load test's numbers.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from pages import PAGES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", type=Path)
    parser.add_argument("--login", action="append", help="only these logins")
    parser.add_argument("--page", action="append", help="only pages whose name starts so")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sql", type=int, default=0, help="print the N slowest queries")
    parser.add_argument("--profile", action="store_true", help="pyinstrument, one request")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sapat.org.models import Person

    # No setup_test_environment(): its instrumented template rendering copies the context
    # at every template and include, which would double the cost of long pages.
    targets = json.loads(args.targets.read_text(encoding="utf-8"))
    for login, t in targets["logins"].items():
        if args.login and login not in args.login:
            continue
        client = Client()
        client.force_login(Person.objects.get(username=login))
        for page in PAGES:
            if args.page and not any(page.name.startswith(p) for p in args.page):
                continue
            url = page.path(t, random.Random(0))
            client.get(url)  # warm-up: templates, caches
            times, cpu, queries = [], [], None
            for _i in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                queries = captured.captured_queries
            sql_ms = sum(float(q["time"]) for q in queries) * 1000
            print(f"{login:14} {page.label(login):34} {response.status_code} "
                  f"{len(queries):4} queries {sql_ms:8.1f} ms SQL "
                  f"{statistics.median(times):8.1f} ms {statistics.median(cpu):8.1f} ms CPU  "
                  f"{len(response.content) // 1024:6} KiB  {url}")
            for q in sorted(queries, key=lambda q: -float(q["time"]))[:args.sql]:
                print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
            if args.profile:
                from pyinstrument import Profiler

                with Profiler() as profiler:
                    client.get(url)
                print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
