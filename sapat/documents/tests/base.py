"""The documents tests' world: the named people of `SapatTestCase` and a few documents.

- `procedure` (P-01), owned by dep_a1, internal, audience: dep_a1 and every head, with
  version 1 in force (a DOCX and a PDF).
- `secret` (C-01), owned by dep_b1, confidential, audience: inst_b.
"""
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from sapat.approvals import services as approvals
from sapat.documents import services
from sapat.documents.models import Confidentiality, Document
from sapat.test import SapatTestCase

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


class DocumentTestCase(SapatTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.procedure = Document.objects.create(
            code="P-01", title="Ички аудит жол-жобосу", title_ru="Процедура внутреннего аудита",
            doc_type="procedure", owner_unit=cls.dep_a1, retention_years=3)
        cls.procedure.audience_units.set([cls.dep_a1])
        cls.procedure.roles = ["head"]
        cls.procedure.save()
        cls.v1 = cls.put_in_force(cls.procedure, docx_bytes("Биринчи версия текст"),
                                  pdf=pdf_bytes("First version text"))
        cls.secret = Document.objects.create(
            code="C-01", title="Жашыруун буйрук", doc_type="instruction",
            owner_unit=cls.dep_b1, confidentiality=Confidentiality.CONFIDENTIAL)
        cls.secret.audience_units.set([cls.inst_b])

    @classmethod
    def put_in_force(cls, document, docx, *, pdf=None, by=None):
        by = by or cls.qms
        version = services.new_version(document, by, change_summary="Биринчи чыгарылыш")
        services.add_file(version, upload("text.docx", docx), language="ky", by=by)
        if pdf:
            services.add_file(version, upload("text.pdf", pdf), language="ru", by=by)
        services.send_for_review(version, by)
        approvals.submit(version, by, check=False)
        body_person = {"rector": cls.rector, "council": cls.council, "qms": cls.qms}
        from sapat.documents.approval import body_of_type

        approvals.approve(version, body_person[body_of_type(document.doc_type)], "12",
                          datetime.date.today() - datetime.timedelta(days=1))
        version.refresh_from_db()
        services.publish(version, by)
        version.refresh_from_db()
        return version
