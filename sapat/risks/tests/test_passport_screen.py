"""The unit risk passport (Appendix 3): who sees it, what it shows, inline edit."""
from django.urls import reverse

from sapat.risks import services
from sapat.risks.models import Risk
from sapat.test import SapatTestCase


class PassportScreenTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Илимий даражалуу окутуучулар",
                                       likelihood=4, consequences=5,
                                       responsible_text="Проректор")
        Risk.objects.create(unit=cls.dep_b1, title="Other department's risk", likelihood=1,
                            consequences=1)
        cls.url = reverse("risks:passport", args=[cls.dep_a1.code])

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_head_of_another_department_gets_404(self):
        self.login(self.head2)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_head_sees_their_passport_with_level_band_and_scales(self):
        self.login(self.head)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ky")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Илимий даражалуу окутуучулар")
        self.assertContains(response, "20 — жогору")
        self.assertContains(response, 'data-testid="scales"')
        self.assertContains(response, 'data-testid="add-risk"')
        self.assertNotContains(response, "Other department's risk")

    def test_staff_read_the_passport_without_edit_buttons(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'data-testid="add-risk"')
        self.assertNotContains(response, 'data-testid="edit-row"')

    def test_passport_home_opens_the_own_unit(self):
        self.login(self.head)
        response = self.client.get(reverse("risks:passport_home"))
        self.assertRedirects(response, self.url)

    def test_outsider_has_no_passport(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("risks:passport_home")).status_code, 404)

    def test_inline_edit_row_saves_through_htmx(self):
        self.login(self.head)
        row = reverse("risks:risk_row", args=[self.risk.pk])
        response = self.client.get(row + "?edit=1", HTTP_HX_REQUEST="true")
        self.assertContains(response, 'data-testid="risk-row-edit"')
        response = self.client.post(row, {
            "title": "Changed", "likelihood": 2, "consequences": 3, "responsible_text": "x",
            "version": self.risk.version,
        }, HTTP_HX_REQUEST="true")
        self.assertContains(response, "6 — орто")
        self.risk.refresh_from_db()
        self.assertEqual((self.risk.title, self.risk.level), ("Changed", 6))

    def test_inline_edit_with_an_old_version_is_refused(self):
        self.login(self.head)
        services.risk_update(risk=self.risk, by=self.director, expected_version=1, title="New")
        response = self.client.post(reverse("risks:risk_row", args=[self.risk.pk]), {
            "title": "Mine", "likelihood": 2, "consequences": 3, "version": 1,
        }, HTTP_HX_REQUEST="true")
        self.assertContains(response, "form-errors")
        self.assertContains(response, "New")
        self.risk.refresh_from_db()
        self.assertEqual(self.risk.title, "New")

    def test_rector_cannot_edit_a_row(self):
        self.login(self.rector)
        response = self.client.get(reverse("risks:risk_row", args=[self.risk.pk]) + "?edit=1")
        self.assertEqual(response.status_code, 403)

    def test_score_preview_prints_level_and_band(self):
        self.login(self.head)
        response = self.client.get(reverse("risks:score_preview"),
                                   {"likelihood": 4, "consequences": 5})
        self.assertContains(response, "20 — жогору")
