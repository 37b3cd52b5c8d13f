"""Demo KPIs (§8.1 monitoring areas) with three past years of values, and objectives.

The current academic year has no values (it has not ended; nobody is asked for it yet),
and the IT department has not entered last year's academic achievement: its head sees on
the dashboard the value that is due (`sapat.processes.due`).
"""
import datetime
from decimal import Decimal

from django.utils import timezone

from sapat.org.models import Period, Position
from sapat.processes.models import Indicator, Measurement, Process, QualityObjective

# code, process code (fallback), owner unit, per_unit, (ky, ru, en), measure unit, target,
# direction, tolerance, data source
INDICATORS = [
    ("learning-outcomes", "education", "jasu", True,
     ("Студенттердин академиялык жетишүүсү", "Академическая успеваемость студентов",
      "Students' academic achievement"), "%", "75", "higher", "5",
     "AVN маалымат системасы: сессиянын жыйынтыгы"),
    ("student-satisfaction", "education", "jasu", False,
     ("Студенттердин канааттануусу", "Удовлетворённость студентов", "Student satisfaction"),
     "%", "80", "higher", "5", "Студенттердин жыл сайынкы сурамжылоосу"),
    ("employer-satisfaction", "employers", "career", False,
     ("Иш берүүчүлөрдүн канааттануусу", "Удовлетворённость работодателей",
      "Employer satisfaction"), "%", "80", "higher", "10",
     "Иш берүүчүлөрдүн сурамжылоосу (карьера бөлүмү)"),
    ("graduate-employment", "education", "jasu", True,
     ("Бүтүрүүчүлөрдүн иш менен камсыз болуусу", "Трудоустройство выпускников",
      "Graduate employment"), "%", "70", "higher", "5",
     "Карьераны өнүктүрүү бөлүмүнүн мониторинги"),
    ("publications", "research", "jasu", False,
     ("Scopus/WoS басылмаларынын саны", "Число публикаций в Scopus/WoS",
      "Scopus/WoS publications"), "", "40", "higher", "10",
     "Илимий бөлүмдүн эсеби"),
]

# Appendix 6's process-side cells for the processes whose card the regulation does not give
# (Appendix 2 gives only the educational process's card). The employers process has no goal,
# inputs or outputs in the regulation (the fifth example row leaves them empty), so the demo
# invents none; only its resources.
PROCESS_CARDS = {
    "research": {
        "goal": "Илимий потенциалдын өнүгүүсү",
        "inputs": "Гранттар, илимий долбоорлор",
        "outputs": "Макалалар, монографиялар, патенттер",
        "resources": "Илимий кызматкерлер, лабораториялар, илимий фонд",
    },
    "employers": {
        "goal": "", "inputs": "", "outputs": "",
        "resources": "Карьера бөлүмү, кафедралар, өнөктөш ишканалар",
    },
}

# The units that run each process (the card's "owner units").
OWNER_UNITS = {
    "education": ["inst-tech", "inst-ped", "inst-econ", "college"],
    "research": ["inst-tech", "inst-ped", "inst-econ", "intl"],
    "employers": ["career", "inst-tech", "inst-ped", "inst-econ", "college"],
    "international": ["intl"],
    "hr": ["hr"],
    "facilities": ["digital", "finance"],
    "admission": ["press", "career"],
    "management": ["rectorate", "apd"],
}

# The indicators Appendix 6 names in its example rows, beyond the §8.1 areas above.
EXTRA_INDICATORS = [
    ("timetable", "education", "jasu", False,
     ("Жадыбалдын аткарылышы", "Выполнение расписания", "Timetable fulfilment"),
     "%", "95", "higher", "3", "Окуу бөлүмүнүн эсеби"),
    ("citation-index", "research", "jasu", False,
     ("Цитирлөө индекси (орточо h-индекс)", "Индекс цитирования (средний h-индекс)",
      "Citation index (mean h-index)"), "", "3", "higher", "0.5", "Scopus, РИНЦ"),
    ("employer-agreements", "employers", "career", False,
     ("Иш берүүчүлөр менен келишимдердин саны", "Число договоров с работодателями",
      "Agreements with employers"), "", "60", "higher", "10", "Карьера бөлүмүнүн реестри"),
    ("students-on-placement", "employers", "career", False,
     ("Практикадагы студенттердин саны", "Число студентов на практике",
      "Students on placement"), "", "800", "higher", "100", "Карьера бөлүмүнүн эсеби"),
]

# indicator code -> unit code -> values of the three past years, oldest first.
VALUES = {
    "learning-outcomes": {
        "dep-it": ("71", "74", None), "dep-math": ("69", "72", "73"),
        "dep-kyrgyz": ("80", "82", "83"), "dep-ped": ("77", "79", "81"),
        "dep-econ": ("66", "68", "67"),
    },
    "student-satisfaction": {"jasu": ("74", "78", "81")},
    "employer-satisfaction": {"career": ("65", "71", "74")},
    "graduate-employment": {
        "dep-it": ("68", "72", "75"), "dep-math": ("58", "61", "63"),
        "dep-kyrgyz": ("62", "66", "69"), "dep-ped": ("70", "73", "74"),
        "dep-econ": ("64", "66", "71"),
    },
    "publications": {"jasu": ("28", "33", "37")},
    "timetable": {"jasu": ("93", "95", "96")},
    "citation-index": {"jasu": ("1.8", "2.1", "2.4")},
    "employer-agreements": {"career": ("41", "48", "55")},
    "students-on-placement": {"career": ("610", "700", "760")},
}

# The units that report the per-unit KPIs (each its own value).
REPORTING_UNITS = ["dep-it", "dep-math", "dep-kyrgyz", "dep-ped", "dep-econ"]

# code, (ky, ru, en), what, resources, responsible position, evaluation, indicators
OBJECTIVES = [
    ("obj-employment",
     ("Бүтүрүүчүлөрдүн иш менен камсыз болуусун жогорулатуу",
      "Повысить трудоустройство выпускников", "Raise graduate employment"),
     "Иш берүүчүлөр менен келишимдерди кеңейтүү, өндүрүштүк практиканы дуалдык билим берүү "
     "аркылуу уюштуруу",
     "Карьера бөлүмү, кафедралар, өнөктөш ишканалар", "head-career",
     "Бүтүрүүчүлөрдүн иш менен камсыз болуусу 70% дан кем эмес (жыл сайынкы мониторинг)",
     ["graduate-employment", "employer-satisfaction"]),
    ("obj-publications",
     ("Илимий басылмалардын санын көбөйтүү", "Увеличить число научных публикаций",
      "More research publications"),
     "Scopus/WoS басылмаларын стимулдоо, илимий семинарлар, гранттык колдоо",
     "Илимий фонд, семинарлар", "vr-research",
     "Жылына Scopus/WoS басылмалары 40тан кем эмес", ["publications"]),
    ("obj-teaching",
     ("Окутуунун сапатын жогорулатуу", "Повысить качество обучения",
      "Better teaching quality"),
     "Окуу программаларын жаңылоо, окутуучулардын квалификациясын жогорулатуу",
     "Окутуучулар, ББСИТБ", "vr-academic",
     "Академиялык жетишүү 75% дан жана студенттердин канааттануусу 80% дан кем эмес",
     ["learning-outcomes", "student-satisfaction"]),
]


def load_kpis(report, units: dict) -> None:
    """Indicators, their past three years of values, and the quality objectives."""
    from .loader import upsert  # the loader imports this module

    processes = {p.code: p for p in Process.objects.all()}
    for code, card in PROCESS_CARDS.items():
        if code in processes:
            processes[code] = upsert(Process, report, {"code": code}, card)
    for code, unit_codes in OWNER_UNITS.items():
        process = processes.get(code)
        wanted = {units[c].pk for c in unit_codes if c in units}
        if process and set(process.owner_units.values_list("pk", flat=True)) != wanted:
            process.owner_units.set(wanted)
            report.count("updated", Process)
    indicators = {}
    for order, (code, process, owner, per_unit, names, measure, target, direction, tol,
                source) in enumerate(INDICATORS + EXTRA_INDICATORS):
        indicators[code] = upsert(Indicator, report, {"code": code}, {
            "process": processes.get(process) or processes["education"],
            "owner_unit": units[owner], "per_unit": per_unit, "measure_unit": measure,
            "target": Decimal(target), "direction": direction, "tolerance": Decimal(tol),
            "frequency": Period.Kind.YEAR, "data_source": source, "order": order,
            "name": names[0], "name_ru": names[1], "name_en": names[2],
        })
    # The per-unit KPIs are reported by the departments (not by the IT centre or the library).
    for code in ("learning-outcomes", "graduate-employment"):
        wanted = {units[c].pk for c in REPORTING_UNITS if c in units}
        if set(indicators[code].reporting_units.values_list("pk", flat=True)) != wanted:
            indicators[code].reporting_units.set(wanted)
            report.count("updated", Indicator)
    today = timezone.localdate()
    current_start = today.year if today.month >= 9 else today.year - 1
    years = [current_start - 3, current_start - 2, current_start - 1]
    periods = {
        p.year.start.year: p for p in Period.objects.select_related("year").filter(
            kind=Period.Kind.YEAR, year__start__year__in=years)
    }
    for code, by_unit in VALUES.items():
        for unit_code, values in by_unit.items():
            for start_year, value in zip(years, values, strict=True):
                period = periods.get(start_year)
                if period is None or value is None:
                    continue
                upsert(Measurement, report, {
                    "indicator": indicators[code], "period": period, "unit": units[unit_code],
                }, {"value": Decimal(value)})
    positions = {p.code: p for p in Position.objects.all()}
    deadline = datetime.date(current_start + 2, 6, 30)
    university = units["jasu"]
    for _code, names, what, resources, position, evaluation, linked in OBJECTIVES:
        objective = upsert(QualityObjective, report, {"name": names[0], "unit": university}, {
            "name_ru": names[1], "name_en": names[2], "what": what, "resources": resources,
            "responsible_position": positions.get(position), "deadline": deadline,
            "evaluation": evaluation,
        })
        wanted = {indicators[c].pk for c in linked}
        if set(objective.indicators.values_list("pk", flat=True)) != wanted:
            objective.indicators.set(wanted)
            report.count("updated", QualityObjective)
