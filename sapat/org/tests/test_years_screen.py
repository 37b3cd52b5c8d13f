import datetime

from django.urls import reverse

from sapat.org.models import AcademicYear, Period
from sapat.org.services import academic_year_create
from sapat.test import SapatTestCase


class AcademicYearTests(SapatTestCase):
    def test_a_year_has_two_semesters_and_four_quarters_covering_it(self):
        year = academic_year_create(start=datetime.date(2026, 9, 1))
        self.assertEqual(year.end, datetime.date(2027, 8, 31))
        quarters = list(year.periods.filter(kind=Period.Kind.QUARTER))
        self.assertEqual([q.start for q in quarters], [datetime.date(2026, 9, 1),
                         datetime.date(2026, 12, 1), datetime.date(2027, 3, 1),
                         datetime.date(2027, 6, 1)])
        self.assertEqual(quarters[-1].end, year.end)
        semesters = list(year.periods.filter(kind=Period.Kind.SEMESTER))
        self.assertEqual(semesters[0].end, datetime.date(2027, 1, 31))
        self.assertEqual(semesters[1].start, datetime.date(2027, 2, 1))

    def test_current_period_is_found_by_date(self):
        academic_year_create(start=datetime.date(2026, 9, 1))
        q = Period.current(Period.Kind.QUARTER, on=datetime.date(2026, 12, 15))
        self.assertEqual(q.number, 2)

    def test_qms_office_creates_a_year_on_screen(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:year_new"), {
            "start": "2027-09-01", "end": "2028-08-31", "is_current": "on"})
        self.assertRedirects(r, reverse("org:years"))
        self.assertEqual(AcademicYear.objects.get().periods.count(), 7)
        self.assertContains(self.client.get(reverse("org:years")), "2027–2028")

    def test_a_year_that_ends_before_it_starts_is_refused(self):
        self.login(self.qms)
        r = self.client.post(reverse("org:year_new"), {"start": "2027-09-01", "end": "2027-01-01"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(AcademicYear.objects.exists())

    def test_staff_cannot_open_years(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(reverse("org:years")).status_code, 403)
