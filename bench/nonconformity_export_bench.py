"""Export the register of N nonconformities as XLSX, DOCX and PDF, in the budgets of the
risk register (bench/export_bench.py: XLSX < 3 s, DOCX < 6 s, PDF < 15 s).

    .venv/bin/python bench/nonconformity_export_bench.py [--rows 5000] [--db URL]

A throw-away SQLite database (or --db), N nonconformities over 40 units, each with its
root cause and two corrective actions (one overdue for a third of them), exported as the
QMS office sees the register (every row), in Kyrgyz. Wall clock and CPU (with Chromium's
processes) per format, best of --repeat; the load average before and after.
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_bench import BUDGETS, TreeCPU, pdf_pages, setup  # noqa: E402


def fill(n: int) -> None:
    from sapat.improvement.models import CauseAnalysis, CorrectiveAction, Nonconformity
    from sapat.org.models import Unit

    uni = Unit.objects.filter(code="bench-uni").first() or Unit.objects.create(
        code="bench-uni", kind=Unit.Kind.UNIVERSITY, name="Жалал-Абад мамлекеттик университети")
    units = list(Unit.objects.filter(code__startswith="bench-dep-"))
    for i in range(len(units), 40):
        units.append(Unit.objects.create(
            code=f"bench-dep-{i}", kind=Unit.Kind.DEPARTMENT, parent=uni,
            name=f"Кафедра №{i} (маалыматтык технологиялар)"))
    today = datetime.date.today()
    states = ["correction", "decision", "cause", "actions", "review", "risks", "closed"]
    ncs = [Nonconformity(
        number=i + 1, source=["audit", "complaint", "kpi", "review", "other"][i % 5],
        unit=units[i % 40], grade="major" if i % 7 == 0 else "minor",
        state=states[i % len(states)], reported_on=today - datetime.timedelta(days=i % 400),
        description=f"Дал келбестик №{i}: окуу программасында баалоо критерийлери жок, "
                    "силлабустар бекитилген эмес",
        description_ru=f"Несоответствие №{i}: в программе нет критериев оценивания",
    ) for i in range(n)]
    Nonconformity.objects.bulk_create(ncs, batch_size=1000)
    ncs = list(Nonconformity.objects.order_by("number"))
    CauseAnalysis.objects.bulk_create([CauseAnalysis(
        nonconformity=nc, method="whys", category="methods",
        root_cause="Иштин тартиби жана мөөнөттөрү жазылган эмес") for nc in ncs],
        batch_size=1000)
    CorrectiveAction.objects.bulk_create([CorrectiveAction(
        nonconformity=nc, text=f"Жобого мөөнөттөрдү киргизүү ({j + 1})",
        due_date=today + datetime.timedelta(days=(-10 if i % 3 == 0 else 20) + j))
        for i, nc in enumerate(ncs) for j in range(2)], batch_size=2000)


def run(fmt: str) -> bytes:
    from sapat.reports.export import SystemPerson, export_table

    return export_table("nonconformities", fmt, person=SystemPerson(), lang="ky").content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--formats", default="xlsx,docx,pdf")
    parser.add_argument("--db")
    args = parser.parse_args()
    setup(args.db)
    t0 = time.perf_counter()
    fill(args.rows)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; filled "
          f"{args.rows} nonconformities in {time.perf_counter() - t0:.1f} s")
    failed = False
    for fmt in args.formats.split(","):
        times, cpu, load = [], [], os.getloadavg()[0]
        for _ in range(args.repeat):
            start = time.perf_counter()
            with TreeCPU() as tree:
                content = run(fmt)
            times.append(time.perf_counter() - start)
            cpu.append(tree.seconds)
        best = min(times)
        ok = best < BUDGETS[fmt]
        failed |= not ok
        pages = f"  {pdf_pages(content)} pages" if fmt == "pdf" else ""
        print(f"{fmt:5} {best:6.2f} s wall, {min(cpu):6.2f} s CPU (budget {BUDGETS[fmt]:.0f} s) "
              f"{'OK' if ok else 'OVER'}  {len(content) / 1024:8.0f} KiB{pages}  "
              f"load {load:.1f} → {os.getloadavg()[0]:.1f}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
