"""The pages the load test opens, by name, with their weights: one list for locust and run.py.

A page's `path(t, rng)` builds its URL from one login's targets (see `targets.py`);
`kind` says what a good answer holds (an HTML page, an XLSX or a PDF file).
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

# Magic bytes of each download: a 200 with an HTML error page in it is a failure too.
MAGIC = {"xlsx": b"PK", "pdf": b"%PDF"}


@dataclass(frozen=True)
class Page:
    name: str
    weight: int
    path: Callable[[dict, random.Random], str]
    kind: str = "html"

    def label(self, login: str) -> str:
        """The name the statistics group requests under (home pages by role)."""
        return self.name.format(role=login.removeprefix("bench-"))

    def problem(self, status: int, content: bytes, location: str = "") -> str | None:
        """Why this answer is not a good one, or None."""
        if self.kind in MAGIC and status == 302 and location.startswith("/jobs/"):
            return None  # a large table goes to a background job (its page: /jobs/<id>/)
        if status != 200:
            return f"HTTP {status}"
        if self.kind in MAGIC and not content.startswith(MAGIC[self.kind]):
            return f"not a {self.kind.upper()} file"
        if self.kind == "html" and b"</html>" not in content:
            return "an incomplete page"
        return None


# Weights: how often a person opens each page relative to the others. Downloads are rare
# beside pages (about one for every hundred pages here: each is a whole document, and the
# whole university's integrated table is 5,000 rows); bench/export_bench.py times them alone.
PAGES = [
    Page("home ({role})", 40, lambda t, rng: "/"),
    Page("risk passport", 30, lambda t, rng: f"/risks/passport/{t['unit']}/"),
    Page("consolidated register, page 1", 30, lambda t, rng: "/risks/consolidated/"),
    Page("consolidated register, filtered", 20,
         lambda t, rng: f"/risks/consolidated/?{rng.choice(t['filters'])}"),
    Page("university register", 20, lambda t, rng: "/risks/register/"),
    Page("integrated table (university)", 20, lambda t, rng: "/dashboards/integrated/"),
    Page("heat map", 20, lambda t, rng: "/risks/heatmap/"),
    Page("risk page", 30, lambda t, rng: f"/risks/{rng.choice(t['risks'])}/"),
    Page("KPI page", 20, lambda t, rng: f"/processes/kpis/{rng.choice(t['kpis'])}/"),
    Page("process map", 20, lambda t, rng: "/processes/"),
    Page("passport XLSX", 1,
         lambda t, rng: f"/reports/export/passport.xlsx?unit={t['unit']}", "xlsx"),
    Page("integrated table XLSX", 1, lambda t, rng: "/reports/export/integrated.xlsx", "xlsx"),
    Page("passport PDF", 1,
         lambda t, rng: f"/reports/export/passport.pdf?unit={t['unit']}", "pdf"),
]
