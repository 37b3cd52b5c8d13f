"""Screen and document agree: every table's screen prints the XLSX header row's headings,
in the same order (a screen may leave a column out, never rename or reorder one)."""
import re
from html.parser import HTMLParser

from django.urls import reverse

from sapat.reports.export import export_table

from .base import ReportsTestCase, xlsx_rows


class _Headings(HTMLParser):
    """The text of each <th> of the first <thead>, without screen-reader-only parts."""

    def __init__(self):
        super().__init__()
        self.headings, self.depth, self.hidden, self.done = [], 0, 0, False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "thead":
            self.depth += 1
        elif tag == "th" and self.depth:
            self.headings.append("")
        elif self.depth and "sr-only" in (dict(attrs).get("class") or ""):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "thead" and self.depth:
            self.depth -= 1
            self.done = True
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.depth and self.headings and not self.hidden and not self.done:
            self.headings[-1] += data


def norm(text) -> str:
    return re.sub(r"\s+", " ", str(text or "").replace("↑", "").replace("↓", "")).strip()


class ScreenDocumentHeadingsTests(ReportsTestCase):
    def screen(self, url, lang) -> list[str]:
        self.login(self.qms)
        self.client.cookies["sapat_language"] = lang
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        parser = _Headings()
        parser.feed(response.content.decode())
        return [h for h in map(norm, parser.headings) if h]

    def document(self, table, lang, **params) -> list[str]:
        rows = xlsx_rows(export_table(table, "xlsx", person=self.qms, lang=lang,
                                      params=params).content)
        # The header row: the first with a heading in every column.
        header = max(rows[:15], key=lambda r: sum(1 for v in r if v not in (None, "")))
        return [norm(v) for v in header if v not in (None, "")]

    def test_every_table_prints_the_documents_headings(self):
        tables = [
            ("passport", reverse("risks:passport", args=["dep-a1"]), {"unit": "dep-a1"}),
            ("register", reverse("risks:register"), {}),
            ("consolidated", reverse("risks:consolidated"), {}),
            ("integrated", reverse("dashboards:integrated"), {}),
        ]
        for lang in ("ky", "ru", "en"):
            for table, url, params in tables:
                with self.subTest(table=table, lang=lang):
                    screen = self.screen(url, lang)
                    document = self.document(table, lang, **params)
                    self.assertTrue(screen)
                    if table in ("passport", "register", "integrated"):
                        self.assertEqual(screen, document)
                    else:  # the consolidated screen leaves out №, process, category
                        shown = [h for h in document if h in screen]
                        self.assertEqual(screen, shown)
                        self.assertGreaterEqual(len(shown), len(document) - 3)
