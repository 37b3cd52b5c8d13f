"""Search speed at the large scale: the results page, p50 and p95, per kind of person.

    DATABASE_URL=sqlite:////tmp/large.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/large.sqlite3 .venv/bin/python manage.py generate --scale large
    DATABASE_URL=sqlite:////tmp/large.sqlite3 .venv/bin/python bench/search_bench.py

(The same with a PostgreSQL DATABASE_URL; the script runs ANALYZE there first.)
`generate` fills the index; `--reindex` rebuilds Each person of the generator's benchmark logins
(rector, QMS office, director, head, employee…) searches for QUERIES words in grammatical
forms other than the records' — Kyrgyz words with case and plural endings, Russian ones —
through the whole results page (the Django test client: view, template, every query),
ROUNDS times over. Budget (product.md, issue 17): p95 under 200 ms. Reads only.
Besides the wall clock it prints the CPU time of this process per page (on SQLite that is
the view, the template and the database together), which a busy machine inflates less.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")

# Forms the records do not (all) have: dative, genitive, plural, accusative; Russian cases;
# a two-word query; a word found in thousands of records; one found nowhere; a word of
# the documents' file texts.
QUERIES = ["тобокелдиктерге", "окутуучулардын", "студенттерди", "сапатынын", "программага",
           "кафедраларда", "мониторингди", "рисков", "студентов", "качеством",
           "окуу планы", "жокжоксөз",
           # in the file text of every document in force (2,000 at the large scale)
           "талаптарды"]
BUDGET_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reindex", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from sapat.org.models import Person, RoleAssignment
    from sapat.search import index
    from sapat.search.models import SearchEntry

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    if args.reindex:
        started = time.perf_counter()
        counts = index.rebuild()
        print(f"reindex: {sum(counts.values())} entries in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # `generate` bulk-loads: without statistics the planner picks plans that take
        # seconds (autovacuum would analyse the tables a little later in production).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database: {connection.vendor}; index entries: {SearchEntry.objects.count()}")

    people = []
    for role in ("rector", "qms", "director", "head", "staff"):
        ra = RoleAssignment.objects.filter(role=role, person__is_active=True).order_by("pk").first()
        if ra:
            people.append((role, Person.objects.get(pk=ra.person_id)))
    every, every_cpu = [], []
    for role, person in people:
        client = Client()
        client.force_login(person)
        client.get("/search/", {"q": "жылыт"})  # warm: session, templates, caches
        times, cpu, queries, hits = [], [], set(), 0
        for _round in range(args.rounds):
            for q in QUERIES:
                with CaptureQueriesContext(connection) as ctx:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get("/search/", {"q": q})
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200, response.status_code
                queries.add(len(ctx))
                hits += response.content.count(b'data-testid="search-hit"')
        every += times
        every_cpu += cpu
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{role:<9} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
              f"max {max(times):6.1f} ms  CPU p95 {statistics.quantiles(cpu, n=20)[18]:6.1f} ms  "
              f"queries/page {sorted(queries)}  "
              f"hits shown/round {hits // args.rounds}")
    p95 = statistics.quantiles(every, n=20)[18]
    verdict = "within" if p95 < BUDGET_MS else "OVER"
    print(f"all       p50 {statistics.median(every):6.1f} ms  p95 {p95:6.1f} ms  "
          f"CPU p95 {statistics.quantiles(every_cpu, n=20)[18]:6.1f} ms  "
          f"({len(every)} pages; {verdict} the {BUDGET_MS} ms budget; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
