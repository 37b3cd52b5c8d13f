from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sapat.processes.models import Measurement
from sapat.test import SapatTestCase

from .factories import make_indicator, make_process, make_years


class KpiEntryTests(SapatTestCase):
    def setUp(self):
        self.process = make_process(self.university)
        self.kpi = make_indicator(self.process, self.university)
        self.periods = make_years()
        self.url = reverse("processes:kpi", args=[self.kpi.pk])

    def post(self, unit, value="60", period=None, **extra):
        data = {"period": (period or self.periods[-1]).pk, "unit": unit.pk, "value": value,
                "comment": "", "seen_version": 0}
        data.update(extra)
        return self.client.post(self.url, data)

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_head_enters_a_value_for_their_department(self):
        self.login(self.head)
        response = self.post(self.dep_a1)
        self.assertRedirects(response, f"{self.url}?period={self.periods[-1].pk}"
                                       f"&unit={self.dep_a1.pk}")
        m = Measurement.objects.get()
        self.assertEqual((m.unit, m.value, m.entered_by), (self.dep_a1, Decimal("60"), self.head))
        self.assertEqual(m.status, "red")

    def test_correcting_a_value_just_saved_is_not_a_conflict(self):
        self.login(self.head)
        response = self.client.post(self.url, {
            "period": self.periods[-1].pk, "unit": self.dep_a1.pk, "value": "60",
            "comment": "first", "seen_version": 0}, follow=True)
        form = response.context["form"]
        self.assertEqual((form["period"].value(), form["unit"].value()),
                         (self.periods[-1].pk, self.dep_a1.pk))
        self.assertEqual((form["value"].value(), form["comment"].value()),
                         (Decimal("60"), "first"))
        self.assertContains(response, 'value="60"')
        data = {name: form[name].value() for name in ("period", "unit", "seen_version")}
        response = self.client.post(self.url, {**data, "value": "62,5", "comment": "fixed"})
        self.assertEqual(response.status_code, 302, response.context and
                         response.context["form"].errors)
        self.assertEqual(Measurement.objects.get().value, Decimal("62.5"))

    def test_the_form_opens_on_the_saved_value_of_ones_only_unit(self):
        self.kpi.per_unit = False
        self.kpi.save()
        self.login(self.qms)
        import datetime

        from sapat.org.models import Period

        today = datetime.date.today()
        make_years(first=today.year - (today.month < 9), count=1)  # the running year
        # The form opens on the period whose value is asked for: the latest that has ended.
        ended = Period.objects.filter(kind="year", end__lt=today).order_by("-start").first()
        Measurement.objects.create(indicator=self.kpi, period=ended,
                                   unit=self.university, value=Decimal("71.5"))
        form = self.client.get(self.url).context["form"]
        self.assertEqual(form["period"].value(), ended.pk)
        self.assertEqual(form["value"].value(), Decimal("71.5"))

    def test_head_cannot_enter_for_another_department(self):
        self.login(self.head)
        response = self.post(self.dep_b1)
        self.assertEqual(response.status_code, 200)  # not a choice: a form error
        self.assertFalse(Measurement.objects.exists())

    def test_staff_sees_the_kpi_but_may_not_enter(self):
        self.login(self.staff)
        self.assertNotContains(self.client.get(self.url), 'data-testid="measurement-form"')
        self.assertEqual(self.post(self.dep_a1).status_code, 403)

    def test_a_second_entry_without_seeing_the_first_is_not_silent(self):
        self.login(self.head)
        self.post(self.dep_a1, value="60")
        response = self.post(self.dep_a1, value="80")
        self.assertContains(response, "60")
        self.assertEqual(Measurement.objects.get().value, Decimal("60"))
        seen = Measurement.objects.get().version
        self.post(self.dep_a1, value="80", seen_version=seen)
        self.assertEqual(Measurement.objects.get().value, Decimal("80"))

    def test_a_university_kpi_is_entered_only_for_the_owner_unit(self):
        self.kpi.per_unit = False
        self.kpi.save()
        self.login(self.head)
        self.assertNotContains(self.client.get(self.url), 'data-testid="measurement-form"')
        self.login(self.qms)
        self.assertEqual(self.post(self.university).status_code, 302)

    def test_evidence_of_the_wrong_type_is_refused(self):
        self.login(self.head)
        fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
        response = self.post(self.dep_a1, evidence=fake)
        self.assertIn("evidence", response.context["form"].errors)
        self.assertFalse(Measurement.objects.exists())

    def test_the_trend_chart_is_an_svg_with_one_dot_per_value(self):
        for period, value in zip(self.periods, ("70", "74", "80"), strict=True):
            Measurement.objects.create(indicator=self.kpi, period=period, unit=self.dep_a1,
                                       value=Decimal(value))
        self.login(self.staff)
        response = self.client.get(reverse("processes:kpi_chart", args=[self.kpi.pk]))
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        body = response.content.decode()
        self.assertEqual(body.count("<circle"), 3)
        self.assertIn('data-status="amber"', body)

    def test_kpi_detail_query_count_is_fixed(self):
        # 12: a KPI each unit reports reads the units listed on it, in one query.
        self.login(self.head)
        Measurement.objects.create(indicator=self.kpi, period=self.periods[0], unit=self.dep_a1,
                                   value=1)
        with self.assertNumQueries(12):
            self.client.get(self.url)
        for p in self.periods[1:]:
            for u in (self.dep_a1, self.dep_a2, self.pck_a1):
                Measurement.objects.create(indicator=self.kpi, period=p, unit=u, value=2)
        self.kpi.reporting_units.set([self.dep_a1, self.dep_a2, self.pck_a1])
        with self.assertNumQueries(12):
            self.client.get(self.url)

    def test_the_page_says_who_reports_the_kpi(self):
        """The units asked for values (sapat.processes.due), not "every unit under the
        owner"."""
        self.login(self.head)
        default = "ар бир кафедра жана предметтик-циклдык комиссия"
        self.assertContains(self.client.get(self.url), default)
        self.kpi.reporting_units.set([self.dep_a2, self.pck_a1])
        page = self.client.get(self.url)
        self.assertNotContains(page, default)
        shown = sorted([self.dep_a2, self.pck_a1], key=lambda u: u.path)  # the tree's order
        self.assertContains(page, f"{shown[0].label}; {shown[1].label}")

    def test_kpi_detail_query_count_is_fixed_whoever_entered_the_values(self):
        self.login(self.head)
        Measurement.objects.create(indicator=self.kpi, period=self.periods[0], unit=self.dep_a1,
                                   value=1, entered_by=self.head)
        with self.assertNumQueries(12):
            response = self.client.get(self.url)
        self.assertContains(response, str(self.head))
        people = (self.staff, self.director, self.qms)
        for p in self.periods[1:]:
            for unit, person in zip((self.dep_a1, self.dep_a2, self.pck_a1), people,
                                    strict=True):
                Measurement.objects.create(indicator=self.kpi, period=p, unit=unit, value=2,
                                           entered_by=person)
        with self.assertNumQueries(12):
            response = self.client.get(self.url)
        self.assertContains(response, str(self.director))


class EvidenceDownloadTests(SapatTestCase):
    def test_evidence_is_served_only_to_readers_of_the_kpi(self):
        process = make_process(self.university)
        kpi = make_indicator(process, self.university)
        period = make_years(count=1)[0]
        self.login(self.head)
        pdf = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        self.client.post(reverse("processes:kpi", args=[kpi.pk]), {
            "period": period.pk, "unit": self.dep_a1.pk, "value": "80", "seen_version": 0,
            "evidence": pdf})
        m = Measurement.objects.get()
        url = reverse("processes:evidence", args=[m.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        m.evidence.delete()


class DecimalCommaTests(SapatTestCase):
    """«79,5» typed in a Kyrgyz or Russian page is 79.5, never 795 (issue 12)."""

    def setUp(self):
        self.process = make_process(self.university)
        self.kpi = make_indicator(self.process, self.university)
        self.periods = make_years()
        self.url = reverse("processes:kpi", args=[self.kpi.pk])

    def post(self, value, unit=None):
        return self.client.post(self.url, {
            "period": self.periods[-1].pk, "unit": (unit or self.dep_a1).pk, "value": value,
            "comment": "", "seen_version": 0})

    def test_a_decimal_comma_is_a_decimal_and_is_shown_back_with_one(self):
        self.login(self.head)
        self.assertEqual(self.post("79,5").status_code, 302)
        self.assertEqual(Measurement.objects.get().value, Decimal("79.5"))
        page = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ky").content.decode()
        self.assertIn("79,5\u00a0%", page)
        self.assertNotIn("79.5", page)
        self.assertNotIn("795", page)

    def test_thousands_with_a_space_are_one_number(self):
        self.kpi.measure_unit = "students"
        self.kpi.target = Decimal("1000")
        self.kpi.save()
        self.login(self.head)
        self.post("1\u00a0234,5")
        self.assertEqual(Measurement.objects.get().value, Decimal("1234.5"))

    def test_a_percentage_outside_0_to_100_is_refused(self):
        self.login(self.head)
        response = self.post("795")
        self.assertEqual(response.status_code, 200)
        self.assertIn("value", response.context["form"].errors)
        self.assertFalse(Measurement.objects.exists())

    def test_a_word_is_not_a_number(self):
        self.login(self.head)
        response = self.post("жетимиш")
        self.assertIn("value", response.context["form"].errors)

    def test_target_and_tolerance_accept_a_decimal_comma(self):
        from sapat.processes.forms import IndicatorForm

        form = IndicatorForm(instance=self.kpi)
        data = {name: form[name].value() for name in form.fields}
        data.update(target="79,5", tolerance="2,5", process=self.process.pk,
                    owner_unit=self.university.pk, per_unit="on")
        bound = IndicatorForm(data, instance=self.kpi)
        self.assertTrue(bound.is_valid(), bound.errors)
        self.assertEqual((bound.cleaned_data["target"], bound.cleaned_data["tolerance"]),
                         (Decimal("79.5"), Decimal("2.5")))
        data["target"] = "120"
        bound = IndicatorForm(data, instance=self.kpi)
        self.assertFalse(bound.is_valid())
        self.assertIn("target", bound.errors)
