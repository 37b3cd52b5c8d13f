"""A new risk, opportunity or measure: one history row that already holds who is responsible."""
from sapat.org.models import Position
from sapat.risks import services
from sapat.risks.models import Risk
from sapat.test import SapatTestCase


class CreateHistoryTests(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.post = Position.objects.create(code="head-a1", name="Башчы", unit=cls.dep_a1,
                                           holder=cls.head)
        cls.post2 = Position.objects.create(code="deputy-a1", name="Орун басар",
                                            unit=cls.dep_a1)

    def assert_one_creation_with(self, record, positions, people):
        [row] = record.history.all()
        self.assertEqual((row.history_type, row.history_user), ("+", self.head))
        self.assertEqual(row.title if hasattr(row, "title") else row.text,
                         getattr(record, "title", None) or record.text)
        self.assertEqual({r.position_id for r in row.responsible_positions.all()},
                         {p.pk for p in positions})
        self.assertEqual({r.person_id for r in row.responsible_people.all()},
                         {p.pk for p in people})
        self.assertEqual(set(record.responsible_positions.all()), set(positions))
        self.assertEqual(set(record.responsible_people.all()), set(people))

    def test_a_risk_with_positions_and_people_has_one_history_row_with_both(self):
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Риск",
                                    likelihood=2, consequences=3,
                                    positions=[self.post, self.post2], people=[self.staff])
        self.assert_one_creation_with(risk, [self.post, self.post2], [self.staff])
        self.assertEqual(risk.assessments.count(), 1)

    def test_the_same_position_twice_is_kept_once_as_set_does(self):
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Риск",
                                    likelihood=2, consequences=3,
                                    positions=[self.post, self.post], people=[])
        self.assert_one_creation_with(risk, [self.post], [])

    def test_a_queryset_of_positions_is_accepted_as_forms_send_it(self):
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Риск",
                                    likelihood=2, consequences=3,
                                    positions=Position.objects.filter(unit=self.dep_a1))
        self.assert_one_creation_with(risk, [self.post, self.post2], [])

    def test_opportunities_and_measures_are_created_the_same_way(self):
        opp = services.opportunity_create(by=self.head, unit=self.dep_a1, title="Мүмкүнчүлүк",
                                          people=[self.staff, self.head])
        self.assert_one_creation_with(opp, [], [self.staff, self.head])
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Риск",
                                    likelihood=2, consequences=3)
        measure = services.measure_create(by=self.head, risk=risk, text="Чара",
                                          positions=[self.post2])
        self.assert_one_creation_with(measure, [self.post2], [])

    def test_a_later_change_of_the_lists_is_still_kept_in_history(self):
        risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Риск",
                                    likelihood=2, consequences=3, positions=[self.post])
        services.risk_update(risk=Risk.objects.get(pk=risk.pk), by=self.head,
                             expected_version=1, positions=[self.post2])
        latest = risk.history.order_by("-history_id").first()
        self.assertEqual([r.position_id for r in latest.responsible_positions.all()],
                         [self.post2.pk])
