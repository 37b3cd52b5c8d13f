"""Demo risks and opportunities: the regulation's Appendices 3, 4 and 6, in Kyrgyz.

- The eight risks of the university register (Appendix 4), escalated and numbered 1–8,
  each in the unit that owns it, with the exact L, C, residual scores, responsible,
  measures and deadlines of the regulation.
- The two risks of the risk passport (Appendix 3), in the passport of dep-it.
- The risks and opportunities of the integrated table (Appendix 6), in their units.

Records are found by stable keys (unit + title; measure by owner + text). Measures get
due dates relative to the day they are first loaded (some already overdue, so reminders
and badges show); a later load never moves them, so loading twice changes nothing.
"""
from __future__ import annotations

import datetime

from django.utils import timezone

from sapat.org.models import Person, Position, Unit
from sapat.processes.models import Process
from sapat.risks import defaults
from sapat.risks.models import (
    Assessment,
    Measure,
    Opportunity,
    Risk,
    RiskBand,
    RiskCategory,
    RiskScale,
    ScaleLevel,
)

# Appendix 4. no, category code, owning unit, process, title, L, C, responsible text,
# position codes, measures ("; "-separated as in the register), deadline, residual level.
REGISTER = [
    (1, "academic", "rectorate", "education",
     "Билим берүү программаларынын Мамлекеттик билим берүү стандартынын талаптарына ылайык "
     "келбегендиги", 4, 4,
     "Окуу иштери боюнча проректор; кафедра башчылары", ["vr-academic"],
     "ДЖПны жыл сайын жаңылоо; Мамлекеттик билим берүү стандартына ылайык ички аудит; "
     "профессордук-окутуучулук курамдын квалификациясын жогорулатуу",
     "Жыл сайын, IV-квартал", 6),
    (2, "management", "rectorate", "management",
     "Башкаруу чечимдери өз убагында кабыл алынбайт", 3, 3,
     "Ректорат", ["rector"],
     "Чечимдерди кабыл алуу жол-жоболорун киргизүү; жумалык жыйындар; документ жүгүртүүнү "
     "санариптештирүү",
     "Дайыма, квартал сайын", 4),
    (3, "financial", "finance", "management",
     "Программаларды жана долбоорлорду ишке ашыруу үчүн финансылык ресурстардын "
     "чектелгендиги", 4, 5,
     "Башкы бухгалтер; финансы-экономика бөлүмүнүн башчысы",
     ["chief-accountant", "head-finance"],
     "Каржылоо булактарын диверсификациялоо; гранттарга катышуу; бюджеттен тышкаркы "
     "каражаттарды тартуу",
     "Жыл сайын пландалат, жылына бир жолу оңдолот", 10),
    (4, "technical", "digital", "facilities",
     "Маалымат тутумунун иштебей калуусу (ИС AVN, LMS, серверлер)", 3, 4,
     "Санариптештирүү жана техникалык тейлөө борборунун директору", ["director-digital"],
     "Үзгүлтүксүз камдык көчүрмөлөр; авариялык калыбына келтирүү планы; сервистик колдоо",
     "Квартал сайын", 6),
    (5, "personnel", "hr", "hr",
     "Негизги багыттарда илимий даражалуу профессордук-окутуучулук курамдын жетишсиздиги",
     3, 4,
     "Адам ресурстарын башкаруу жана укуктук камсыздоо бөлүмүнүн башчысы; институттардын "
     "директорлору", ["head-hr"],
     "Аспирантураны колдоо; практиктерди тартуу; стажировка программалары",
     "Жыл сайын", 8),
    (6, "research", "rectorate", "research",
     "Профессордук-окутуучулук курамдын жарыялоо активдүүлүгүнүн төмөндүгү, цитирлөө "
     "индексинин төмөнкү көрсөткүчү", 3, 3,
     "Илимий иштер жана инновациялар боюнча проректор", ["vr-research"],
     "Scopus/WoSто басылмаларды стимулдоо; илимий семинарларды өткөрүү; гранттык колдоо",
     "Дайыма, жыл сайын", 6),
    (7, "employers", "career", "employers",
     "Окуу процессине иш берүүчүлөрдүн жетишсиз тартылышы", 3, 3,
     "Карьераны өнүктүрүү жана өндүрүштүк практиканы уюштуруу бөлүмүнүн башчысы; ПЦКнын "
     "жетекчилери", ["head-career"],
     "Ишканалар менен келишимдерди түзүү; практикаларды жана стажировкаларды уюштуруу; "
     "тегерек столдорду өткөрүү",
     "Окуу жылынын ичинде", 6),
    (8, "image", "press", "admission",
     "Рейтингдердеги төмөнкү позициялар, терс маалыматтык чөйрө", 2, 4,
     "Басма сөз катчысы; Мамлекеттик тил, социалдык жана тарбия иштери боюнча проректор",
     ["press-secretary", "vr-social"],
     "Медиа жана социалдык тармактар менен иштөө; окуучулардын жана студенттердин "
     "жетишкендиктерин жайылтуу; PR кампаниялары",
     "Жыл сайын", 4),
]

# The register's texts in Russian: no -> (risk, responsible, measures, deadline). The
# measures are split on "; " like the Kyrgyz ones, one Russian text for each measure.
REGISTER_RU = {
    1: ("Несоответствие образовательных программ требованиям Государственного "
        "образовательного стандарта",
        "Проректор по учебной работе; заведующие кафедрами",
        "Ежегодное обновление РПД; внутренний аудит на соответствие Государственному "
        "образовательному стандарту; повышение квалификации профессорско-преподавательского "
        "состава",
        "Ежегодно, IV квартал"),
    2: ("Управленческие решения принимаются несвоевременно", "Ректорат",
        "Внедрение процедур принятия решений; еженедельные совещания; цифровизация "
        "документооборота",
        "Постоянно, ежеквартально"),
    3: ("Ограниченность финансовых ресурсов для реализации программ и проектов",
        "Главный бухгалтер; начальник финансово-экономического отдела",
        "Диверсификация источников финансирования; участие в грантах; привлечение "
        "внебюджетных средств",
        "Планируется ежегодно, корректируется один раз в год"),
    4: ("Сбой информационной системы (ИС AVN, LMS, серверы)",
        "Директор центра цифровизации и технического обслуживания",
        "Регулярное резервное копирование; план аварийного восстановления; сервисная "
        "поддержка",
        "Ежеквартально"),
    5: ("Нехватка профессорско-преподавательского состава с учёными степенями по основным "
        "направлениям",
        "Начальник отдела управления человеческими ресурсами и правового обеспечения; "
        "директора институтов",
        "Поддержка аспирантуры; привлечение практиков; программы стажировок",
        "Ежегодно"),
    6: ("Снижение публикационной активности профессорско-преподавательского состава, низкий "
        "показатель индекса цитирования",
        "Проректор по научной работе и инновациям",
        "Стимулирование публикаций в Scopus/WoS; проведение научных семинаров; грантовая "
        "поддержка",
        "Постоянно, ежегодно"),
    7: ("Недостаточное вовлечение работодателей в учебный процесс",
        "Начальник отдела развития карьеры и организации производственной практики; "
        "руководители ПЦК",
        "Заключение договоров с предприятиями; организация практик и стажировок; проведение "
        "круглых столов",
        "В течение учебного года"),
    8: ("Низкие позиции в рейтингах, негативный информационный фон",
        "Пресс-секретарь; проректор по государственному языку, социальной и воспитательной "
        "работе",
        "Работа со СМИ и социальными сетями; популяризация достижений учащихся и студентов; "
        "PR-кампании",
        "Ежегодно"),
}

# Appendix 3, the passport of a department (here dep-it, the demo head's department).
# title, L, C, responsible text, positions, measures, people responsible for the measures,
# due-date offsets (days from the first load: the head and the employee see one overdue)
PASSPORT = [
    ("Илимий даражалуу окутуучулардын жетишсиздиги", 4, 4,
     "Илимий иштер жана инновациялар боюнча проректор", ["vr-research"],
     "Квалификацияны жогорулатуу; адистерди чакыруу", ["head", "staff"], [-10, 40]),
    ("Студенттердин мотивациясы төмөн", 3, 3,
     "Институттардын жана колледждердин директорлору", ["director-tech"],
     "Мотивациялоочу программаларды ишке киргизүү", ["staff"], [7]),
]

# The passport's texts in Russian: Kyrgyz title -> (risk, responsible, measures).
PASSPORT_RU = {
    "Илимий даражалуу окутуучулардын жетишсиздиги": (
        "Нехватка преподавателей с учёными степенями",
        "Проректор по научной работе и инновациям",
        "Повышение квалификации; приглашение специалистов"),
    "Студенттердин мотивациясы төмөн": (
        "Низкая мотивация студентов", "Директора институтов и колледжей",
        "Внедрение мотивационных программ"),
}

# Appendix 6, its six example rows word for word, in its order: each row with its own
# process goal, cause or essence, inputs / outputs and indicators (the regulation words
# them per row, not as the process card does), L and C or the effect, responsible, the
# measures as written (with «(жыл сайын)»), and the completion mark. The fifth row's goal
# and inputs/outputs cells are empty in the regulation, and stay empty. The research and
# employers risks are worded more briefly than the register's risks 6 and 7, so they are
# rows of their own, in the passports of an institute.
INTEGRATED = [
    {"process": "education", "kind": "risk", "unit": "inst-tech",
     "title": "Студенттердин мотивациясынын төмөндүгү",
     "process_goal": "Сапаттуу билим берүү процессин камсыздоо",
     "cause": "Студенттердин катышуусунун жеткиликтүү эместиги",
     "inputs": "Мамлекеттик билим берүү стандарттары, окуу пландары",
     "outputs": "бүтүрүүчүлөр, баяндамалар",
     "indicators_text": "Жадыбалдын аткарылышы %; жетишүүнүн көрсөткүчү %; иш менен камсыз "
                        "болуу %",
     "likelihood": 3, "consequences": 3,
     "responsible_text": "Институттардын жана техникумдардын директорлору",
     "posts": ["director-tech"],
     "measures_text": "Мотивациялоочу программаларды киргизүү; кураторлорду колдоо; "
                      "мониторинг (жыл сайын)",
     "residual": (2, 3),
     "ru": {"title": "Низкая мотивация студентов",
            "process_goal": "Обеспечение качественного образовательного процесса",
            "cause": "Недостаточная посещаемость студентов",
            "inputs": "Государственные образовательные стандарты, учебные планы",
            "outputs": "выпускники, доклады",
            "indicators_text": "Выполнение расписания %; показатель успеваемости %; "
                               "трудоустройство %",
            "responsible_text": "Директора институтов и техникумов",
            "measures_text": "Внедрение мотивационных программ; поддержка кураторов; "
                             "мониторинг (ежегодно)"}},
    {"process": "education", "kind": "opportunity", "unit": "career",
     "title": "Дуалдык билим берүүнү ишке ашыруу",
     "essence": "Билим берүүнүн сапатын жана анын практикалык багытын жогорулатуу",
     "inputs": "Жумуш берүүчүнүн талаптары", "outputs": "Окууну аяктаган студенттер",
     "indicators_text": "Практикадан өткөн студенттердин %; ишканалар менен келишимдердин "
                        "саны",
     "expected_effect": "Окутуунун сапатын жогорулатуу; жумуш менен камсыз кылууну "
                        "жогорулатуу",
     "responsible_text": "Карьераны өнүктүрүү жана өндүрүштүк практиканы уюштуруу бөлүмүнүн "
                         "башчысы; кафедра башчылары",
     "posts": ["head-career"],
     "measures_text": "Келишимдерди түзүү; стажировкаларды уюштуруу (жыл сайын)",
     "status": "completed", "result": "positive",
     "ru": {"title": "Внедрение дуального обучения",
            "essence": "Повышение качества образования и его практической направленности",
            "inputs": "Требования работодателя", "outputs": "Студенты, завершившие обучение",
            "indicators_text": "% студентов, прошедших практику; количество договоров с "
                               "предприятиями",
            "expected_effect": "Повышение качества обучения; повышение трудоустройства",
            "responsible_text": "Начальник отдела развития карьеры и организации "
                                "производственной практики; заведующие кафедрами",
            "measures_text": "Заключение договоров; организация стажировок (ежегодно)"}},
    {"process": "research", "kind": "risk", "unit": "inst-ped",
     "title": "Профессордук-окутуучулук курамдын жарыялоо активдүүлүгүнүн төмөндүгү",
     "process_goal": "Илимий потенциалдын өнүгүүсү",
     "cause": "Жарыялоо үчүн мотивациянын жетишсиздиги",
     "inputs": "Гранттар, илимий долбоорлор", "outputs": "Макалалар, монографиялар, патенттер",
     "indicators_text": "Scopus/WoS басылмалардын саны; цитирлөө индекси",
     "likelihood": 3, "consequences": 3,
     "responsible_text": "Илимий иштер жана инновациялар боюнча проректор",
     "posts": ["vr-research"],
     "measures_text": "Басылмаларды стимулдоо; семинарлар; гранттык колдоо",
     "residual": (2, 3),
     "ru": {"title": "Снижение публикационной активности профессорско-преподавательского "
                     "состава",
            "process_goal": "Развитие научного потенциала",
            "cause": "Недостаточная мотивация к публикациям",
            "inputs": "Гранты, научные проекты", "outputs": "Статьи, монографии, патенты",
            "indicators_text": "Количество публикаций в Scopus/WoS; индекс цитирования",
            "responsible_text": "Проректор по научной работе и инновациям",
            "measures_text": "Стимулирование публикаций; семинары; грантовая поддержка"}},
    {"process": "research", "kind": "opportunity", "unit": "intl",
     "title": "Эл аралык долбоорлорго катышууну кеңейтүү",
     "essence": "Университеттин эл аралык рейтингин жогорулатуу",
     "inputs": "Эл аралык гранттык сынактар", "outputs": "Биргелешкен изилдөөлөр",
     "indicators_text": "Берилген арыздардын саны; эл аралык басылмалардын саны",
     "expected_effect": "Цитирлөөнүн өсүшү; каржылоону тартуу",
     "responsible_text": "Илимий иштер жана инновациялар боюнча проректор; эл аралык "
                         "байланыштар бөлүмү",
     "posts": ["vr-research", "head-intl"],
     "measures_text": "Өтүнмөлөрдү даярдоо; келишимдерди түзүү (жыл сайын)",
     "status": "in_progress", "result": "positive",
     "ru": {"title": "Расширение участия в международных проектах",
            "essence": "Повышение международного рейтинга университета",
            "inputs": "Международные грантовые конкурсы", "outputs": "Совместные исследования",
            "indicators_text": "Количество поданных заявок; количество международных "
                               "публикаций",
            "expected_effect": "Рост цитируемости; привлечение финансирования",
            "responsible_text": "Проректор по научной работе и инновациям; отдел "
                                "международных связей",
            "measures_text": "Подготовка заявок; заключение договоров (ежегодно)"}},
    {"process": "employers", "kind": "risk", "unit": "inst-econ",
     "title": "Окуу процессине иш берүүчүлөрдүн жетишсиз тартылышы",
     "process_goal": "", "cause": "", "inputs": "", "outputs": "",
     "indicators_text": "Келишимдердин саны; практикадагы студенттердин саны",
     "likelihood": 3, "consequences": 3,
     "responsible_text": "Карьераны өнүктүрүү жана өндүрүштүк практиканы уюштуруу бөлүмүнүн "
                         "башчысы",
     "posts": ["head-career"],
     "measures_text": "Тегерек столдор; стажировка келишимдери; биргелешкен долбоорлор",
     "residual": (2, 3),
     "ru": {"title": "Недостаточное вовлечение работодателей в учебный процесс",
            "indicators_text": "Количество договоров; количество студентов на практике",
            "responsible_text": "Начальник отдела развития карьеры и организации "
                                "производственной практики",
            "measures_text": "Круглые столы; договоры о стажировках; совместные проекты"}},
    {"process": "employers", "kind": "opportunity", "unit": "dep-it",
     "title": "Биргелешкен билим берүү долбоорлору",
     "essence": "Шериктештикти чыңдоо жана университеттин аброюн жогорулатуу",
     "inputs": "Компаниянын сунуштары", "outputs": "Конференциялар, семинарлар",
     "indicators_text": "Биргелешкен иш-чаралардын саны; түзүлгөн келишимдердин саны",
     "expected_effect": "Имиджди өркүндөтүү; окутуунун сапатын жакшыртуу",
     "responsible_text": "Илимий иштер жана инновациялар боюнча проректор; кафедра (ПЦК) "
                         "башчылары",
     "posts": ["vr-research", "head-dep-it"],
     "measures_text": "Семинарларды, конференцияларды, мастер-класстарды уюштуруу",
     "status": "completed", "result": "positive",
     "ru": {"title": "Совместные образовательные проекты",
            "essence": "Укрепление партнёрства и повышение престижа университета",
            "inputs": "Предложения компании", "outputs": "Конференции, семинары",
            "indicators_text": "Количество совместных мероприятий; количество заключённых "
                               "договоров",
            "expected_effect": "Улучшение имиджа; повышение качества обучения",
            "responsible_text": "Проректор по научной работе и инновациям; заведующие "
                                "кафедрами (ПЦК)",
            "measures_text": "Организация семинаров, конференций, мастер-классов"}},
]

# Appendix 6 marks its risks «Иштеп жатат / Орто»: in progress, residual risk medium. The
# source gives no residual likelihood and consequences; the demo records the medium
# residual as L 2 × C 3 = 6 so that it also stands on the residual heat map.

# Due dates of a new measure, in days from the day of the first load: a mix of overdue,
# due soon (reminders) and later.
DUE_OFFSETS = [-12, 9, 60, -3, 30, 120, 5, 90, -30, 45]
ANNUAL = "(жыл сайын)"
ANNUAL_RU = "(ежегодно)"


def _upsert(report, model, lookup: dict, values: dict):
    from .loader import upsert

    return upsert(model, report, lookup, values)


def _set_m2m(manager, wanted) -> None:
    # Only touch the relation when it differs: a second load writes nothing.
    if set(manager.all()) != set(wanted):
        manager.set(wanted)


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def _measures(report, owner_field: str, owner, text: str, positions, people, counter,
              done: bool = False, offsets: list[int] | None = None, text_ru: str = "") -> None:
    today = timezone.localdate()
    parts = _split(text)
    parts_ru = _split(text_ru) if text_ru else []
    assert not parts_ru or len(parts_ru) == len(parts), text_ru  # one Russian per measure
    for index, part in enumerate(parts):
        part = part[0].upper() + part[1:]
        rhythm = ""
        if ANNUAL in part:
            part, rhythm = part.replace(ANNUAL, "").strip(), "Жыл сайын"
        russian = {}
        if parts_ru:
            part_ru = parts_ru[index][0].upper() + parts_ru[index][1:]
            rhythm_ru = ""
            if ANNUAL_RU in part_ru:
                part_ru, rhythm_ru = part_ru.replace(ANNUAL_RU, "").strip(), "Ежегодно"
            russian = {"text_ru": part_ru, "rhythm_text_ru": rhythm_ru}
        measure = Measure._base_manager.filter(**{owner_field: owner}, text=part).first()
        if measure is None:
            offset = offsets[index] if offsets else DUE_OFFSETS[counter[0] % len(DUE_OFFSETS)]
            if done:  # a completed opportunity's measures were done on time
                offset = -abs(offset) - 20
            measure = Measure.objects.create(
                **{owner_field: owner}, text=part, rhythm_text=rhythm, **russian,
                due_date=today + datetime.timedelta(days=offset),
                status=Measure.Status.DONE if done else Measure.Status.PLANNED,
                completed_on=today + datetime.timedelta(days=offset - 5) if done else None,
            )
            report.count("created", Measure)
        elif any(getattr(measure, k) != v for k, v in russian.items()):
            for k, v in russian.items():
                setattr(measure, k, v)
            measure.save()
            report.count("updated", Measure)
        counter[0] += 1
        _set_m2m(measure.responsible_positions, positions)
        _set_m2m(measure.responsible_people, people)


def _first_assessment(risk: Risk) -> None:
    if not Assessment.objects.filter(risk=risk).exists():
        Assessment.objects.create(
            risk=risk, at=risk.created_at, new_likelihood=risk.likelihood,
            new_consequences=risk.consequences, new_residual_score=risk.residual_score,
            new_residual_likelihood=risk.residual_likelihood,
            new_residual_consequences=risk.residual_consequences,
            reason="Жобо боюнча баштапкы баалоо",
        )


def _scale_and_categories(report) -> dict:
    if not RiskScale.objects.exists():
        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)
        report.count("created", RiskScale)
    categories = {}
    for order, (code, (ky, ru, en)) in enumerate(defaults.CATEGORIES, start=1):
        categories[code] = _upsert(report, RiskCategory, {"code": code},
                                   {"order": order, "name": ky, "name_ru": ru, "name_en": en})
    return categories


def load_risks(report, units: dict[str, Unit]) -> None:
    """Load the regulation's risks, opportunities and measures (idempotent)."""
    categories = _scale_and_categories(report)
    positions = {p.code: p for p in Position.objects.all()}
    processes = {p.code: p for p in Process.objects.all()}
    people = {p.username: p for p in Person.objects.filter(
        username__in=["head", "staff", "director", "service"])}
    counter = [0]

    for (no, category, unit, process, title, lik, con, resp, posts, measures, deadline,
         residual) in REGISTER:
        title_ru, resp_ru, measures_ru, deadline_ru = REGISTER_RU[no]
        risk = _upsert(report, Risk, {"unit": units[unit], "title": title}, {
            "category": categories[category], "process": processes.get(process),
            "likelihood": lik, "consequences": con, "responsible_text": resp,
            "deadline_text": deadline, "residual_score": residual, "escalated": True,
            "register_number": no, "status": Risk.Status.TREATING,
            "cause": "", "title_ru": title_ru, "responsible_text_ru": resp_ru,
            "measures_text_ru": "", "deadline_text_ru": deadline_ru,
        })
        wanted = [positions[c] for c in posts if c in positions]
        _set_m2m(risk.responsible_positions, wanted)
        _measures(report, "risk", risk, measures, wanted, [], counter, text_ru=measures_ru)
        _first_assessment(risk)

    for title, lik, con, resp, posts, measures, doers, offsets in PASSPORT:
        title_ru, resp_ru, measures_ru = PASSPORT_RU[title]
        risk = _upsert(report, Risk, {"unit": units["dep-it"], "title": title}, {
            "likelihood": lik, "consequences": con, "responsible_text": resp,
            "process": processes.get("education"), "status": Risk.Status.TREATING,
            "title_ru": title_ru, "responsible_text_ru": resp_ru,
        })
        wanted = [positions[c] for c in posts if c in positions]
        _set_m2m(risk.responsible_positions, wanted)
        _measures(report, "risk", risk, measures, [],
                  [people[u] for u in doers if u in people], counter, offsets=offsets,
                  text_ru=measures_ru)
        _first_assessment(risk)

    for row in INTEGRATED:
        row = dict(row)
        process, kind, unit = row.pop("process"), row.pop("kind"), row.pop("unit")
        wanted = [positions[c] for c in row.pop("posts") if c in positions]
        russian = {f"{k}_ru": v for k, v in row.pop("ru").items()}
        row.update(russian)
        lookup = {"unit": units[unit], "title": row.pop("title")}
        if kind == "risk":
            residual = row.pop("residual")
            record = _upsert(report, Risk, lookup, {
                **row, "process": processes.get(process), "status": Risk.Status.TREATING,
                "residual_likelihood": residual[0], "residual_consequences": residual[1],
            })
            _first_assessment(record)
        else:
            record = _upsert(report, Opportunity, lookup, {
                **row, "process": processes.get(process)})
        _set_m2m(record.responsible_positions, wanted)
        _measures(report, kind, record, row["measures_text"], wanted, [], counter,
                  done=row.get("status") == Opportunity.Status.COMPLETED,
                  text_ru=row["measures_text_ru"])
