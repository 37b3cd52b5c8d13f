"""The hostile uploads of issue 11 as one list, and a watch on a server while they go up.

Used by `tests/test_faults_hostile_uploads.py` (gunicorn on the test database) and by
`bench/hostile_uploads_bench.py` (gunicorn on a fresh demo database). The files are built
by the helpers of `test_hostile_files.py`: small on disk, enormous once read naively.
"""
from __future__ import annotations

import os
import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .files import KY_REGISTER_HEADERS, xlsx_file
from .test_hostile_files import docx_with_spans, random_letters, rewrite_sheet

RSS_BUDGET_MB = 300
HEALTH_BUDGET_S = 1.0
POLL_S = 0.1


def hostile_uploads() -> list[tuple[str, str, bytes]]:
    """(label, file name, content) of each hostile file, and one just inside the limits."""
    register = xlsx_file(KY_REGISTER_HEADERS, [["1"] * len(KY_REGISTER_HEADERS)])

    def dimension(ref: bytes):
        return rewrite_sheet(register, lambda xml: re.sub(rb'<dimension ref="[^"]*"',
                                                          b'<dimension ref="' + ref + b'"', xml))

    def in_sheet_data(markup: bytes):
        return rewrite_sheet(register,
                             lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + markup))

    def sheet_rows(rows: bytes):
        return rewrite_sheet(xlsx_file(["a"], []), lambda xml: re.sub(
            rb"<sheetData>.*</sheetData>|<sheetData/>", b"<sheetData>" + rows + b"</sheetData>",
            re.sub(rb"<dimension[^>]*/>", b"", xml), flags=re.S))

    def numbers(rows: int, cols: int) -> bytes:
        return b"".join(b'<row r="%d">' % r + b"".join(
            b"<c><v>%d</v></c>" % int.from_bytes(os.urandom(3)) for _c in range(cols))
            + b"</row>" for r in range(1, rows + 1))

    # The 2,040 × 950 cells (one digit each: small once zipped), no dimension.
    wide = b"".join(b'<row r="%d">' % r + b"<c><v>1</v></c>" * 950 + b"</row>"
                    for r in range(1, 2041))
    return [
        ("docx: a cell spanning 50,000,000 columns", "span.docx",
         docx_with_spans([50_000_000])),
        ("docx: three cells spanning 50,000,000", "spans.docx",
         docx_with_spans([50_000_000] * 3, cols=3)),
        ("xlsx: dimension A1:ZZZ2045", "dimension.xlsx", dimension(b"A1:ZZZ2045")),
        ("xlsx: dimension A1:J900000", "rows.xlsx", dimension(b"A1:J900000")),
        ("xlsx: 59 MB comment in sheetData", "comment.xlsx",
         in_sheet_data(b"<!--" + b"a" * 59_000_000 + b"-->")),
        ("xlsx: 3 MB comment, no compression", "comment3.xlsx",
         in_sheet_data(b"<!--" + random_letters(3_000_000).replace(b"AB", b"<a>") + b"-->")),
        ("xlsx: 3 MB attribute", "attribute.xlsx",
         in_sheet_data(b'<row r="1" x="' + random_letters(3_000_000) + b'"/>')),
        ("xlsx: 2,040 x 950 cells, no dimension", "wide.xlsx", sheet_rows(wide)),
        # Fewer rows than the limit, far more cells than a table has; does not compress.
        ("xlsx: 900 x 100 different numbers", "cells.xlsx", sheet_rows(numbers(900, 100))),
        # Just inside every limit: what the separate reader process really parses.
        ("xlsx: 1,990 x 40 numbers (within limits)", "largest.xlsx",
         sheet_rows(numbers(1990, 40))),
    ]


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def status_kb(pid: int, key: str) -> int:
    """A /proc/<pid>/status figure in kB (VmRSS, VmHWM); 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Watch:
    """While one upload runs: /health/ asked every 100 ms, the workers' resident memory
    (and that of any process they start) sampled every 100 ms from /proc. Each worker's
    peak (VmHWM) is reset first through /proc/<pid>/clear_refs and read at the end, so a
    peak between two samples counts too."""

    base_url: str
    workers: list[int]
    health: list[float] = field(default_factory=list)
    health_failures: list[str] = field(default_factory=list)
    worker_kb: dict[int, int] = field(default_factory=dict)
    child_kb: int = 0

    def __enter__(self):
        for pid in self.workers:
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
            except OSError:
                pass
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._poll, daemon=True),
                         threading.Thread(target=self._sample, daemon=True)]
        for thread in self._threads:
            thread.start()
        time.sleep(3 * POLL_S)  # a few answers before the upload
        return self

    def __exit__(self, *exc):
        time.sleep(3 * POLL_S)
        self._stop.set()
        for thread in self._threads:
            thread.join()
        for pid in self.workers:
            self.worker_kb[pid] = max(self.worker_kb.get(pid, 0), status_kb(pid, "VmHWM"))

    @property
    def worker_mb(self) -> float:
        return max(self.worker_kb.values(), default=0) / 1024

    @property
    def health_s(self) -> float:
        return max(self.health, default=float("nan"))

    @property
    def within_budget(self) -> bool:
        return (self.worker_mb < RSS_BUDGET_MB and self.health_s <= HEALTH_BUDGET_S
                and not self.health_failures)

    def _poll(self):
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.base_url + "/health/", timeout=10) as answer:
                    answer.read()
                    if answer.status != 200:
                        self.health_failures.append(str(answer.status))
            except OSError as exc:
                self.health_failures.append(type(exc).__name__)
            took = time.perf_counter() - started
            self.health.append(took)
            self._stop.wait(max(0.0, POLL_S - took))

    def _sample(self):
        while not self._stop.is_set():
            for pid in self.workers:
                self.worker_kb[pid] = max(self.worker_kb.get(pid, 0), status_kb(pid, "VmRSS"))
                stack = children(pid)
                while stack:
                    child = stack.pop()
                    self.child_kb = max(self.child_kb, status_kb(child, "VmRSS"))
                    stack.extend(children(child))
            self._stop.wait(POLL_S)
