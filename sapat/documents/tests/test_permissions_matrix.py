"""Who may do what with documents, role by role, through `documents.permissions`."""
from sapat.documents import permissions
from sapat.documents.services import new_version

from .base import DocumentTestCase


class DocumentPermissionMatrixTests(DocumentTestCase):
    def people(self):
        return {name: getattr(self, name) for name in (
            "rector", "qms", "director", "head", "head2", "service", "council", "auditor",
            "staff", "outsider")}

    # name -> (reads P-01, reads confidential C-01, drafts P-01, drafts C-01,
    #          acknowledges P-01 v1, administers, creates documents)
    MATRIX = {
        "rector": (True, False, False, False, False, False, False),
        "qms": (True, True, True, True, False, True, True),
        "director": (True, False, True, False, False, False, True),
        "head": (True, False, True, False, True, False, True),
        "head2": (True, True, False, True, True, False, True),
        "service": (True, False, False, False, False, False, True),
        "council": (True, False, False, False, False, False, False),
        "auditor": (True, False, False, False, False, False, False),
        "staff": (True, False, False, False, True, False, False),
        "outsider": (False, False, False, False, False, False, False),
    }

    def test_the_matrix(self):
        for name, person in self.people().items():
            with self.subTest(person=name):
                got = (
                    permissions.may_read(person, self.procedure),
                    permissions.may_read(person, self.secret),
                    permissions.may_draft(person, self.procedure),
                    permissions.may_draft(person, self.secret),
                    permissions.may_acknowledge(person, self.v1),
                    permissions.administers(person, self.procedure),
                    permissions.may_create(person),
                )
                self.assertEqual(got, self.MATRIX[name])

    def test_lists_show_what_each_may_read(self):
        for name, person in self.people().items():
            with self.subTest(person=name):
                codes = set(permissions.documents_visible_to(person).values_list(
                    "code", flat=True))
                expected = {c for c, readable in (
                    ("P-01", self.MATRIX[name][0]), ("C-01", self.MATRIX[name][1]))
                    if readable}
                self.assertEqual(codes, expected)

    def test_reviewers_comment_and_the_body_approves(self):
        v2 = new_version(self.procedure, self.qms, reviewers=[self.service])
        v2.state = "review"
        self.assertTrue(permissions.may_comment(self.service, v2))
        self.assertFalse(permissions.may_comment(self.staff, v2))
        self.assertFalse(permissions.may_read_version_files(self.staff, v2))
        self.assertTrue(permissions.may_read_version_files(self.service, v2))
        self.assertTrue(permissions.may_read_version_files(self.rector, v2))

    def test_a_confidential_document_is_404_outside(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.secret.get_absolute_url()).status_code, 404)
        self.login(self.head2)
        self.assertEqual(self.client.get(self.secret.get_absolute_url()).status_code, 200)
