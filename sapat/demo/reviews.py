"""The demo's management reviews (ISO 9001 9.3): last year's review held by the rector and
approved — its inputs frozen, its decisions followed up as actions, one of them overdue —
and this year's in preparation; the registers the QMS office keeps for input b) and d);
last year's annual QMS report, returned once by the Academic Council and then approved.
Written through the services, so the demo obeys the same rules."""
from __future__ import annotations

import datetime

from django.utils import timezone

from sapat.approvals import services as approvals
from sapat.org.models import AcademicYear, Person, Unit
from sapat.reviews import services
from sapat.reviews.models import ContextIssue, ManagementReview, ResourceReport

# kind, (ky, ru), (what changed ky, ru), days before today
CONTEXT = [
    ("external", ("«Билим берүү жөнүндө» мыйзамдын жаңы редакциясы",
                  "Новая редакция закона «Об образовании»"),
     ("Программаларды аккредитациялоого жаңы талаптар киргизилди",
      "Введены новые требования к аккредитации программ"), 120),
    ("external", ("Региондогу мектеп бүтүрүүчүлөрүнүн санынын азайышы",
                  "Снижение числа выпускников школ в регионе"),
     ("Кабыл алуу планы 8% га кыскарды", "План приёма сокращён на 8%"), 60),
    ("internal", ("Жаңы окутуу платформасына өтүү", "Переход на новую платформу обучения"),
     ("Бардык кафедралар платформага туташты", "Все кафедры подключены к платформе"), 30),
    ("party", ("Иш берүүчүлөр: практикалык көндүмдөргө талап",
               "Работодатели: требования к практическим навыкам"),
     ("", ""), 500),
    ("party", ("Студенттер: окутуунун сапаты жана санариптик кызматтар",
               "Студенты: качество обучения и цифровые сервисы"),
     ("Сурамжылоо санариптик кызматтарга канааттанбоону көрсөттү",
      "Опрос показал неудовлетворённость цифровыми сервисами"), 45),
]
# unit, adequacy, (ky, ru), days before today
RESOURCES = [
    ("dep-it", "partly", ("Компьютердик лабораториялардын жабдуулары эскирген",
                          "Оборудование компьютерных лабораторий устарело"), 40),
    ("digital", "adequate", ("Серверлер жана тармак жетиштүү", "Серверов и сети достаточно"),
     35),
    ("hr", "lacking", ("Англис тилин билген окутуучулар жетишпейт",
                       "Не хватает преподавателей со знанием английского"), 25),
]
# kind, (ky, ru), unit, responsible username, due (days from today), done
OUTPUTS = [
    ("resource", ("Эки компьютердик лабораторияны жаңылоо",
                  "Обновить две компьютерные лаборатории"), "dep-it", "head", -20, True),
    ("change", ("Студенттердин канааттануусун семестр сайын өлчөө",
                "Измерять удовлетворённость студентов каждый семестр"), "apd", "qms", 10, False),
    ("improvement", ("Иш берүүчүлөр менен практика боюнча келишимдерди көбөйтүү",
                     "Увеличить число договоров о практике с работодателями"), "dep-it", "head",
     -20, False),
]


def load_reviews(report, units: dict[str, Unit]) -> None:
    """Once: a second load writes nothing."""
    rector = Person.objects.filter(username="rector").first()
    qms = Person.objects.filter(username="qms").first()
    council = Person.objects.filter(username="council").first()
    head = Person.objects.filter(username="head").first()
    current = AcademicYear.objects.filter(is_current=True).first()
    if None in (rector, qms, council, head, current):
        return
    university = units["jasu"]
    if ManagementReview.objects.filter(university=university).exists():
        return
    last = AcademicYear.objects.filter(start__lt=current.start).order_by("-start").first()
    if last is None:
        return
    today = timezone.localdate()
    people = {p.username: p for p in Person.objects.filter(username__in=["head", "qms"])}
    for kind, (ky, ru), (change, change_ru), days in CONTEXT:
        ContextIssue.objects.create(university=university, kind=kind, text=ky, text_ru=ru,
                                    change=change, change_ru=change_ru,
                                    changed_on=today - datetime.timedelta(days=days))
    for unit, adequacy, (ky, ru), days in RESOURCES:
        ResourceReport.objects.create(unit=units[unit], year=current, adequacy=adequacy,
                                      text=ky, text_ru=ru,
                                      reported_on=today - datetime.timedelta(days=days))

    # Last year's review: held at the end of that year, approved by the rector.
    held_on = min(last.end - datetime.timedelta(days=10), today - datetime.timedelta(days=90))
    review = services.review_create(university=university, year=last, by=qms,
                                    planned_on=held_on)
    review = services.review_hold(
        review=review, by=rector, held_on=held_on, expected_version=review.version,
        attendees="Б. Асанов (төрага), Г. Токтосунова, Н. Жумабаев, А. Орозбаева",
        minutes="СМСтин жылдык натыйжалары каралды; үч чечим кабыл алынды.",
        minutes_ru="Рассмотрены годовые результаты СМК; принято три решения.")
    for kind, (ky, ru), unit, who, due_days, done in OUTPUTS:
        # The third decision was due 20 days ago and is still open: overdue.
        due = today + datetime.timedelta(days=due_days)
        output = services.output_add(review=review, by=rector, kind=kind, text=ky, text_ru=ru,
                                     unit=units[unit], due_date=due, people=[people[who]])
        if done:
            services.output_complete(output=output, by=people[who],
                                     expected_version=output.version,
                                     on=due - datetime.timedelta(days=5),
                                     result="Аткарылды: 30 компьютер алмаштырылды.")
    approvals.submit(review, qms)
    approvals.approve(review, rector, "12-Б", held_on + datetime.timedelta(days=3))

    # This year's review, in preparation: it waits for the QMS office and the rector.
    services.review_create(university=university, year=current, by=qms,
                           planned_on=today + datetime.timedelta(days=20))

    # Last year's annual QMS report: returned once by the council, then approved.
    annual = services.annual_generate(university=university, year=last, by=qms)
    annual = services.annual_edit(report=annual, by=qms, expected_version=annual.version, texts={
        "summary": "СМС жыл ичинде натыйжалуу иштеди; сапат максаттарынын көбү аткарылды.",
        "c2": "Сапат максаттары негизинен аткарылды.",
    })
    approvals.submit(annual, qms)
    approvals.return_(annual, council, "Процесстердин натыйжалуулугу (c3) боюнча корутунду жок.")
    annual.refresh_from_db()
    annual = services.annual_edit(report=annual, by=qms, expected_version=annual.version, texts={
        **annual.texts,
        "c3": "Процесстердин көпчүлүгү максаттуу деңгээлге жетти; кабыл алуу процесси артта.",
    })
    approvals.submit(annual, qms)
    approvals.approve(annual, council, "5", min(today, last.end + datetime.timedelta(days=40)))
    report.count("created", ManagementReview)
