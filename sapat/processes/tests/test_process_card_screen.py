from django.urls import reverse

from sapat.org.models import Position
from sapat.processes.models import Process
from sapat.test import SapatTestCase

from .factories import make_process


class ProcessCardScreenTests(SapatTestCase):
    def setUp(self):
        self.process = make_process(self.university, goal="Сапаттуу окутуу")
        self.url = reverse("processes:card", args=[self.process.pk])
        self.edit_url = reverse("processes:edit", args=[self.process.pk])

    def _form(self, **changes):
        data = {"name": self.process.name, "number": 3, "group": self.process.group_id,
                "goal": "Жаңы максат", "version": self.process.version}
        data.update(changes)
        return data

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_other_universitys_person_gets_404(self):
        foreign = make_process(self.other_university, code="foreign", number=1)
        self.login(self.staff)
        response = self.client.get(reverse("processes:card", args=[foreign.pk]))
        self.assertEqual(response.status_code, 404)

    def test_staff_reads_the_card_of_appendix_2(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, "Сапаттуу окутуу")
        self.assertContains(response, 'data-testid="process-card"')
        self.assertNotContains(response, self.edit_url)

    def test_head_cannot_edit_the_card(self):
        self.login(self.head)
        self.assertEqual(self.client.get(self.edit_url).status_code, 403)
        self.assertEqual(self.client.post(self.edit_url, self._form()).status_code, 403)

    def test_qms_office_edits_the_card_and_history_records_it(self):
        self.login(self.qms)
        response = self.client.post(self.edit_url, self._form())
        self.assertRedirects(response, self.url)
        self.process.refresh_from_db()
        self.assertEqual(self.process.goal, "Жаңы максат")
        self.assertEqual(self.process.version, 2)
        self.assertEqual(self.process.history.count(), 2)

    def test_process_owner_edits_their_own_card(self):
        position = Position.objects.create(code="vr", name="Проректор", unit=self.rectorate,
                                           holder=self.director)
        Process.objects.filter(pk=self.process.pk).update(owner_position=position)
        self.login(self.director)
        response = self.client.post(self.edit_url, self._form())
        self.assertEqual(response.status_code, 302)

    def test_a_stale_edit_is_refused_and_shows_the_other_change(self):
        self.login(self.qms)
        old = self._form()
        self.client.post(self.edit_url, self._form(goal="Биринчи"))
        response = self.client.post(self.edit_url, old)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="stale-changes"')
        self.process.refresh_from_db()
        self.assertEqual(self.process.goal, "Биринчи")


class ProcessGroupScreenTests(SapatTestCase):
    def test_only_the_qms_office_edits_groups(self):
        url = reverse("processes:group_create")
        self.login(self.head)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.qms)
        response = self.client.post(url, {"code": "extra", "name": "Кошумча", "order": 4})
        self.assertRedirects(response, reverse("processes:groups"))


class ProcessCardQueryTests(SapatTestCase):
    def test_the_card_costs_the_same_queries_with_many_kpis_and_risks(self):
        from sapat.processes.tests.factories import make_indicator
        from sapat.risks.models import Risk

        process = make_process(self.university)
        url = reverse("processes:card", args=[process.pk])
        self.login(self.qms)
        make_indicator(process, self.university, code="k0")
        Risk.objects.create(unit=self.dep_a1, process=process, title="R0", likelihood=3,
                            consequences=4)
        self.client.get(url)  # warm the content-type cache of the history link
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        for i in range(1, 12):
            make_indicator(process, self.university, code=f"k{i}")
            Risk.objects.create(unit=self.dep_a1, process=process, title=f"R{i}",
                                likelihood=3, consequences=4)
        with CaptureQueriesContext(connection) as large:
            self.client.get(url)
        self.assertEqual(len(small), len(large))
