"""How much to generate: product.md's "Scale we design for", and a twentieth of it."""
import datetime
from dataclasses import dataclass, replace

# The generated world's "today": fixed, so that the same seed gives the same rows on any
# day. Due dates, overdue measures and the current quarter are placed around it; pass
# `--today` to move the world (e.g. to the real date before a demonstration).
DEFAULT_TODAY = datetime.date(2026, 11, 2)


@dataclass(frozen=True)
class Scale:
    """Target counts; the generator hits them exactly (units, people, risks, measures…)."""

    name: str
    units: int
    people: int
    processes: int
    kpis: int
    years: int  # academic years of quarterly KPI values before the current one
    risks: int
    opportunities: int
    measures: int
    escalated: int  # risks in the university register
    objectives: int
    audits_per_year: int = 0  # internal audits in each of the `years` programmes
    documents: int = 0  # controlled documents (sapat.documents), each with 1–3 versions

    def times(self, factor: float) -> "Scale":
        """The same shape, `factor` times bigger (tests compare two sizes)."""
        def grow(n: int) -> int:
            return max(1, round(n * factor))

        return replace(
            self, name=f"{self.name}×{factor:g}", units=grow(self.units),
            people=grow(self.people), kpis=grow(self.kpis), risks=grow(self.risks),
            opportunities=grow(self.opportunities), measures=grow(self.measures),
            escalated=grow(self.escalated), audits_per_year=grow(self.audits_per_year),
        )


SCALES = {
    # product.md: 150 units, 3,000 users, 40 processes, 500 KPIs × 5 years of quarters,
    # 5,000 risks and opportunities, 20,000 measures.
    "large": Scale("large", units=150, people=3000, processes=40, kpis=500, years=5,
                   risks=4000, opportunities=1000, measures=20000, escalated=40,
                   objectives=12, audits_per_year=200, documents=2000),
    # About a twentieth, but with enough units and processes to keep the tree's shape.
    "small": Scale("small", units=16, people=150, processes=6, kpis=25, years=5,
                   risks=200, opportunities=50, measures=1000, escalated=6, objectives=3,
                   audits_per_year=10, documents=100),
}
