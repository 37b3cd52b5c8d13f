"""The demo's meetings (regulation §9.1): the Academic Council, the rectorate, the QMS
council, an institute and a department, with attendance, minutes and decisions — one
decision overdue, one done, and one waiting in the inbox of each demo person. Written
through the meetings services, so the demo obeys the same rules as the screens."""
from __future__ import annotations

import datetime

from django.utils import timezone

from sapat.meetings import services
from sapat.meetings.models import Body, Meeting
from sapat.org.models import Person

# key, kind, unit code, (ky, ru, en), secretary, members
BODIES = [
    ("council", Body.Kind.COUNCIL, "council",
     ("Окумуштуулар кеңеши", "Учёный совет", "Academic Council"), "secretary",
     ["council", "rector", "qms", "director", "head", "head2"]),
    ("rectorate", Body.Kind.RECTORATE, "rectorate",
     ("Ректораттын жыйыны", "Заседание ректората", "Rectorate meeting"), "qms",
     ["rector", "qms", "director", "service"]),
    ("qms", Body.Kind.QMS_COUNCIL, "apd",
     ("СМС боюнча кеңеш", "Совет по СМК", "QMS council"), "qms", ["qms", "auditor"]),
    ("inst-tech", Body.Kind.INSTITUTE, "inst-tech",
     ("Технологиялар институтунун жыйыны", "Заседание института технологий",
      "Institute of Technology meeting"), None, []),
    ("dep-it", Body.Kind.DEPARTMENT, "dep-it",
     ("Маалыматтык технологиялар кафедрасынын жыйыны",
      "Заседание кафедры информационных технологий", "IT department meeting"), None, []),
]

# body, number, days ago, (title ky, ru), recorder, chair, present, absent,
# agenda [(ky, ru)], minutes (ky, ru),
# decisions [(number, (ky, ru), responsible username, unit code, due in days, done?)]
MEETINGS = [
    ("council", "2", 30,
     ("Сапат менеджмент системасынын абалы", "Состояние системы менеджмента качества"),
     "secretary", "rector", ["rector", "council", "qms", "director", "head"], ["head2"],
     [("СМСтин жылдык отчету жөнүндө", "О годовом отчёте СМК"),
      ("Окуу пландарын жаңыртуу жөнүндө", "Об обновлении учебных планов")],
     ("Кеңеш СМСтин жылдык отчетун угуп, окуу пландарын жаңыртуу боюнча тапшырмаларды берди.",
      "Совет заслушал годовой отчёт СМК и дал поручения по обновлению учебных планов."),
     [("2.1", ("Маалыматтык технологиялар кафедрасынын окуу пландарын жаңыртуу",
               "Обновить учебные планы кафедры информационных технологий"),
       "head", "dep-it", 10, False),
      ("2.2", ("Кыргыз тили кафедрасынын дисциплиналарынын жумушчу программаларын бекитүү",
               "Утвердить рабочие программы дисциплин кафедры кыргызского языка"),
       "head2", "dep-kyrgyz", -5, False),
      ("2.3", ("СМСтин жылдык отчетун бөлүмдөргө жеткирүү",
               "Довести годовой отчёт СМК до подразделений"),
       "qms", "apd", 6, False),
      ("2.4", ("Кеңештин протоколун бөлүмдөргө жөнөтүү",
               "Разослать протокол совета в подразделения"),
       "secretary", "council", 3, False),
      ("2.5", ("Сапат саясатын сайтка жарыялоо", "Опубликовать политику качества на сайте"),
       "qms", "apd", -20, True)]),
    ("council", "3", -7, ("Жылдык отчетту кароо", "Рассмотрение годового отчёта"),
     "secretary", "rector", [], [],
     [("Жылдык отчетту бекитүү жөнүндө", "Об утверждении годового отчёта")], ("", ""),
     [("3.1", ("Жылдык отчетко пикир даярдоо", "Подготовить заключение по годовому отчёту"),
       "council", "council", 13, False)]),
    ("rectorate", "14", 12, ("Ректораттын кезектеги жыйыны", "Очередное заседание ректората"),
     "qms", "rector", ["rector", "qms", "director", "service"], [],
     [("Санариптештирүү жөнүндө", "О цифровизации"),
      ("СМСтин бюджети жөнүндө", "О бюджете СМК")],
     ("Ректорат санариптештирүүнүн жана СМСтин бюджетинин маселелерин карады.",
      "Ректорат рассмотрел вопросы цифровизации и бюджета СМК."),
     [("14.1", ("Электрондук журналды бардык институттарга киргизүү",
                "Внедрить электронный журнал во всех институтах"),
       "service", "digital", 7, False),
      ("14.2", ("Институттун СМС боюнча иш планын түзүү", "Составить план работы института по СМК"),
       "director", "inst-tech", 9, False),
      ("14.3", ("СМСтин бюджетин бекитүү", "Утвердить бюджет СМК"), "rector", "rectorate", 12,
       False)]),
    ("qms", "5", 8, ("Ички аудиттин жыйынтыктары", "Итоги внутреннего аудита"),
     "qms", "qms", ["qms", "auditor"], [],
     [("Ички аудиттин жыйынтыктары жөнүндө", "Об итогах внутреннего аудита")],
     ("Кеңеш ички аудиттин жыйынтыктарын карады.", "Совет рассмотрел итоги внутреннего аудита."),
     [("5.1", ("Аудиттин текшерүү баракчаларын жаңыртуу", "Обновить чек-листы аудита"),
       "auditor", "apd", 8, False)]),
    ("dep-it", "4", 5, ("Кафедранын жыйыны", "Заседание кафедры"),
     "head", "head", ["head", "staff"], [],
     [("Окуу-усулдук комплекстер жөнүндө", "Об учебно-методических комплексах")],
     ("Кафедра окуу-усулдук комплекстерди даярдоону талкуулады.",
      "Кафедра обсудила подготовку учебно-методических комплексов."),
     [("4.1", ("Окуу-усулдук комплекстерди даярдоо", "Подготовить учебно-методические комплексы"),
       "staff", "dep-it", 5, False)]),
]


def load_meetings(report, units: dict) -> None:
    bodies = {}
    people = {p.username: p for p in Person.objects.filter(
        username__in={"rector", "qms", "director", "head", "head2", "service", "council",
                      "auditor", "staff", "secretary"})}
    for key, kind, unit, (ky, ru, en), secretary, members in BODIES:
        body = Body.objects.filter(kind=kind, unit=units[unit]).first()
        if body is None:
            body = Body.objects.create(kind=kind, unit=units[unit], name=ky, name_ru=ru,
                                       name_en=en, secretary=people.get(secretary or ""))
            body.members.set([people[m] for m in members if m in people])
            report.count("created", Body)
        bodies[key] = body
    if len(people) < 10:
        return  # meetings are recorded by the demo people
    today = timezone.localdate()
    for (body, number, ago, (title, title_ru), recorder, chair, present, absent, agenda,
         (minutes, minutes_ru), decisions) in MEETINGS:
        if Meeting.objects.filter(body=bodies[body], number=number).exists():
            continue
        by = people[recorder]
        held = today - datetime.timedelta(days=ago)
        meeting = services.meeting_create(
            by=by, body=bodies[body], number=number, held_on=held, title=title,
            title_ru=title_ru, chair=people[chair],
            status=Meeting.Status.HELD if ago > 0 else Meeting.Status.PLANNED)
        for ky, ru in agenda:
            services.agenda_add(meeting=meeting, by=by, title=ky, title_ru=ru)
        for name in present:
            services.attendance_set(meeting=meeting, by=by, person=people[name], present=True)
        for name in absent:
            services.attendance_set(meeting=meeting, by=by, person=people[name], present=False,
                                    note="Иш сапарында")
        if minutes:
            meeting.refresh_from_db()
            services.meeting_update(meeting=meeting, by=by, expected_version=meeting.version,
                                    minutes=minutes, minutes_ru=minutes_ru)
        for n, (ky, ru), who, unit, due, done in decisions:
            decision = services.decision_create(
                meeting=meeting, by=by, number=n, text=ky, text_ru=ru, people=[people[who]],
                responsible_unit=units[unit], due_date=today + datetime.timedelta(days=due))
            if done:
                services.decision_complete(decision=decision, by=people[who],
                                           expected_version=decision.version,
                                           on=today + datetime.timedelta(days=due - 2),
                                           result="Аткарылды")
        report.count("created", Meeting)
