import datetime
from decimal import Decimal

from django.urls import reverse

from sapat.processes.models import Measurement
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.reports.integrated import COLUMN_KEYS, integrated_rows, integrated_table
from sapat.risks.models import Measure, Opportunity, Risk
from sapat.test import SapatTestCase


class IntegratedTableTests(SapatTestCase):
    url = reverse("dashboards:integrated")

    def setUp(self):
        self.process = make_process(self.university, goal="Сапаттуу окутуу",
                                    inputs="Стандарттар", outputs="Бүтүрүүчүлөр")
        self.kpi = make_indicator(self.process, self.university)
        period = make_years(count=1)[0]
        Measurement.objects.create(indicator=self.kpi, period=period, unit=self.dep_a1,
                                   value=Decimal("60"))
        self.risk = Risk.objects.create(
            unit=self.dep_a1, process=self.process, title="Мотивациянын төмөндүгү",
            cause="Катышуу аз", likelihood=3, consequences=3, residual_score=6,
            responsible_text="Директорлор")
        Measure.objects.create(risk=self.risk, text="Кураторлор",
                               due_date=datetime.date(2020, 1, 1))
        self.opportunity = Opportunity.objects.create(
            unit=self.dep_b1, process=self.process, title="Дуалдык билим берүү",
            essence="Практика", expected_effect="Иш менен камсыз болуу",
            status=Opportunity.Status.COMPLETED, result=Opportunity.Result.POSITIVE)

    def test_the_nine_columns_in_the_regulations_order(self):
        self.assertEqual(COLUMN_KEYS, ["item", "goal", "inputs_outputs", "indicators",
                                       "likelihood", "consequences", "responsible", "measures",
                                       "mark"])

    def test_a_risk_row_joins_the_card_the_kpis_and_the_measures(self):
        rows = integrated_rows(person=self.qms, params={})
        risk_row = next(r for r in rows if r.kind == "risk")
        cells = risk_row.cells
        self.assertIn("Мотивациянын төмөндүгү", cells["item"])
        self.assertEqual(cells["goal"], "Сапаттуу окутуу / Катышуу аз")
        self.assertEqual(cells["inputs_outputs"], "Стандарттар / Бүтүрүүчүлөр")
        self.assertEqual((cells["likelihood"], cells["consequences"]), (3, 3))
        self.assertEqual(risk_row.kpis[0].status, "red")
        self.assertTrue(risk_row.measures[0].overdue)
        self.assertEqual(risk_row.residual_band, "medium")
        opp_row = next(r for r in rows if r.kind == "opportunity")
        self.assertEqual(opp_row.cells["likelihood"], "")  # Appendix 6 leaves it empty
        self.assertEqual(opp_row.cells["consequences"], "Иш менен камсыз болуу")

    def test_head_sees_only_their_departments_rows_and_edits_them(self):
        rows = integrated_rows(person=self.head, params={})
        self.assertEqual([r.kind for r in rows], ["risk"])
        self.assertTrue(rows[0].edit_url)
        rows = integrated_rows(person=self.auditor, params={})
        self.assertEqual([r.kind for r in rows], ["risk"])
        self.assertEqual(rows[0].edit_url, "")

    def test_filters_unit_band_and_status(self):
        def kinds(**params):
            return [r.kind for r in integrated_rows(person=self.qms, params=params)]

        self.assertEqual(kinds(unit="inst-b"), ["opportunity"])
        self.assertEqual(kinds(band="medium"), ["risk"])
        self.assertEqual(kinds(band="high"), [])
        self.assertEqual(kinds(status="completed"), ["opportunity"])
        self.assertEqual(kinds(process="nope"), ["risk", "opportunity"])

    def test_a_process_without_risks_still_has_its_card_row(self):
        make_process(self.university, code="research", number=4, goal="Илим")
        rows = integrated_rows(person=self.qms, params={})
        self.assertEqual([r.kind for r in rows], ["risk", "opportunity", "process"])

    def test_the_export_table_uses_the_same_rows(self):
        table = integrated_table(person=self.qms, params={})
        self.assertEqual(len(table.rows), 2)
        self.assertEqual(set(table.rows[0]), set(COLUMN_KEYS))

    def test_screen_permissions(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertNotContains(response, 'data-testid="integrated-row"')
        self.login(self.head)
        response = self.client.get(self.url)
        self.assertContains(response, "Мотивациянын төмөндүгү")
        self.assertNotContains(response, "Дуалдык билим берүү")
        self.assertContains(response, 'data-testid="integrated-edit"')

    def test_the_whole_university_table_costs_the_same_queries_at_any_size(self):
        self.login(self.qms)
        with self.assertNumQueries(22):
            self.client.get(self.url)
        for i in range(15):
            p = make_process(self.university, code=f"p{i}", number=10 + i)
            make_indicator(p, self.university, code=f"k{i}")
            r = Risk.objects.create(unit=self.dep_a2, process=p, title=f"R{i}", likelihood=4,
                                    consequences=4)
            Measure.objects.create(risk=r, text="M")
            Opportunity.objects.create(unit=self.dep_b1, process=p, title=f"O{i}")
        with self.assertNumQueries(22):
            self.client.get(self.url)
