import datetime
from decimal import Decimal

from django.urls import reverse

from sapat.processes.models import Measurement, QualityObjective
from sapat.test import SapatTestCase

from .factories import make_indicator, make_process, make_years


class ObjectiveTests(SapatTestCase):
    def setUp(self):
        process = make_process(self.university)
        self.k1 = make_indicator(process, self.university, code="k1", target="80")
        self.k2 = make_indicator(process, self.university, code="k2", target="40")
        period = make_years(count=1)[0]
        Measurement.objects.create(indicator=self.k1, period=period, unit=self.dep_a1,
                                   value=Decimal("80"))
        Measurement.objects.create(indicator=self.k2, period=period, unit=self.dep_a1,
                                   value=Decimal("20"))
        self.objective = QualityObjective.objects.create(
            name="Максат", unit=self.university, what="Иш", deadline=datetime.date(2027, 6, 30))
        self.objective.indicators.set([self.k1, self.k2])

    def test_progress_is_the_mean_achievement_of_the_linked_kpis(self):
        self.login(self.staff)
        response = self.client.get(reverse("processes:objectives"))
        [objective] = response.context["objectives"]
        self.assertEqual(objective.progress, 75)  # (100% + 50%) / 2
        self.assertEqual(objective.status, "red")

    def test_only_the_qms_office_creates_objectives(self):
        url = reverse("processes:objective_create")
        self.login(self.head)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.qms)
        response = self.client.post(url, {
            "name": "Жаңы", "unit": self.university.pk, "what": "Иш",
            "deadline": "2027-01-31", "indicators": [self.k1.pk]})
        self.assertRedirects(response, reverse("processes:objectives"))
        self.assertEqual(QualityObjective.objects.get(name="Жаңы").indicators.count(), 1)
