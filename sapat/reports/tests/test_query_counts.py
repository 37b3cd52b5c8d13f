"""Exports build with the same number of queries whatever the number of rows."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sapat.reports.export import export_table

from .base import ReportsTestCase
from .factories import make_risk


class ExportQueryCountTests(ReportsTestCase):
    def count(self, table, fmt="xlsx", **params):
        with CaptureQueriesContext(connection) as ctx:
            export_table(table, fmt, person=self.qms, lang="ky", params=params)
        return len(ctx.captured_queries)

    added = 0

    def add_risks(self, n):
        # Register numbers are one per risk (the database refuses a second holder).
        for i in range(self.added, self.added + n):
            make_risk(self.dep_a2, f"Тобокелдик {i}", 3, 4, measures=["a", "b"],
                      escalated_number=100 + i, residual_score=6)
        self.added += n

    def test_registers_and_passport_take_fixed_queries_at_small_and_large_sizes(self):
        cases = [("consolidated", {}), ("register", {}), ("passport", {"unit": "dep-a2"}),
                 ("heatmap", {})]
        self.add_risks(2)
        self.count("consolidated")  # the person's grants are read once per request/object
        small = {name: self.count(name, **params) for name, params in cases}
        self.add_risks(60)
        large = {name: self.count(name, **params) for name, params in cases}
        self.assertEqual(small, large)
