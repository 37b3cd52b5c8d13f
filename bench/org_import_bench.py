"""The organisation from the HR file at the scale we design for: 150 units, 3,000 people.

    .venv/bin/python bench/org_import_bench.py                    # SQLite in a temporary folder
    createdb -h 127.0.0.1 -U postgres sapat_bench_org
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sapat_bench_org \\
        .venv/bin/python bench/org_import_bench.py

Into a fresh, migrated database: the generated large university's HR file (seed 1) is read
and checked (the preview's work), then saved (the commit's work: read and checked again,
then written), then the same file again (every row unchanged), then next semester's file
(one unit moved, one new head, one person gone). Wall and CPU seconds of each, with the
machine's load average: other work on the machine inflates the wall clock.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    folder = tempfile.mkdtemp(prefix="sapat-bench-org-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from sapat.org.hr.commit import org_import_commit
    from sapat.org.hr.planning import org_import_plan
    from sapat.org.models import Person
    from sapat.synth.hr import organisation_hr_file
    from sapat.synth.scale import DEFAULT_TODAY, SCALES

    if Person.objects.exists():
        sys.exit("The database is not empty: give an empty one.")
    content = organisation_hr_file(scale=SCALES["large"], seed=1, today=DEFAULT_TODAY,
                                   lang="ru")
    by = Person(username="bench", is_superuser=True, is_active=True)
    files = [("hr.xlsx", content)]

    def timed(label, work):
        wall, cpu = time.monotonic(), time.process_time()
        result = work()
        print(f"{label:<46} {time.monotonic() - wall:6.2f} s wall "
              f"{time.process_time() - cpu:6.2f} s CPU")
        return result

    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}, "
          f"HR file {len(content) / 1024:.0f} KB")
    plan = timed("preview: read and check 3,000 people", lambda: org_import_plan(
        files=files, by=by))
    assert plan.ok, plan.messages()[:5]
    timed("save: read and check again, then write", lambda: org_import_commit(
        plan=org_import_plan(files=files, by=by), by=by))
    again = timed("the same file again: preview", lambda: org_import_plan(files=files, by=by))
    assert again.counts()["people"]["unchanged"] == 3000
    changed = _next_semester(content)
    plan = timed("next semester's file: preview", lambda: org_import_plan(
        files=[("hr.xlsx", changed)], by=by))
    assert plan.ok, plan.messages()[:5]
    timed("next semester's file: save", lambda: org_import_commit(
        plan=org_import_plan(files=[("hr.xlsx", changed)], by=by), by=by))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def _next_semester(content: bytes) -> bytes:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    units, posts, people = wb["Подразделения"], wb["Должности"], wb["Сотрудники"]
    rows = list(units.iter_rows(min_row=2))
    institutes = sorted({r[6].value for r in rows if r[0].value.startswith("dep-")})
    moved = next(r for r in rows if r[0].value.startswith("dep-") and r[6].value ==
                 institutes[0])
    moved[6].value = institutes[1]
    staff = list(people.iter_rows(min_row=2))
    department = next(code for code in sorted({r[3].value for r in staff})
                      if code.startswith("dep-") and code != moved[0].value
                      and sum(1 for r in staff if r[3].value == code) >= 4)
    members = [r for r in staff if r[3].value == department]
    post = next(r for r in posts.iter_rows(min_row=2) if r[0].value == f"head-{department}")
    old = next(r for r in members if r[2].value == post[5].value)
    new = next(r for r in members if r is not old)
    post[5].value = new[2].value
    old[6].value, new[6].value = "staff", "head"
    people.delete_rows(next(r for r in members if r not in (old, new))[0].row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
