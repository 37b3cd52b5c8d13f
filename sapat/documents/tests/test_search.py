"""Documents in the one search: found by a word of their file's text in another form, only
by those who may read them, the version in force only, at a fixed cost per page."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sapat.documents import services
from sapat.documents.models import Document
from sapat.search import index

from .base import DocumentTestCase, docx_bytes, pdf_bytes, upload

URL = reverse("search:results")


def found(person, query) -> list[str]:
    return [h.url for g in index.search(person, query, kinds=["document"]) for h in g.hits]


class DocumentSearchTests(DocumentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lab = Document.objects.create(
            code="I-07", title="Жабдууларды тейлөө нускамасы", doc_type="instruction",
            owner_unit=cls.dep_a1)
        cls.put_in_force(cls.lab, docx_bytes("Лабораториялык жабдууларды калибрлөө тартиби"),
                         pdf=pdf_bytes("Калибровка лабораторного оборудования"))
        cls.put_in_force(cls.secret, docx_bytes("Сынак суроолорун сактоо тартиби"))
        index.rebuild()

    def test_a_kyrgyz_word_of_the_files_text_in_another_form_finds_the_document(self):
        self.assertEqual(found(self.staff, "калибрлөөнүн"), [self.lab.get_absolute_url()])

    def test_a_russian_word_in_another_form_finds_it_too(self):
        self.assertEqual(found(self.staff, "оборудование"), [self.lab.get_absolute_url()])

    def test_title_and_code_find_it(self):
        self.assertIn(self.lab.get_absolute_url(), found(self.staff, "нускамалар"))
        self.assertIn(self.procedure.get_absolute_url(), found(self.staff, "P-01"))

    def test_a_confidential_document_is_found_only_by_its_readers(self):
        secret = self.secret.get_absolute_url()
        self.assertEqual(found(self.head2, "суроолордун"), [secret])
        for person in (self.head, self.staff, self.outsider):
            with self.subTest(person=person.username):
                self.assertEqual(found(person, "суроолордун"), [])
                self.assertEqual(found(person, "жашыруун"), [])

    def test_only_the_version_in_force_is_searched(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.put_in_force(self.lab, docx_bytes("Жаңы текст: термометрлерди текшерүү"))
        self.assertEqual(found(self.staff, "термометрлер"), [self.lab.get_absolute_url()])
        self.assertEqual(found(self.staff, "калибрлөөнүн"), [])

    def test_a_draft_is_not_searched(self):
        with self.captureOnCommitCallbacks(execute=True):
            draft = services.new_version(self.procedure, self.qms)
            services.add_file(draft, upload("d.docx", docx_bytes("Долбоордун сөзү: гидрант")),
                              language="ky", by=self.qms)
        self.assertEqual(found(self.qms, "гидранттар"), [])
        self.assertIn(self.procedure.get_absolute_url(), found(self.qms, "аудиттин"))

    def test_a_withdrawn_document_loses_its_text(self):
        v = self.lab.versions.get(state="in_force")
        with self.captureOnCommitCallbacks(execute=True):
            services.withdraw(v, self.qms)
        self.assertEqual(found(self.staff, "калибрлөөнүн"), [])
        self.assertEqual(found(self.staff, "нускамалар"), [self.lab.get_absolute_url()])

    def test_an_archived_document_is_not_found(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.lab.archive()
        self.assertEqual(found(self.qms, "нускамалар"), [])

    def _count(self, person, query):
        self.login(person)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(URL, {"q": query})
        self.assertEqual(response.status_code, 200)
        return len(ctx)

    def test_the_search_page_costs_the_same_with_many_documents(self):
        small = {p.username: self._count(p, "тартиби") for p in (self.qms, self.staff, self.head2)}
        for i in range(40):
            d = Document.objects.create(code=f"F-{i:03}", title=f"Каттоо тартиби {i}",
                                        doc_type="form", owner_unit=self.dep_b1,
                                        confidentiality="confidential" if i % 2 else "internal")
            d.audience_units.set([self.inst_b])
        index.rebuild()
        large = {p.username: self._count(p, "тартиби") for p in (self.qms, self.staff, self.head2)}
        self.assertEqual(small, large)
