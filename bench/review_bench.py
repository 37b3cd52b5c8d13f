"""Compile the management review of the whole university at the large scale.

    .venv/bin/python bench/review_bench.py [--db URL] [--repeat 3] [--scale large]

Builds a throw-away SQLite database (or uses --db, a database you can wipe), fills it with
`sapat generate --scale large` (150 units, 3,000 people, 40 processes, 500 KPIs × 5 years
of quarters, 5,000 risks and opportunities, 20,000 measures, five years of reviews), then
times, best of --repeat: this year's inputs compiled live in one language (the review's
page), in the three languages (what holding the review freezes), and the review pack as
PDF and DOCX. Budget (issue 16): compiled for the whole university in under 5 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUDGET = 5.0


def setup(db_url: str | None) -> None:
    if db_url is None:
        db_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", default="large")
    args = parser.parse_args()
    setup(args.db)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sapat.reports.export import write
    from sapat.reports.review_pack import review_pack_table
    from sapat.reviews import sections, services
    from sapat.reviews.models import ManagementReview
    from sapat.synth.generate import generate, holds_data
    from sapat.synth.scale import DEFAULT_TODAY, SCALES

    if not holds_data():
        started = time.perf_counter()
        generate(scale=SCALES[args.scale], seed=1, today=DEFAULT_TODAY, password="bench-pass-1")
        print(f"generate --scale {args.scale}: {time.perf_counter() - started:.1f} s")
    review = ManagementReview.objects.filter(state="preparation").get()
    scope = services.review_scope(review)
    with CaptureQueriesContext(connection) as ctx:
        sections.compile_all(scope, "ky")
    print(f"queries for one compile: {len(ctx)}")
    results = {
        "compile (ky)": best(lambda: sections.compile_all(scope, "ky"), args.repeat),
        "compile (ky, ru, en: the frozen snapshot)": best(
            lambda: sections.compile_languages(scope), args.repeat),
        "pack PDF": best(lambda: write(review_pack_table(review, "ky"), "pdf"), args.repeat),
        "pack DOCX": best(lambda: write(review_pack_table(review, "ky"), "docx"), args.repeat),
    }
    for name, seconds in results.items():
        print(f"{name}: {seconds:.2f} s")
    held = ManagementReview.objects.filter(state="held").count()
    print(f"held reviews generated: {held}")
    verdict = "within" if results["compile (ky)"] < BUDGET else "OVER"
    print(f"budget {BUDGET:.0f} s for the compile: {verdict}")


if __name__ == "__main__":
    main()
