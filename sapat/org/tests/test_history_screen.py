from django.urls import reverse

from sapat.test import SapatTestCase


class HistoryScreenTests(SapatTestCase):
    def url(self, unit):
        return reverse("history", args=["org.unit", unit.pk])

    def test_it_shows_who_changed_what(self):
        self.dep_a1.name = "Кафедра А1 (жаңы аталыш)"
        self.dep_a1.save()
        self.login(self.head)
        r = self.client.get(self.url(self.dep_a1))
        self.assertContains(r, "Кафедра А1 (жаңы аталыш)")
        self.assertContains(r, "class=\"old\"")

    def test_people_out_of_scope_get_404(self):
        self.login(self.head2)
        self.assertEqual(self.client.get(self.url(self.dep_a1)).status_code, 404)

    def test_unknown_models_are_404(self):
        self.login(self.qms)
        r = self.client.get(reverse("history", args=["auth.permission", 1]))
        self.assertEqual(r.status_code, 404)
        r = self.client.get(reverse("history", args=["nonsense", 1]))
        self.assertEqual(r.status_code, 404)

    def test_related_records_are_shown_by_name(self):
        self.dep_a2.parent = self.inst_b
        self.dep_a2.save()
        self.login(self.qms)
        r = self.client.get(self.url(self.dep_a2))
        self.assertContains(r, "Институт Б")
