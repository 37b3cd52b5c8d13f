"""The download view: login, scope, formats, the screen's filters and ?lang=."""
from django.urls import reverse

from .base import ReportsTestCase, xlsx_rows


class ExportViewTests(ReportsTestCase):
    def url(self, table, fmt, **params):
        from urllib.parse import urlencode

        return reverse("reports:export", args=[table, fmt]) + "?" + urlencode(params)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url("register", "xlsx"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_a_person_with_no_role_is_refused(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url("register", "xlsx")).status_code, 403)

    def test_head_cannot_export_another_departments_passport(self):
        self.login(self.head2)
        self.assertEqual(
            self.client.get(self.url("passport", "pdf", unit="dep-a1")).status_code, 404
        )

    def test_head_downloads_their_passport_in_each_format(self):
        self.login(self.head)
        for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
            with self.subTest(fmt=fmt):
                response = self.client.get(self.url("passport", fmt, unit="dep-a1", lang="ru"))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.content.startswith(magic))
                self.assertIn(f"passport-dep-a1-ru.{fmt}", response["Content-Disposition"])

    def test_consolidated_export_applies_the_screens_filters(self):
        self.login(self.qms)
        response = self.client.get(self.url("consolidated", "xlsx", band="high"))
        text = str(xlsx_rows(response.content))
        self.assertIn(self.r1.title, text)
        self.assertNotIn(self.r2.title, text)

    def test_unknown_table_or_format_is_not_found(self):
        self.login(self.qms)
        self.assertEqual(self.client.get(self.url("nope", "xlsx")).status_code, 404)
        self.assertEqual(self.client.get(self.url("register", "csv")).status_code, 404)

    def test_bad_request_gets_a_clear_message(self):
        self.login(self.qms)
        response = self.client.get(self.url("process-card", "pdf", process="nope"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("nope", response.content.decode())

    def test_residual_heat_map_download_counts_residual_cells(self):
        self.r1.residual_score = None
        self.r1.residual_likelihood, self.r1.residual_consequences = 2, 3
        self.r1.save()
        self.login(self.qms)
        rows = xlsx_rows(self.client.get(
            self.url("heatmap", "xlsx", kind="residual", lang="en")).content)
        self.assertEqual(rows[0][0], "Residual risk heat map")
        grid = {r[0]: r[1:6] for r in rows if isinstance(r[0], int)}
        self.assertEqual(grid[2][2], 1)  # likelihood 2, consequences 3
        self.assertEqual(sum(sum(v or 0 for v in row) for row in grid.values()), 1)
