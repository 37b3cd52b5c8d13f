"""After generating, PostgreSQL gathers the tables' statistics (ANALYZE); SQLite is left as it
is (its planner needs none for the search's indexes)."""
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from sapat.synth.generate import analyze


class AnalyzeTests(TestCase):
    def test_analyze_runs_on_postgresql_only(self):
        with CaptureQueriesContext(connection) as ctx:
            analyze()
        ran = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("ANALYZE")]
        self.assertEqual(ran, ["ANALYZE"] if connection.vendor == "postgresql" else [])
