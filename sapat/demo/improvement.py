"""The demo's nonconformities (regulation §8.4): the two of the issued audit report of the
IT department, and others from a complaint, a red KPI, the management review and staff —
one at each step, one judged ineffective and reopened. Written through the improvement
services, in Kyrgyz with Russian texts."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone, translation

from sapat.improvement import services
from sapat.improvement.models import Nonconformity, Step
from sapat.org.models import Person, Unit
from sapat.processes.models import Indicator, Process

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (source, unit, process, ky, ru, the step it is taken to)
OTHERS = [
    ("complaint", "digital", "facilities",
     "Окуу корпусундагы Wi-Fi тармагы сабак учурунда үзгүлтүккө учурайт (студенттердин арызы).",
     "Сеть Wi-Fi в учебном корпусе прерывается во время занятий (жалоба студентов).",
     Step.DECISION),
    ("review", "dep-it", "education",
     "Жетекчиликтин талдоосу: бүтүрүүчүлөрдүн сурамжылоосу эки жыл өткөрүлгөн эмес.",
     "Анализ со стороны руководства: опрос выпускников не проводился два года.",
     Step.CAUSE),
    ("kpi", "dep-it", "education",
     "Көрсөткүч кызыл: сессиянын натыйжалары максаттан төмөн.",
     "Показатель красный: результаты сессии ниже целевого значения.",
     Step.REVIEW),
    ("other", "dep-it", "education",
     "Окуу залында коопсуздук эрежелери илинген эмес.",
     "В учебном зале не вывешены правила безопасности.",
     Step.RISKS),
    ("complaint", "dep-it", "education",
     "Сабактардын жүгүртмөсү студенттерге кеч жарыяланды.",
     "Расписание занятий опубликовано для студентов с опозданием.",
     Step.CLOSED),
]


# The root cause's category of each demo nonconformity, by the step it is taken to.
CAUSES = {Step.REVIEW: "measurement", Step.RISKS: "environment", Step.CLOSED: "people"}


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF, name=name)


def _run(nc: Nonconformity, to: str, *, head, staff, qms, risk=None,
         category: str = "methods") -> None:
    """Take `nc` through its steps up to `to` (each step by whom it belongs to)."""
    today = timezone.localdate()
    fresh = lambda: Nonconformity.objects.get(pk=nc.pk)  # noqa: E731
    order = list(Step.values)
    if order.index(to) <= order.index(Step.CORRECTION):
        return
    services.record_correction(
        nc=fresh(), by=head, text="Дароо оңдолду, жооптуу кызматкерге эскертүү берилди.",
        text_ru="Исправлено сразу, ответственному сотруднику сделано замечание.",
        done_by=head, done_on=today - datetime.timedelta(days=5))
    if to == Step.DECISION:
        return
    services.decide_action(
        nc=fresh(), by=head, needed=True,
        reason="Себеби жоюлбаса кайталанышы мүмкүн.",
        reason_ru="Может повториться, если не устранить причину.")
    if to == Step.CAUSE:
        return
    services.record_cause(
        nc=fresh(), by=head, method="whys", category=category,
        root_cause="Иштин тартиби жана мөөнөттөрү жазылган эмес.",
        root_cause_ru="Порядок и сроки работы не прописаны.",
        causes=[
            {"text": "Эмне үчүн кечикти? Жооптуу белгиленген эмес.",
             "evidence": "Кафедранын отурумунун протоколу №4"},
            {"text": "Эмне үчүн белгиленген эмес? Жободо мөөнөт жок.",
             "evidence": "Кафедранын жобосу, 3-бөлүм"},
        ])
    action = services.action_add(
        nc=fresh(), by=head, text="Жобого мөөнөттөрдү жана жооптууну киргизүү.",
        text_ru="Внести в положение сроки и ответственного.",
        due_date=today + datetime.timedelta(days=14), people=[staff])
    if to == Step.ACTIONS:
        return
    services.action_complete(action=action, by=staff, expected_version=action.version,
                             result="Жобо жаңыланды, кафедранын отурумунда бекитилди.",
                             evidence=_pdf("zhobo.pdf"), on=today - datetime.timedelta(days=1))
    if to == Step.REVIEW:
        return
    services.judge(nc=fresh(), by=qms, verdict="effective",
                   reason="Кийинки айда кайталанган жок.",
                   reason_ru="В следующем месяце не повторилось.")
    if to == Step.RISKS:
        return
    if risk is not None:
        services.decide_risks(nc=fresh(), by=head, kind="reassess", risk=risk,
                              likelihood=max(1, risk.likelihood - 1),
                              consequences=risk.consequences,
                              reason="Чара ыктымалдуулукту азайтты.",
                              reason_ru="Мера снизила вероятность.")
    else:
        services.decide_risks(nc=fresh(), by=head, kind="no_change",
                              reason="Тобокелдиктердин паспорту бул учурду камтыйт.",
                              reason_ru="Паспорт рисков уже охватывает этот случай.")
    if to == Step.CLOSURE:
        return
    services.close(nc=fresh(), by=qms)


def _reopened(nc: Nonconformity, *, head, staff, qms) -> None:
    """The major finding: actions done, judged ineffective, reopened with a new action
    that is now overdue."""
    today = timezone.localdate()
    _run(nc, Step.REVIEW, head=head, staff=staff, qms=qms)
    services.judge(nc=Nonconformity.objects.get(pk=nc.pk), by=qms, verdict="ineffective",
                   reason="Көрсөткүчтүн маанилери дагы эле талданбайт.",
                   reason_ru="Значения показателя по-прежнему не анализируются.")
    action = services.action_add(
        nc=Nonconformity.objects.get(pk=nc.pk), by=head,
        text="Ар бир семестрде көрсөткүчтөрдү талдоо жыйынын өткөрүү.",
        text_ru="Проводить совещание по анализу показателей каждый семестр.",
        due_date=today - datetime.timedelta(days=3), people=[staff])
    assert action.is_overdue


def load_improvement(report, units: dict[str, Unit]) -> None:
    """Once: a second load writes nothing."""
    people = {p.username: p for p in Person.objects.filter(
        username__in=["head", "staff", "qms", "service"])}
    if len(people) < 4 or Nonconformity.objects.exclude(source="audit").exists():
        return
    head, staff, qms, service = (people[k] for k in ("head", "staff", "qms", "service"))
    processes = {p.code: p for p in Process.objects.all()}
    # The regulation's risks keep the levels of its appendices (the passport, the register
    # and their tests read them): the demo's closed nonconformity decides "no change"; the
    # browser test re-assesses a risk through the screens.
    risk = None
    with translation.override("ky"):
        for nc in Nonconformity.objects.filter(source="audit").select_related("finding"):
            if nc.state != Step.CORRECTION:
                continue
            if nc.grade == Nonconformity.Grade.MAJOR:
                _reopened(nc, head=head, staff=staff, qms=qms)
            # The minor one waits at its correction: the e2e test and the demo start there.
        for source, unit, process, ky, ru, to in OTHERS:
            indicator = None
            if source == "kpi":
                indicator = Indicator.objects.filter(process__code=process).order_by("pk").first()
            nc = services.nonconformity_create(
                by=qms, unit=units[unit], source=source, description=ky, description_ru=ru,
                process=processes.get(process), indicator=indicator,
                reported_on=timezone.localdate() - datetime.timedelta(days=40),
            )
            report.count("created", Nonconformity)
            runner = service if unit == "digital" else head
            # Different causes: the one recurrence of the demo is the audit's minor finding.
            _run(nc, to, head=runner, staff=staff, qms=qms,
                 risk=risk if to == Step.CLOSED else None,
                 category="equipment" if unit == "digital" else CAUSES.get(to, "materials"))
