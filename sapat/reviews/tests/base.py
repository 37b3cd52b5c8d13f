"""The review tests' world: the named people of `SapatTestCase`, two academic years, a
process with a satisfaction KPI and a teaching KPI (values in both years), a quality
objective, a risk reassessed in the current year with a measure, a context issue and a
resource report."""
import datetime
from decimal import Decimal

from django.utils import timezone

from sapat.org.models import AcademicYear, Period
from sapat.processes.models import Measurement, QualityObjective
from sapat.processes.tests.factories import make_indicator, make_process, make_years
from sapat.reviews.models import ContextIssue, ResourceReport
from sapat.risks.models import Assessment, Measure, Risk
from sapat.test import SapatTestCase


class ReviewTestCase(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        first = today.year - 2 if today.month >= 9 else today.year - 3
        cls.last_period, cls.this_period = make_years(first + 1, 2)
        cls.last_year, cls.this_year = cls.last_period.year, cls.this_period.year
        AcademicYear.objects.filter(pk=cls.this_year.pk).update(is_current=True)
        cls.process = make_process(cls.university)
        cls.kpi = make_indicator(cls.process, cls.dep_a1, code="teaching", per_unit=False)
        cls.satisfaction = make_indicator(cls.process, cls.dep_a1, code="student-satisfaction",
                                          target="80", per_unit=False)
        for period, teaching, satisfied in ((cls.last_period, "70", "74"),
                                            (cls.this_period, "78", "72")):
            Measurement.objects.create(indicator=cls.kpi, period=period, unit=cls.dep_a1,
                                       value=Decimal(teaching))
            Measurement.objects.create(indicator=cls.satisfaction, period=period,
                                       unit=cls.dep_a1, value=Decimal(satisfied))
        cls.objective = QualityObjective.objects.create(
            name="Окутуунун сапаты", unit=cls.dep_a1, what="…",
            deadline=cls.this_year.end)
        cls.objective.indicators.set([cls.kpi])
        cls.risk = Risk.objects.create(unit=cls.dep_a1, title="Тобокелдик", likelihood=3,
                                       consequences=4)
        Risk.objects.filter(pk=cls.risk.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(
                cls.last_year.start, datetime.time(12))))
        Assessment.objects.create(risk=cls.risk, old_likelihood=4, old_consequences=4,
                                  new_likelihood=3, new_consequences=4,
                                  at=timezone.make_aware(datetime.datetime.combine(
                                      cls.this_year.start + datetime.timedelta(days=10),
                                      datetime.time(12))))
        Measure.objects.create(risk=cls.risk, text="Чара", due_date=cls.this_year.start
                               + datetime.timedelta(days=20), status="done",
                               completed_on=cls.this_year.start + datetime.timedelta(days=15))
        ContextIssue.objects.create(university=cls.university, kind="external",
                                    text="Мыйзам өзгөрдү", change="Жаңы талаптар",
                                    changed_on=cls.this_year.start)
        ResourceReport.objects.create(unit=cls.dep_a1, year=cls.this_year, adequacy="partly",
                                      text="Лабораториялар жетишсиз",
                                      reported_on=cls.this_year.start)
        cls.periods = Period.objects.all()
