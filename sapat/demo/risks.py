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

# Appendix 6's research and employers risks are the register's risks 6 and 7 (same L and C,
# same owner): one record each, with the integrated table's cause added here, so that no
# passport or register shows them twice.
REGISTER_CAUSES = {
    6: "Жарыялоо үчүн мотивациянын жетишсиздиги",
}

# Appendix 6: process code, kind, unit, title, goal/cause/essence, L, C or effect,
# responsible text, positions, measures, status/mark, result
INTEGRATED = [
    ("education", "risk", "inst-tech", "Студенттердин мотивациясынын төмөндүгү",
     "Студенттердин катышуусунун жеткиликтүү эместиги", 3, 3,
     "Институттардын жана техникумдардын директорлору", ["director-tech"],
     "Мотивациялоочу программаларды киргизүү; кураторлорду колдоо; мониторинг (жыл сайын)",
     "", ""),
    ("education", "opportunity", "career", "Дуалдык билим берүүнү ишке ашыруу",
     "Билим берүүнүн сапатын жана анын практикалык багытын жогорулатуу", None,
     "Окутуунун сапатын жогорулатуу; жумуш менен камсыз кылууну жогорулатуу",
     "Карьераны өнүктүрүү жана өндүрүштүк практиканы уюштуруу бөлүмүнүн башчысы; кафедра "
     "башчылары", ["head-career"],
     "Келишимдерди түзүү; стажировкаларды уюштуруу (жыл сайын)", "completed", "positive"),
    ("research", "opportunity", "intl", "Эл аралык долбоорлорго катышууну кеңейтүү",
     "Университеттин эл аралык рейтингин жогорулатуу", None,
     "Цитирлөөнүн өсүшү; каржылоону тартуу",
     "Илимий иштер жана инновациялар боюнча проректор; эл аралык байланыштар бөлүмү",
     ["vr-research", "head-intl"],
     "Өтүнмөлөрдү даярдоо; келишимдерди түзүү (жыл сайын)", "in_progress", "positive"),
    ("employers", "opportunity", "dep-it", "Биргелешкен билим берүү долбоорлору",
     "Шериктештикти чыңдоо жана университеттин аброюн жогорулатуу", None,
     "Имиджди өркүндөтүү; окутуунун сапатын жакшыртуу",
     "Илимий иштер жана инновациялар боюнча проректор; кафедра (ПЦК) башчылары",
     ["vr-research", "head-dep-it"],
     "Семинарларды, конференцияларды, мастер-класстарды уюштуруу", "completed", "positive"),
]

# Appendix 6 marks the teaching risk «Иштеп жатат / Орто»: in progress, residual risk
# medium. The source gives no residual likelihood and consequences; the demo records the
# medium residual as L 2 × C 3 = 6 so that it also stands on the residual heat map.
INTEGRATED_RESIDUAL = {"Студенттердин мотивациясынын төмөндүгү": (2, 3)}

# Due dates of a new measure, in days from the day of the first load: a mix of overdue,
# due soon (reminders) and later.
DUE_OFFSETS = [-12, 9, 60, -3, 30, 120, 5, 90, -30, 45]
ANNUAL = "(жыл сайын)"


def _upsert(report, model, lookup: dict, values: dict):
    from .loader import upsert

    return upsert(model, report, lookup, values)


def _set_m2m(manager, wanted) -> None:
    # Only touch the relation when it differs: a second load writes nothing.
    if set(manager.all()) != set(wanted):
        manager.set(wanted)


def _measures(report, owner_field: str, owner, text: str, positions, people, counter,
              done: bool = False, offsets: list[int] | None = None) -> None:
    today = timezone.localdate()
    parts = [p.strip() for p in text.split(";") if p.strip()]
    for index, part in enumerate(parts):
        part = part[0].upper() + part[1:]
        rhythm = ""
        if ANNUAL in part:
            part, rhythm = part.replace(ANNUAL, "").strip(), "Жыл сайын"
        measure = Measure._base_manager.filter(**{owner_field: owner}, text=part).first()
        if measure is None:
            offset = offsets[index] if offsets else DUE_OFFSETS[counter[0] % len(DUE_OFFSETS)]
            if done:  # a completed opportunity's measures were done on time
                offset = -abs(offset) - 20
            measure = Measure.objects.create(
                **{owner_field: owner}, text=part, rhythm_text=rhythm,
                due_date=today + datetime.timedelta(days=offset),
                status=Measure.Status.DONE if done else Measure.Status.PLANNED,
                completed_on=today + datetime.timedelta(days=offset - 5) if done else None,
            )
            report.count("created", Measure)
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
        risk = _upsert(report, Risk, {"unit": units[unit], "title": title}, {
            "category": categories[category], "process": processes.get(process),
            "likelihood": lik, "consequences": con, "responsible_text": resp,
            "deadline_text": deadline, "residual_score": residual, "escalated": True,
            "register_number": no, "status": Risk.Status.TREATING,
            "cause": REGISTER_CAUSES.get(no, ""),
        })
        wanted = [positions[c] for c in posts if c in positions]
        _set_m2m(risk.responsible_positions, wanted)
        _measures(report, "risk", risk, measures, wanted, [], counter)
        _first_assessment(risk)

    for title, lik, con, resp, posts, measures, doers, offsets in PASSPORT:
        risk = _upsert(report, Risk, {"unit": units["dep-it"], "title": title}, {
            "likelihood": lik, "consequences": con, "responsible_text": resp,
            "process": processes.get("education"), "status": Risk.Status.TREATING,
        })
        wanted = [positions[c] for c in posts if c in positions]
        _set_m2m(risk.responsible_positions, wanted)
        _measures(report, "risk", risk, measures, [],
                  [people[u] for u in doers if u in people], counter, offsets=offsets)
        _first_assessment(risk)

    for (process, kind, unit, title, cause, lik, con_or_effect, resp, posts, measures,
         status, result) in INTEGRATED:
        wanted = [positions[c] for c in posts if c in positions]
        if kind == "risk":
            record = _upsert(report, Risk, {"unit": units[unit], "title": title}, {
                "process": processes.get(process), "cause": cause, "likelihood": lik,
                "consequences": con_or_effect, "responsible_text": resp,
                "status": Risk.Status.TREATING,
                "residual_likelihood": INTEGRATED_RESIDUAL.get(title, (None, None))[0],
                "residual_consequences": INTEGRATED_RESIDUAL.get(title, (None, None))[1],
            })
            _first_assessment(record)
        else:
            record = _upsert(report, Opportunity, {"unit": units[unit], "title": title}, {
                "process": processes.get(process), "essence": cause,
                "expected_effect": con_or_effect, "responsible_text": resp,
                "status": status, "result": result,
            })
        _set_m2m(record.responsible_positions, wanted)
        _measures(report, kind, record, measures, wanted, [], counter,
                  done=status == Opportunity.Status.COMPLETED)
