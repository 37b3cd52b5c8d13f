"""The university risk register (Appendix 4): who reads it, what it shows, escalation."""
from django.urls import reverse

from sapat.risks.models import Risk
from sapat.test import SapatTestCase

from .registers_fixtures import category, make_measure, make_opportunity, make_risk


class RegisterScreenTests(SapatTestCase):
    url = reverse("risks:register")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.academic = make_risk(
            cls.dep_a1, "Программалар стандартка ылайык келбейт", 4, 4,
            category=category("academic"), escalated=True, register_number=1,
            responsible_text="Окуу иштери боюнча проректор; кафедра башчылары",
            deadline_text="Жыл сайын, IV-квартал", residual_score=6,
        )
        cls.finance = make_risk(
            cls.rectorate, "Каражат чектелген", 4, 5, category=category("financial"),
            escalated=True, register_number=2, residual_likelihood=2, residual_consequences=2,
        )
        cls.local = make_risk(cls.dep_a1, "Only in the passport", 2, 2)
        make_measure(cls.academic, "Ички аудит", days=-5)
        make_measure(cls.academic, "ДЖПны жаңылоо", days=20, rhythm_text="Жыл сайын")

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_person_without_roles_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_rector_reads_every_escalated_risk_in_register_order(self):
        self.login(self.rector)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ky")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([r.pk for r in response.context["risks"]],
                         [self.academic.pk, self.finance.pk])
        self.assertNotContains(response, "Only in the passport")
        self.assertContains(response, "Академиялык")
        self.assertContains(response, "Жыл сайын, IV-квартал")
        self.assertContains(response, "Окуу иштери боюнча проректор; кафедра башчылары")

    def test_it_shows_level_and_residual_with_their_bands(self):
        self.login(self.council)
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ky")
        html = response.content.decode()
        row = html[html.index(f'data-risk="{self.academic.pk}"'):]
        row = row[:row.index("</tr>")]
        self.assertIn('band-high', row)
        self.assertIn(">16</span>", row)
        self.assertIn(">6</span>", row)  # residual given as a level
        self.assertIn("орто", row)

    def test_measures_carry_due_dates_and_an_overdue_badge(self):
        self.login(self.rector)
        response = self.client.get(self.url)
        self.assertContains(response, "Ички аудит")
        self.assertContains(response, 'data-testid="overdue"', count=1)
        self.assertContains(response, "Жыл сайын</span>", html=False)

    def test_measures_in_the_documents_order(self):
        """Screen and document agree (issue 13): the measures in the order entered (the
        regulation's), not the screen by deadline and the document by entry."""
        import io

        from openpyxl import load_workbook

        from sapat.reports.export import export_table

        make_measure(self.finance, "Кийинки мөөнөт", days=40)
        make_measure(self.finance, "Жакынкы мөөнөт", days=3)
        self.login(self.rector)
        html = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ky").content.decode()
        self.assertLess(html.index("Кийинки мөөнөт"), html.index("Жакынкы мөөнөт"))
        content = export_table("register", "xlsx", person=self.qms, lang="ky").content
        cells = [str(c.value) for row in load_workbook(io.BytesIO(content)).worksheets[0]
                 .iter_rows() for c in row if c.value]
        measures = next(c for c in cells if "Кийинки мөөнөт" in c)
        self.assertLess(measures.index("Кийинки мөөнөт"), measures.index("Жакынкы мөөнөт"))

    def test_every_role_reads_the_whole_register(self):
        for person in (self.head, self.head2, self.staff, self.director):
            self.login(person)
            response = self.client.get(self.url)
            self.assertEqual([r.pk for r in response.context["risks"]],
                             [self.academic.pk, self.finance.pk], person)
            self.assertContains(response, "Каражат чектелген")
        # The register row is for all; a risk's own page only for those who read its unit.
        detail = reverse("risks:risk_detail", args=[self.finance.pk])
        self.assertNotContains(response, f'href="{detail}"')
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.login(self.rector)
        self.assertContains(self.client.get(self.url), f'href="{detail}"')

    def test_only_the_qms_office_sees_the_register_actions(self):
        self.login(self.rector)
        self.assertNotContains(self.client.get(self.url), 'data-testid="deescalate"')
        self.login(self.qms)
        self.assertContains(self.client.get(self.url), 'data-testid="deescalate"', count=2)

    def test_an_archived_risk_leaves_the_register(self):
        self.finance.archive()
        self.login(self.qms)
        self.assertNotContains(self.client.get(self.url), "Каражат чектелген")

    def test_opportunities_are_not_in_the_register(self):
        make_opportunity(self.dep_a1, "Дуалдык билим берүү")
        self.login(self.qms)
        self.assertNotContains(self.client.get(self.url), "Дуалдык билим берүү")


class EscalationTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.risk = make_risk(cls.dep_a1, "Студенттердин мотивациясы төмөн", 4, 5)
        cls.listed = make_risk(cls.dep_b1, "Already listed", 3, 3, escalated=True,
                               register_number=1)

    def post(self, name, risk, **data):
        return self.client.post(reverse(f"risks:{name}", args=[risk.pk]), data)

    def test_qms_escalates_a_risk_with_the_next_number(self):
        self.login(self.qms)
        response = self.post("register_escalate", self.risk,
                             next=reverse("risks:consolidated"))
        self.assertRedirects(response, reverse("risks:consolidated"),
                             fetch_redirect_response=False)
        self.risk.refresh_from_db()
        self.assertTrue(self.risk.escalated)
        self.assertEqual(self.risk.register_number, 2)

    def test_escalating_sends_an_outside_next_back_to_the_register(self):
        self.login(self.qms)
        response = self.post("register_escalate", self.risk, next="https://evil.example/")
        self.assertRedirects(response, reverse("risks:register"), fetch_redirect_response=False)

    def test_head_cannot_escalate_their_own_risk(self):
        self.login(self.head)
        self.assertEqual(self.post("register_escalate", self.risk).status_code, 403)
        self.risk.refresh_from_db()
        self.assertFalse(self.risk.escalated)

    def test_head_of_another_department_gets_404(self):
        self.login(self.head2)
        self.assertEqual(self.post("register_escalate", self.risk).status_code, 404)

    def test_anonymous_cannot_escalate(self):
        response = self.post("register_escalate", self.risk)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Risk.objects.get(pk=self.risk.pk).escalated)

    def test_escalation_needs_post(self):
        self.login(self.qms)
        url = reverse("risks:register_escalate", args=[self.risk.pk])
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_qms_takes_a_risk_out_of_the_register(self):
        self.login(self.qms)
        self.post("register_deescalate", self.listed)
        self.listed.refresh_from_db()
        self.assertFalse(self.listed.escalated)
        self.assertIsNone(self.listed.register_number)

    def test_rector_cannot_deescalate(self):
        self.login(self.rector)
        self.assertEqual(self.post("register_deescalate", self.listed).status_code, 403)

    def test_qms_renumbers_a_register_risk(self):
        self.login(self.qms)
        self.post("register_renumber", self.listed, number="5")
        self.listed.refresh_from_db()
        self.assertEqual(self.listed.register_number, 5)

    def test_a_number_already_used_is_refused_with_a_message(self):
        self.login(self.qms)
        self.post("register_escalate", self.risk, number="4")
        response = self.post("register_renumber", self.listed, number="4")
        self.listed.refresh_from_db()
        self.assertEqual(self.listed.register_number, 1)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertTrue(any("4" in m for m in messages))

    def test_a_number_that_is_not_a_number_is_refused(self):
        self.login(self.qms)
        response = self.post("register_renumber", self.listed, number="two")
        self.listed.refresh_from_db()
        self.assertEqual(self.listed.register_number, 1)
        self.assertEqual(response.status_code, 302)


class RegisterExportLinkTests(SapatTestCase):
    def test_register_and_consolidated_offer_downloads_with_the_screens_filters(self):
        self.login(self.qms)
        response = self.client.get(reverse("risks:register"))
        self.assertContains(response, reverse("reports:export", args=["register", "xlsx"]))
        response = self.client.get(reverse("risks:consolidated"), {"band": "high", "page": 2})
        self.assertContains(
            response, reverse("reports:export", args=["consolidated", "pdf"]) + "?band=high"
        )
