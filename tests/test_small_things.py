"""Small things a first day shows: numbers, file names, filter labels."""
import re

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from sapat.demo.loader import load_demo
from sapat.lib.templatetags.sapat_tags import filename, quantity


class QuantityTests(SimpleTestCase):
    def test_percentages_read_the_same_everywhere(self):
        with translation.override("ru"):
            self.assertEqual(quantity("76.40", "%"), "76,4\u00a0%")
            self.assertEqual(quantity(81, "%"), "81\u00a0%")
            self.assertEqual(quantity("81.00", "%"), "81\u00a0%")
        with translation.override("ky"):
            self.assertEqual(quantity(79.5, "%"), "79,5\u00a0%")
        self.assertEqual(quantity(None, "%"), "—")

    def test_other_units_follow_the_number(self):
        with translation.override("ru"):
            self.assertEqual(quantity("12.345", " адам"), "12,35 адам")
            self.assertEqual(quantity("100.00", ""), "100")


class FileNameTests(SimpleTestCase):
    def test_a_link_to_evidence_is_named_by_its_file(self):
        f = ContentFile(b"x", name="risks/evidence/2026/12/akt-2026.pdf")
        self.assertEqual(filename(f), "akt-2026.pdf")
        self.assertEqual(filename(None), "")


class StatusFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)

    def test_status_options_all_start_with_a_capital(self):
        self.client.force_login(get_user_model().objects.get(username="qms"))
        for url in ["/risks/consolidated/", "/dashboards/integrated/"]:
            html = self.client.get(url, HTTP_ACCEPT_LANGUAGE="ky").content.decode()
            select = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
            labels = [t.strip() for t in re.findall(r"<option[^>]*>([^<]+)<", select)][1:]
            self.assertGreater(len(labels), 5, url)
            self.assertTrue(all(label[0].isupper() for label in labels), (url, labels))


def russian_form(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


class NumbersOnCardsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)

    def cards(self, username, language):
        self.client.force_login(get_user_model().objects.get(username=username))
        self.client.cookies["sapat_language"] = language
        html = self.client.get("/").content.decode()
        card = r'<span class="value">(\d+)</span><span class="label">([^<]+)</span>'
        return re.findall(card, html)

    def test_the_rectors_risk_count_agrees_with_its_noun_in_russian(self):
        cards = dict((label.strip(), int(n)) for n, label in self.cards("rector", "ru"))
        label = next(lbl for lbl in cards if lbl.startswith("риск"))
        self.assertEqual(label, russian_form(cards[label], "риск", "риска", "рисков"))

    def test_kyrgyz_keeps_the_noun_singular_after_a_number(self):
        labels = [label.strip() for _n, label in self.cards("rector", "ky")]
        self.assertIn("тобокелдик", labels)
        self.assertNotIn("тобокелдиктер", labels)
