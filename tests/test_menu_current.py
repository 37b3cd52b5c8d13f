"""The menu marks exactly one entry as the current page (aria-current), on every page."""
import re

from django.contrib.auth import get_user_model
from django.test import TestCase

from sapat.demo.loader import load_demo
from sapat.processes.models import Indicator, Process
from sapat.risks.models import Measure, Risk

NAV = re.compile(r'<nav class="sidenav".*?</nav>', re.S)
CURRENT = re.compile(r'<a href="([^"]*)"\s*aria-current="page"')


class MenuMarksOneCurrentEntryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)

    def current(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        nav = NAV.search(response.content.decode())
        self.assertIsNotNone(nav, url)
        return CURRENT.findall(nav.group(0))

    def test_every_menu_entry_is_the_one_current_item_on_its_own_page(self):
        self.client.force_login(get_user_model().objects.get(username="qms"))
        nav = NAV.search(self.client.get("/").content.decode()).group(0)
        entries = re.findall(r'<a href="([^"]*)"', nav)
        self.assertGreater(len(entries), 10)
        for url in entries:
            response = self.client.get(url, follow=True)
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            self.assertEqual(self.current(final), [url], final)

    def test_pages_below_an_entry_mark_that_entry(self):
        self.client.force_login(get_user_model().objects.get(username="qms"))
        risk = Risk.objects.order_by("pk").first()
        measure = Measure.objects.filter(risk=risk).order_by("pk").first()
        process = Process.objects.order_by("pk").first()
        kpi = Indicator.objects.order_by("pk").first()
        expected = {
            f"/risks/{risk.pk}/": "/risks/passport/",
            f"/risks/{risk.pk}/edit/": "/risks/passport/",
            f"/risks/passport/{risk.unit.code}/": "/risks/passport/",
            f"/risks/measures/{measure.pk}/complete/": "/risks/my-measures/",
            f"/processes/{process.pk}/": "/processes/",
            f"/processes/kpis/{kpi.pk}/": "/processes/kpis/",
            "/processes/kpis/": "/processes/kpis/",
            "/processes/objectives/": "/processes/objectives/",
            "/org/people/": "/org/units/",
            "/org/positions/": "/org/units/",
        }
        for url, entry in expected.items():
            self.assertEqual(self.current(url), [entry], url)

    def test_a_head_sees_one_current_item_too(self):
        self.client.force_login(get_user_model().objects.get(username="head"))
        risk = Risk.objects.filter(unit=get_user_model().objects.get(username="head").unit)[0]
        self.assertEqual(self.current(f"/risks/{risk.pk}/"), ["/risks/passport/"])
        self.assertEqual(self.current("/"), ["/"])

    def test_the_footer_does_not_link_the_style_guide(self):
        self.client.force_login(get_user_model().objects.get(username="staff"))
        footer = self.client.get("/").content.decode().split('<footer class="footer">')[1]
        self.assertNotIn("/styleguide/", footer)
