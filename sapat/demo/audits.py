"""The demo's internal audit year (regulation §8.2): this academic year's programme,
approved by the rector, with audits of several processes in each state and findings of
each grade. Written through the audit services, so the demo obeys the same rules
(impartiality, approval before the audits start, every question graded before a report).
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from sapat.audits import checklist, clauses_data, services
from sapat.audits.models import Audit, AuditorQualification, AuditProgramme, Clause, Finding
from sapat.org.models import AcademicYear, Person, Unit
from sapat.processes.models import Process

G = Finding.Grade
# title (ky), unit, process, clauses, state, days from today to the start, grades
AUDITS = [
    (
        "Кадрларды башкаруу процессинин ички аудити",
        "hr",
        "hr",
        ["7.1", "7.2", "7.3"],
        Audit.State.CLOSED,
        -60,
        [G.CONFORMING, G.OBSERVATION, G.OFI],
    ),
    (
        "Билим берүү процессинин ички аудити: Маалыматтык технологиялар кафедрасы",
        "dep-it",
        "education",
        ["8.5", "9.1"],
        Audit.State.REPORTED,
        -20,
        [G.MINOR, G.MAJOR, G.CONFORMING],
    ),
    (
        "Эл аралык байланыштар процессинин ички аудити",
        "intl",
        "international",
        ["8.2"],
        Audit.State.IN_PROGRESS,
        -1,
        [G.CONFORMING, G.OFI],
    ),
    (
        "Илимий иш процессинин ички аудити: Экономика институту",
        "inst-econ",
        "research",
        ["9.1"],
        Audit.State.PLANNED,
        -10,
        [],
    ),
    (
        "Материалдык-техникалык камсыздоо процессинин ички аудити",
        "digital",
        "facilities",
        ["7.1"],
        Audit.State.PLANNED,
        30,
        [],
    ),
]
EVIDENCE = {
    G.CONFORMING: "Документтер жана жазуулар талапка ылайык; 5 үлгү текшерилди.",
    G.MINOR: "3 окуу программасынын 1инде баалоо критерийлери жок.",
    G.MAJOR: "Көрсөткүчтүн маанилери 2 жылдан бери талданган эмес; түзөтүүчү чара жок.",
    G.OBSERVATION: "Журналдар кол менен толтурулат, айрым жазуулар окулбайт.",
    G.OFI: "Сурамжылоонун жыйынтыктарын электрондук түрдө чогултуу сунушталат.",
}


def load_audits(report, units: dict[str, Unit]) -> None:
    """This year's programme with its audits (once; a second load writes nothing)."""
    clauses_data.install(Clause)
    year = AcademicYear.objects.filter(is_current=True).first()
    auditor = Person.objects.filter(username="auditor").first()
    rector = Person.objects.filter(username="rector").first()
    if year is None or auditor is None or rector is None:
        return  # the audit year needs the demo's people
    if AuditProgramme.objects.filter(university=units["jasu"], year=year).exists():
        return
    team_member = Person.objects.filter(username="head2").first()
    for person in (auditor, team_member):
        if person is not None:
            AuditorQualification.objects.get_or_create(
                person=person,
                university=units["jasu"],
                defaults={
                    "basis": "ISO 19011 боюнча ички аудиторлордун курсу, 2025",
                    "qualified_on": datetime.date(2025, 6, 20),
                },
            )
    programme = AuditProgramme.objects.create(
        university=units["jasu"],
        year=year,
        objectives="СМСтин ISO 9001:2015 талаптарына жана ЖАМУнун жобосуна ылайыктуулугун "
        "текшерүү; ар бир процесс жылына бир жолудан кем эмес текшерилет.",
    )
    report.count("created", AuditProgramme)
    today = timezone.localdate()
    processes = {p.code: p for p in Process.objects.all()}
    planned = []
    with translation.override("ky"):
        for title, unit, process, codes, state, offset, grades in AUDITS:
            start = today + datetime.timedelta(days=offset)
            end = start + datetime.timedelta(days=2)
            team = [team_member] if team_member and unit in ("hr", "digital") else []
            audit = services.audit_plan(
                programme=programme,
                by=None,
                units=[units[unit]],
                processes=[processes[process]] if process in processes else [],
                clauses=list(Clause.objects.filter(code__in=codes)),
                team=team,
                fields={
                    "title": title,
                    "lead_auditor": auditor,
                    "planned_start": start,
                    "planned_end": end,
                    "opening_meeting": start,
                    "closing_meeting": end,
                    "regulation_sections": "6.2, 7.2, 8.2",
                    "objectives": "Процесстин натыйжалуулугун жана тобокелдиктерди "
                    "башкарууну баалоо.",
                },
            )
            planned.append((audit, state, grades))
            report.count("created", Audit)
        qms = Person.objects.filter(username="qms").first()
        services.submit_programme(programme=programme, by=qms or rector)
        services.approve_programme(
            programme=programme,
            by=rector,
            decision_no="СМС-07",
            decision_date=year.start + datetime.timedelta(days=14),
        )
        for audit, state, grades in planned:
            if state == Audit.State.PLANNED:
                continue
            services.audit_start(audit=audit, by=auditor)
            checklist.generate(audit)
            questions = list(audit.questions.order_by("order")[:6])
            keep = len(questions) if state != Audit.State.IN_PROGRESS else 2
            for i, question in enumerate(questions[:keep]):
                grade = grades[i] if i < len(grades) else G.CONFORMING
                services.finding_record(
                    question=question,
                    by=auditor,
                    grade=grade,
                    evidence=EVIDENCE[grade],
                    sample="40 документтин 5и",
                )
            if state == Audit.State.IN_PROGRESS:
                continue
            for question in audit.questions.live().filter(finding__isnull=True):
                services.question_remove(question=question, by=auditor)
            services.audit_issue_report(
                audit=audit,
                by=auditor,
                summary="Процесс негизинен талаптарга ылайык иштейт; табылгалар төмөндө.",
                strengths="Жооптуу кызматкерлердин даярдыгы жана ачыктыгы.",
            )
            if state == Audit.State.CLOSED:
                services.audit_close(audit=audit, by=rector)
