"""History says who changed what (issue 12): no empty "changed · system" entries, and a
measure's changes appear in its risk's history, named and with who made them."""
import datetime

from django.urls import reverse
from django.utils import translation

from sapat.lib.history import changes_of
from sapat.risks import services
from sapat.risks.models import Measure, Risk
from sapat.test import SapatTestCase


class HistoryTests(SapatTestCase):
    def setUp(self):
        self.risk = services.risk_create(by=self.head, unit=self.dep_a1, title="Жабдуулар",
                                         likelihood=3, consequences=4)

    def test_a_save_that_changes_nothing_leaves_no_entry(self):
        before = len(changes_of(self.risk))
        Risk.objects.get(pk=self.risk.pk).save()  # a history row with no visible change
        self.assertEqual(len(changes_of(self.risk)), before)
        self.assertTrue(all(e.changes or e.kind != "~" for e in changes_of(self.risk)))

    def test_an_archive_says_what_changed(self):
        self.risk.archive()
        newest = changes_of(Risk.objects.get(pk=self.risk.pk))[0]
        label = str(Risk._meta.get_field("archived_at").verbose_name)
        self.assertEqual([c.label for c in newest.changes], [label], newest)

    def test_a_measures_changes_show_in_its_risks_history(self):
        measure = services.measure_create(by=self.head, risk=self.risk, text="Текшерүү",
                                          due_date=datetime.date(2027, 1, 5))
        services.measure_update(measure=measure, by=self.head, expected_version=1,
                                due_date=datetime.date(2027, 2, 1))
        # The language is set here: an earlier test on the same worker may leave another.
        with translation.override("ky"):
            entries = changes_of(Risk.objects.get(pk=self.risk.pk))
        about = [e for e in entries if "Текшерүү" in e.subject]
        self.assertEqual([e.kind for e in about], ["~", "+"])
        self.assertEqual(about[0].who, self.head)
        # Dates read as the language writes them, not 2027-01-05.
        self.assertIn(("05.01.2027", "01.02.2027"), [(c.old, c.new) for c in about[0].changes])
        self.login(self.head)
        page = self.client.get(reverse("history", args=["risks.risk", self.risk.pk]))
        self.assertContains(page, "«Текшерүү»")
        self.assertNotContains(page, "system")

    def test_the_risks_history_names_who_changed_a_measure_and_the_field_in_the_pages_language(
            self):
        self.head.full_name = "Айгүл Орозбаева"
        self.head.save(update_fields=["full_name"])
        measure = services.measure_create(by=self.head, risk=self.risk, text="Текшерүү",
                                          due_date=datetime.date(2027, 1, 5))
        services.measure_update(measure=measure, by=self.head, expected_version=1,
                                due_date=datetime.date(2027, 2, 1))
        self.login(self.head)
        url = reverse("history", args=["risks.risk", self.risk.pk])
        for language, label in (("ru", "Срок выполнения"), ("ky", None)):
            with self.subTest(language=language):
                self.client.cookies["sapat_language"] = language
                page = self.client.get(url).content.decode()
                with translation.override(language):
                    label = label or str(Measure._meta.get_field("due_date").verbose_name)
                entry = next(li for li in page.split("<li>") if "«Текшерүү»" in li
                             and "01.02.2027" in li)
                self.assertIn("Айгүл Орозбаева", entry)
                self.assertIn(f"<th>{label[0].upper()}{label[1:]}</th>", entry)
