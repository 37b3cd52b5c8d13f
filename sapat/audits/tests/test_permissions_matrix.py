"""Who may do what with audits, role by role, through `audits.permissions`."""

from django.http import Http404

from sapat.audits import permissions
from sapat.audits.models import Audit

from .base import AuditTestCase


class AuditPermissionMatrixTests(AuditTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The audit of dep_b1, led by `auditor` with `auditor2` on the team.
        cls.audit = cls.make_audit([cls.dep_b1], state=Audit.State.IN_PROGRESS)
        cls.audit.team.set([cls.auditor2])
        # An audit of dep_a1 that neither auditor is on.
        cls.other = cls.make_audit([cls.dep_a1], lead=cls.auditor2)
        cls.other.lead_auditor = cls.qms
        cls.other.save()

    def people(self):
        return {
            name: getattr(self, name)
            for name in (
                "rector",
                "qms",
                "director",
                "head",
                "head2",
                "service",
                "council",
                "auditor",
                "auditor2",
                "staff",
                "outsider",
            )
        }

    def reads(self, person, audit) -> bool:
        try:
            permissions.audit_for(person, audit.pk)
            return True
        except Http404:
            return False

    # name -> (reads the dep_b1 audit, reads the dep_a1 audit, fills the dep_b1 audit,
    #          sees its gradings, plans, approves the programme)
    MATRIX = {
        "rector": (True, True, False, False, False, True),
        "qms": (True, True, False, True, True, False),
        "director": (False, True, False, False, False, False),
        "head": (False, True, False, False, False, False),
        "head2": (True, False, False, False, False, False),
        "service": (False, False, False, False, False, False),
        "council": (True, True, False, False, False, False),
        # An auditor's role over inst_a does not open the dep_a1 audit they are not on.
        "auditor": (True, False, True, True, False, False),
        "auditor2": (True, False, True, True, False, False),
        "staff": (False, True, False, False, False, False),
        "outsider": (False, False, False, False, False, False),
    }

    def test_the_matrix(self):
        for name, person in self.people().items():
            with self.subTest(person=name):
                got = (
                    self.reads(person, self.audit),
                    self.reads(person, self.other),
                    permissions.may_fill(person, self.audit),
                    permissions.may_see_gradings(person, self.audit),
                    permissions.may_plan(person),
                    permissions.may_approve(person, self.programme),
                )
                self.assertEqual(got, self.MATRIX[name])

    def test_the_auditee_head_acknowledges_only_an_issued_report(self):
        self.assertFalse(permissions.may_acknowledge(self.head2, self.audit))
        Audit.objects.filter(pk=self.audit.pk).update(state=Audit.State.REPORTED)
        self.audit.refresh_from_db()
        self.assertTrue(permissions.may_acknowledge(self.head2, self.audit))
        self.assertTrue(permissions.may_see_gradings(self.head2, self.audit))
        self.assertFalse(permissions.may_acknowledge(self.auditor, self.audit))

    def test_views_refuse_an_auditor_who_is_not_on_the_audit(self):
        from django.urls import reverse

        self.login(self.auditor)
        self.assertEqual(
            self.client.get(reverse("audits:audit", args=[self.other.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.post(reverse("audits:generate", args=[self.other.pk])).status_code, 404
        )
        self.login(self.head2)
        self.assertEqual(
            self.client.post(reverse("audits:generate", args=[self.audit.pk])).status_code, 403
        )
        self.assertEqual(self.client.get(reverse("audits:auditors")).status_code, 403)


class GradingHistoryTests(AuditTestCase):
    def test_the_history_of_a_grading_is_hidden_until_the_report_is_issued(self):
        from django.urls import reverse

        from sapat.audits.models import ChecklistQuestion, Finding

        audit = self.make_audit([self.dep_b1], state=Audit.State.IN_PROGRESS)
        question = ChecklistQuestion.objects.create(audit=audit, text="Суроо")
        finding = Finding.objects.create(question=question, grade="major", evidence="далил")
        url = reverse("history", args=["audits.finding", finding.pk])
        self.login(self.rector)  # reads the university's records, not the gradings yet
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.qms)
        self.assertEqual(self.client.get(url).status_code, 200)
        Audit.objects.filter(pk=audit.pk).update(state=Audit.State.REPORTED)
        self.login(self.rector)
        self.assertEqual(self.client.get(url).status_code, 200)


class AuditHistoryTests(AuditTestCase):
    """The audit's "History" button: the people who open the audit read its history (an
    auditor on the audit used to get 404, the screen asked for the university's READ)."""

    def test_who_reads_the_history_of_an_audit_and_its_programme(self):
        from django.urls import reverse

        audit = self.make_audit([self.dep_b1], state=Audit.State.IN_PROGRESS)
        audit.team.set([self.auditor2])
        other = self.make_audit([self.dep_a1], lead=self.qms)
        url = reverse("history", args=["audits.audit", audit.pk])
        programme_url = reverse("history", args=["audits.auditprogramme", self.programme.pk])
        for name in ("auditor", "auditor2", "qms", "rector"):
            with self.subTest(name):
                self.login(getattr(self, name))
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(self.client.get(programme_url).status_code, 200)
        for name in ("head", "outsider"):  # not on it, not of dep_b1
            with self.subTest(name):
                self.login(getattr(self, name))
                self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.auditor)  # an audit they are not on stays closed, history too
        self.assertEqual(
            self.client.get(reverse("history", args=["audits.audit", other.pk])).status_code,
            404,
        )
        page = self.client.get(url)
        self.assertContains(page, audit.title)
