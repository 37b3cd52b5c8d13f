"""The demo's controlled documents (regulation §9, ISO 9001 7.5), in Kyrgyz: the QMS
regulation itself in force (its text from the seed, as a generated DOCX), the quality
policy (its approved versions carried over, with their acknowledgements), a procedure
with a new version under review, an instruction whose first version is superseded, the
minutes of an Academic Council meeting, and acknowledgements partly done.

Written through the documents' and approvals' services, so the demo obeys their rules.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sapat.approvals import services as approvals
from sapat.documents import services
from sapat.documents.approval import body_of_type
from sapat.documents.files import docx_of
from sapat.documents.models import Confidentiality, Document
from sapat.org.models import Person, Unit

SEED = Path(__file__).resolve().parent / "data" / "regulation-ky.txt"
SHARED_SEED = Path("/work/shared/seed/regulation-ky.txt")


def regulation_paragraphs() -> list[str]:
    """The regulation's Kyrgyz text as paragraphs (the seed breaks lines mid-sentence)."""
    source = SEED if SEED.exists() else SHARED_SEED
    if not source.exists():
        return ["ЖАМУнун сапат менеджмент системасы жөнүндө жобо"]
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        starts = re.match(r"^(\d+(\.\d+)*\.|[-–•]|\d+-тиркеме)", line)
        if paragraphs and not starts:
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def pdf_of(title: str, paragraphs: list[str]) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(string=f"<html><body style='font-family: DejaVu Sans'><h1>{escape(title)}"
                       f"</h1>{body}</body></html>").write_pdf()


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _deciders() -> dict:
    return {"rector": Person.objects.filter(username="rector").first(),
            "council": Person.objects.filter(username="council").first(),
            "qms": Person.objects.filter(username="qms").first()}


def draft(document, by, files: list[tuple[str, str, bytes]], summary: str,
          reviewers=()):
    version = services.new_version(document, by, change_summary=summary, reviewers=reviewers)
    for language, name, data in files:
        services.add_file(version, _file(name, data), language=language, by=by)
    return version


def approve_and_publish(version, by, decision_no: str, decided: datetime.date,
                        in_force: datetime.date):
    services.send_for_review(version, by)
    approvals.submit(version, by, check=False)
    body = body_of_type(version.document.doc_type)
    approvals.approve(version, _deciders()[body], decision_no, decided, check=False)
    version.refresh_from_db()
    services.publish(version, by, on=in_force)
    version.refresh_from_db()
    return version


def _document(units, code, title, title_ru, doc_type, owner, *, audience=(), roles=(),
              confidentiality=Confidentiality.INTERNAL, retention=5, clauses=(),
              processes=()):
    from sapat.audits.models import Clause
    from sapat.processes.models import Process

    document = Document.objects.create(
        code=code, title=title, title_ru=title_ru, doc_type=doc_type,
        owner_unit=units[owner], confidentiality=confidentiality, retention_years=retention)
    document.roles = list(roles)
    document.save()
    document.audience_units.set([units[u] for u in audience])
    document.clauses.set(Clause.objects.filter(code__in=clauses))
    document.processes.set(Process.objects.filter(code__in=processes))
    return document


def load_documents(report, units: dict[str, Unit]) -> None:
    """The demo's documents (once; a second load writes nothing)."""
    people = _deciders()
    qms = people["qms"]
    if qms is None or people["rector"] is None or people["council"] is None:
        return  # approvals need the demo's people
    if Document.objects.filter(university=units["jasu"]).exists():
        return
    today = timezone.localdate()
    head = Person.objects.filter(username="head").first()
    director = Person.objects.filter(username="director").first()

    # The regulation itself, in force since the Council's decision.
    regulation = _document(
        units, "СМС-Ж-01", "ЖАМУнун сапат менеджмент системасы жөнүндө жобо",
        "Положение о системе менеджмента качества ЖАГУ", "regulation", "apd",
        audience=["jasu"], retention=10, clauses=["4.4", "7.5"])
    paragraphs = regulation_paragraphs()
    v = draft(regulation, qms, [("ky", "smk-jobo.docx", docx_of(regulation.title, paragraphs))],
              "Биринчи редакция: ISO 9001:2015 талаптарына ылайык.")
    approve_and_publish(v, qms, "7", datetime.date(2025, 8, 29), datetime.date(2025, 9, 1))
    for person in (people["rector"], qms, head):
        if person is not None:
            services.acknowledge(v, person)
    report.count("created", Document)

    # The quality policy: its approved versions, carried over.
    from sapat.documents.policy import carry_over_policy

    carry_over_policy(owner=units["apd"], by=qms)
    report.count("created", Document)

    # A procedure: version 1 in force, version 2 under review with a comment.
    procedure = _document(
        units, "СМС-ЖЖ-03", "Ички аудит жол-жобосу", "Процедура внутреннего аудита",
        "procedure", "apd", audience=["inst-tech"], roles=["head", "director"],
        clauses=["9.2"])
    text = ["1. Максаты: ички аудиттерди пландоо жана өткөрүү тартибин аныктоо.",
            "2. Ички аудит жылына бир жолудан кем эмес ар бир процесс боюнча өткөрүлөт.",
            "3. Аудитордук топ ректордун буйругу менен түзүлөт."]
    v1 = draft(procedure, qms, [("ky", "ichki-audit-v1.docx", docx_of(procedure.title, text))],
               "Биринчи редакция.")
    approve_and_publish(v1, qms, "14", datetime.date(2025, 9, 10), datetime.date(2025, 9, 15))
    if head is not None:
        services.acknowledge(v1, head)
    reviewers = [p for p in (head, director) if p is not None]
    v2 = draft(procedure, qms, [("ky", "ichki-audit-v2.docx", docx_of(
        procedure.title, [*text, "4. Аудиттин жыйынтыгы үч жумушчу күндүн ичинде "
                          "бөлүмдүн башчысына жеткирилет."]))],
        "Аудиттин жыйынтыгын жеткирүү мөөнөтү кошулду.", reviewers=reviewers)
    services.send_for_review(v2, qms)
    if head is not None:
        services.comment(v2, head, "4-пунктта «жумушчу күн» деп так жазылсын.")
    report.count("created", Document)

    # The document control procedure: version 1 (a PDF) in force, read by the IT department.
    control = _document(
        units, "СМС-ЖЖ-04", "Документтерди башкаруу жол-жобосу",
        "Процедура управления документами", "procedure", "apd", audience=["dep-it"],
        clauses=["7.5"])
    c1 = draft(control, qms, [("ky", "dokumentter-v1.pdf", pdf_of(control.title, [
        "1. Документтер СМС бөлүмүндө катталат.",
        "2. Ар бир документ жылына бир жолу кайра каралат."]))], "Биринчи редакция.")
    approve_and_publish(c1, qms, "15", datetime.date(2025, 9, 10), datetime.date(2025, 9, 15))
    report.count("created", Document)

    # An instruction: version 1 (a PDF) superseded by version 2.
    instruction = _document(
        units, "СМС-Н-05", "Электрондук документтерди сактоо боюнча нускама",
        "Инструкция по хранению электронных документов", "instruction", "digital",
        audience=["digital", "apd"], retention=3, clauses=["7.5.3"])
    old = ["1. Документтер бөлүмдүн жалпы папкасында сакталат.",
           "2. Көчүрмөсү айына бир жолу алынат."]
    i1 = draft(instruction, qms, [("ky", "saktoo-v1.pdf", pdf_of(instruction.title, old))],
               "Биринчи редакция.")
    approve_and_publish(i1, qms, "3", datetime.date(2024, 2, 1), datetime.date(2024, 2, 5))
    new = ["1. Документтер Sapat тутумунда сакталат.",
           "2. Көчүрмөсү күн сайын автоматтык түрдө алынат."]
    i2 = draft(instruction, qms, [("ky", "saktoo-v2.pdf", pdf_of(instruction.title, new))],
               "Сактоо Sapat тутумуна өттү; көчүрмө күн сайын.")
    approve_and_publish(i2, qms, "9", datetime.date(2025, 10, 1), datetime.date(2025, 10, 6))
    report.count("created", Document)

    # Minutes of the Academic Council: confidential, for the Council.
    minutes = _document(
        units, "ОК-П-2025-01", "Окумуштуулар кеңешинин 2025-жылдын 29-августундагы "
        "жыйынынын протоколу", "Протокол заседания Учёного совета от 29 августа 2025 года",
        "minutes", "council", audience=["council"], confidentiality=Confidentiality.CONFIDENTIAL,
        retention=10)
    m = draft(minutes, qms, [("ky", "protokol.docx", docx_of(minutes.title, [
        "Күн тартиби: 1. Сапат менеджмент системасы жөнүндө жобону бекитүү.",
        "Токтом: Жобо бекитилсин (№ 7)."]))], "Протокол.")
    approve_and_publish(m, qms, "П-1", datetime.date(2025, 8, 30), datetime.date(2025, 8, 30))
    if people["council"] is not None:
        services.acknowledge(m, people["council"])
    report.count("created", Document)

    # Where the documents are used: superseding one lists these places to check.
    from sapat.audits.models import Audit
    from sapat.processes.models import Indicator, Process

    for document, record, note in (
            (regulation, Process.objects.filter(code="education").first(), "§6, §9"),
            (procedure, Audit.objects.order_by("number").first(), "2-пункт"),
            (control, Indicator.objects.live().order_by("pk").first(), "")):
        if record is not None:
            services.cite(document, record, note)

    # Reviews ahead, one due soon and one overdue, so the owner's inbox and the QMS
    # office's panel show them (the demo's decisions are dated; its "today" moves).
    for document, days in ((regulation, 240), (minutes, 300), (control, 180),
                           (procedure, 20), (instruction, -5)):
        document.next_review = today + datetime.timedelta(days=days)
        document.save_state(["next_review"])
    policy = Document.objects.filter(code="СМС-С-01", university=units["jasu"]).first()
    if policy is not None:
        policy.next_review = today + datetime.timedelta(days=200)
        policy.save_state(["next_review"])
