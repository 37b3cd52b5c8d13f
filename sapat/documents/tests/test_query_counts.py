"""Document pages cost the same number of queries whatever the number of rows."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.documents import services
from sapat.documents.models import Document

from .base import DocumentTestCase, docx_bytes, upload


class QueryCountTests(DocumentTestCase):
    def add_rows(self, documents: int, versions: int):
        start = Document.objects.count()
        for i in range(start, start + documents):
            d = Document.objects.create(code=f"F-{i:03}", title=f"Форма {i}", doc_type="form",
                                        owner_unit=self.dep_a1)
            d.audience_units.set([self.dep_a1, self.inst_b])
        for old in self.procedure.versions.filter(state="draft"):
            services.delete_draft(old)
        for n in range(versions):
            v = services.new_version(self.procedure, self.qms, change_summary=f"{n}",
                                     reviewers=[self.head, self.service])
            services.add_file(v, upload("a.docx", docx_bytes("a")), language="ky", by=self.qms)
            services.send_for_review(v, self.qms)
            services.comment(v, self.head, f"Пикир {n}")
            services.back_to_draft(v, self.qms)
            services.delete_draft(v) if n < versions - 1 else None

    def count(self, person, url):
        self.login(person)
        self.client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx)

    def counts(self):
        v = self.procedure.versions.order_by("-number").first()
        return {
            "register": self.count(self.qms, reverse("documents:register")),
            "register (staff)": self.count(self.staff, reverse("documents:register")),
            "detail": self.count(self.qms, self.procedure.get_absolute_url()),
            "version": self.count(self.qms, v.get_absolute_url()),
            "version in force (staff)": self.count(self.staff, self.v1.get_absolute_url()),
            "retention": self.count(self.qms, reverse("documents:retention")),
            "inbox (staff)": self.count(self.staff, reverse("inbox:list")),
        }

    def test_pages_keep_their_query_counts_from_small_to_large(self):
        self.add_rows(1, 1)
        small = self.counts()
        self.add_rows(30, 3)
        large = self.counts()
        self.assertEqual(small, large)
        self.assertEqual(large, EXPECTED)


# Measured; a change here is a change of the pages' cost, say why in the commit.
EXPECTED = {
    "register": 6,
    "register (staff)": 6,
    "detail": 17,  # 3 of them: the lists of the "where used" form
    "version": 9,
    "version in force (staff)": 12,
    "retention": 4,
    "inbox (staff)": 5,  # the whole inbox is one UNION query (sapat.inbox.registry)
}
