"""Synthetic controlled documents: `scale.documents` register entries, each with one to
three versions (the newest in force, earlier ones superseded, now and then a draft), and
each version with a small DOCX whose text is stored as extracted, for search.

The DOCX files are written as minimal packages by hand (a few hundred bytes, one
paragraph each): python-docx would take a second per hundred files.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.html import escape

from sapat.documents.models import Document, DocumentVersion, VersionFile

from .world import World

TYPES = ["procedure", "instruction", "form", "register", "minutes", "regulation", "external"]
TITLES = {
    "procedure": "{} боюнча жол-жобо",
    "instruction": "{} боюнча нускама",
    "form": "{} формасы",
    "register": "{} реестри",
    "minutes": "{} жыйынынын протоколу",
    "regulation": "{} жөнүндө жобо",
    "external": "{} боюнча мамлекеттик стандарт",
}
TOPICS = ["Окуу процесси", "Студенттердин жетишкендиги", "Илимий иштер", "Кадрлар",
          "Материалдык-техникалык камсыздоо", "Эл аралык байланыштар", "Китепкана",
          "Практика", "Бүтүрүүчүлөр", "Тарбия иштери", "Маалыматтык коопсуздук",
          "Сапатты ички баалоо", "Документ жүгүртүү", "Каржы", "Абитуриенттер"]

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def tiny_docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>"
                   for p in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                f'2006/main"><w:body>{body}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/document.xml", document)):
            # A fixed time in the package: the same text gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return out.getvalue()


def build(world: World) -> None:
    count = getattr(world.scale, "documents", 0)
    if not count:
        return
    rng = world.rng
    owners = [u for u in world.units if u.pk != world.university.pk]
    docs = []
    for n in range(1, count + 1):
        doc_type = TYPES[n % len(TYPES)]
        topic = rng.choice(TOPICS)
        owner = rng.choice(owners)
        next_review = world.today + datetime.timedelta(days=rng.randint(-60, 365))
        docs.append(Document(
            code=f"D-{n:04d}", title=TITLES[doc_type].format(topic),
            title_ru=f"Документ {n:04d}: {topic}", doc_type=doc_type, owner_unit=owner,
            university=world.university,
            confidentiality="confidential" if n % 20 == 0 else "internal",
            retention_years=rng.choice([3, 5, 10]), next_review=next_review,
            # A few documents every employee must read; most are for their own unit.
            audience_roles=",staff,head," if n % 100 == 0 else ""))
    world.write.create(Document, docs, when=lambda d: world.moment(world.days_ago(400, 900)))
    world.write.through(Document.audience_units, [(d.pk, d.owner_unit_id) for d in docs])

    versions, plan = [], []
    for d in docs:
        total = rng.choice([1, 1, 2, 3])
        start = world.days_ago(300, 1200)
        for number in range(1, total + 1):
            newest = number == total
            draft = newest and total > 1 and rng.random() < 0.1
            in_force_from = start + datetime.timedelta(days=200 * (number - 1))
            state = ("draft" if draft else "in_force" if newest
                     else "superseded")
            if draft and number > 1:
                # the version before the draft stays in force
                versions[-1].state, versions[-1].ended_on = "in_force", None
            v = DocumentVersion(
                document=d, number=number, state=state,
                change_summary=f"{number}-редакция", author_id=world.rector_id,
                created_at=world.moment(in_force_from),
                decision_no="" if draft else f"{rng.randint(1, 40)}",
                decision_date=None if draft else in_force_from,
                in_force_from=None if draft else in_force_from,
                ended_on=(in_force_from + datetime.timedelta(days=200)
                          if state == "superseded" else None))
            versions.append(v)
            plan.append((d, v))
    from .writer import dates_as_given

    with dates_as_given(DocumentVersion._meta.get_field("created_at")):
        world.write.create(DocumentVersion, versions, when=lambda v: v.created_at)

    files = []
    for d, v in plan:
        paragraphs = [f"{d.code} {d.title}", f"{v.number}-редакция.",
                      f"{rng.choice(TOPICS)} боюнча талаптар жана жоопкерчилик."]
        data = tiny_docx(paragraphs)
        name = f"{d.code}-v{v.number}.docx"
        digest = hashlib.sha256(data).hexdigest()
        # Named by content, so that the same seed writes the same rows (and a second run
        # finds its files already there).
        path = f"documents/synth/{digest[:20]}-{name}"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(data))
        files.append(VersionFile(version=v, language="ky", file=path, name=name,
                                 size=len(data), sha256=digest,
                                 text="\n".join(paragraphs), uploaded_at=v.created_at))
    with dates_as_given(VersionFile._meta.get_field("uploaded_at")):
        world.write.create(VersionFile, files, when=lambda f: f.uploaded_at)
