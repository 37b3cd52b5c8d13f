"""Processes, KPIs and their values through the API, with the process app's rules."""
import datetime
from decimal import Decimal

from sapat.org.models import Period, Position
from sapat.org.services import academic_year_create
from sapat.processes.models import Indicator, Measurement, Process

from .base import ApiTestCase


class ProcessKpiApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.year = academic_year_create(start=datetime.date(2025, 9, 1), is_current=True)
        cls.q1 = Period.objects.get(year=cls.year, kind="quarter", number=1)
        cls.owner_post = Position.objects.create(code="director-a", name="Директор",
                                                 unit=cls.inst_a, holder=cls.director)
        cls.process = Process.objects.create(code="education", name="Окуу", unit=cls.university,
                                             owner_position=cls.owner_post)
        cls.kpi = Indicator.objects.create(
            code="pass-rate", name="Өздөштүрүү", process=cls.process, owner_unit=cls.inst_a,
            per_unit=True, target=Decimal("80"), tolerance=Decimal("5"),
            frequency=Period.Kind.QUARTER,
        )

    def value(self, unit="dep-a1", value="82.5", **extra):
        return {"indicator": "pass-rate", "period": self.q1.pk, "unit": unit, "value": value,
                **extra}

    def test_everyone_with_a_role_reads_the_process_map_and_cards(self):
        for person in (self.head, self.staff, self.rector, self.head2):
            with self.subTest(person=person.username):
                self.as_token(person)
                response = self.client.get("/api/v1/processes/")
                self.assertEqual([p["code"] for p in response.json()["results"]],
                                 ["education"])
        self.as_token(self.outsider)
        self.assertEqual(self.client.get("/api/v1/processes/").json()["results"], [])

    def test_card_is_edited_by_the_owner_and_the_qms_office_only(self):
        url = f"/api/v1/processes/{self.process.pk}/"
        for person, expected in ((self.head, 403), (self.director, 200), (self.qms, 200)):
            with self.subTest(person=person.username):
                self.as_token(person)
                version = self.client.get(url).json()["version"]
                response = self.client.patch(url, {"version": version, "goal": "Максат"},
                                             format="json")
                self.assertEqual(response.status_code, expected, response.content)

    def test_only_the_qms_office_adds_processes(self):
        body = {"code": "new", "name": "Жаңы процесс", "unit": "jasu"}
        self.as_token(self.director)
        self.assertEqual(self.client.post("/api/v1/processes/", body,
                                          format="json").status_code, 403)
        self.as_token(self.qms)
        self.assertEqual(self.client.post("/api/v1/processes/", body,
                                          format="json").status_code, 201)

    def test_head_posts_a_quarter_value_for_their_department_with_status(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/measurements/", self.value(), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "green")
        self.assertEqual(response.json()["entered_by"], "head")

    def test_head_cannot_post_for_another_department(self):
        self.as_token(self.head)
        response = self.client.post("/api/v1/measurements/", self.value(unit="dep-a2"),
                                    format="json")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Measurement.objects.exists())

    def test_a_second_value_for_the_same_period_is_409_unless_the_version_is_sent(self):
        self.as_token(self.head)
        self.client.post("/api/v1/measurements/", self.value(), format="json")
        again = self.client.post("/api/v1/measurements/", self.value(value="70"), format="json")
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.json()["current"]["value"], "82.50")
        current = again.json()["current"]
        fixed = self.client.patch(f"/api/v1/measurements/{current['id']}/",
                                  {"version": current["version"], "value": "70"}, format="json")
        self.assertEqual(fixed.status_code, 200, fixed.content)
        self.assertEqual(fixed.json()["status"], "red")

    def test_a_value_for_the_wrong_period_kind_names_the_period(self):
        self.as_token(self.head)
        year_period = Period.objects.get(year=self.year, kind="year")
        response = self.client.post("/api/v1/measurements/",
                                    self.value(period=year_period.pk), format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("period", response.json()["errors"])

    def test_bulk_values_are_all_or_nothing(self):
        self.as_token(self.director)
        good = [self.value(unit="dep-a1"), self.value(unit="dep-a2")]
        response = self.client.post("/api/v1/measurements/bulk/", good, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Measurement.objects.count(), 2)
        bad = [self.value(unit="pck-a1"), self.value(unit="dep-b1")]
        response = self.client.post("/api/v1/measurements/bulk/", bad, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0], {})
        self.assertIn("unit", response.json()["errors"][1])
        self.assertEqual(Measurement.objects.count(), 2)

    def test_bulk_values_already_stored_are_409_with_the_stored_values(self):
        self.as_token(self.director)
        first = [self.value(unit="dep-a1")]
        self.assertEqual(self.client.post("/api/v1/measurements/bulk/", first,
                                          format="json").status_code, 201)
        again = [self.value(unit="dep-a2"), self.value(unit="dep-a1", value="70")]
        response = self.client.post("/api/v1/measurements/bulk/", again, format="json")
        self.assertEqual(response.status_code, 409, response.content)
        body = response.json()
        self.assertEqual(body["errors"][0], {})
        self.assertIn("version", body["errors"][1])
        self.assertIsNone(body["current"][0])
        self.assertEqual(body["current"][1]["value"], "82.50")
        self.assertEqual(Measurement.objects.count(), 1)
        # Sending the stored version replaces it.
        again[1]["version"] = body["current"][1]["version"]
        response = self.client.post("/api/v1/measurements/bulk/", again, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Measurement.objects.get(unit__code="dep-a1").value, 70)

    def test_periods_can_be_found_by_date_and_kind(self):
        self.as_token(self.staff)
        response = self.client.get("/api/v1/periods/?kind=quarter&on=2025-10-15")
        self.assertEqual([p["id"] for p in response.json()["results"]], [self.q1.pk])
