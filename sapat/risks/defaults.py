"""The regulation's default scale (Appendix 3), bands and categories (Appendix 4).

Installed by a data migration, so every new database has a working scale, and reused by
the demo loader. The QMS office may edit them afterwards (with history).
"""

SCALE_NAME = (
    "Тобокелдиктерди баалоо шкаласы",
    "Шкала оценки рисков",
    "Risk assessment scale",
)

# axis, score, (ky, ru, en)
LEVELS = [
    ("likelihood", 1, (
        "Өтө төмөн ыктымалдуулук (дээрлик эч качан пайда болбойт, <5%)",
        "Очень низкая вероятность (почти никогда не происходит, <5%)",
        "Very low: almost never happens (<5%)")),
    ("likelihood", 2, (
        "Төмөн ыктымалдуулук (5-10 жылда бир жолу болушу мүмкүн)",
        "Низкая вероятность (может произойти раз в 5–10 лет)",
        "Low: may happen once in 5–10 years")),
    ("likelihood", 3, (
        "Орточо ыктымалдуулук (2-3 жылда бир жолу болушу мүмкүн)",
        "Средняя вероятность (может произойти раз в 2–3 года)",
        "Medium: may happen once in 2–3 years")),
    ("likelihood", 4, (
        "Жогорку ыктымалдуулук (жыл сайын же дээрлик жыл сайын)",
        "Высокая вероятность (ежегодно или почти ежегодно)",
        "High: every year or almost every year")),
    ("likelihood", 5, (
        "Абдан жогорку ыктымалдуулук (дээрлик сөзсүз, 80% дан ашык)",
        "Очень высокая вероятность (почти неизбежно, более 80%)",
        "Very high: almost certain (>80%)")),
    ("consequences", 1, (
        "Майда: негизги процесстерге таасирин тийгизбейт, жеңил жоюлат",
        "Незначительные: не влияют на основные процессы, легко устраняются",
        "Negligible: no effect on core processes, easily removed")),
    ("consequences", 2, (
        "Кичине: кыска мөөнөттүү үзгүлтүктөр, сапатка же имиджге бир аз таасир этет",
        "Небольшие: кратковременные сбои, слабое влияние на качество или имидж",
        "Minor: short interruptions, slight effect on quality or image")),
    ("consequences", 3, (
        "Орточо: убактылуу кыйынчылыктар, айрым түзүмдүк бөлүмдөрдүн эффективдүүлүгү "
        "төмөндөгөн",
        "Умеренные: временные трудности, снижение эффективности отдельных подразделений",
        "Moderate: temporary difficulties, some units less effective")),
    ("consequences", 4, (
        "Маанилүү: олуттуу чыгымдар, окуу процессинин сапатынын начарлашы, "
        "студенттердин/окутуучулардын нааразычылыгы",
        "Значительные: серьёзные потери, ухудшение качества учебного процесса, "
        "недовольство студентов/преподавателей",
        "Major: serious losses, worse teaching quality, students'/teachers' "
        "dissatisfaction")),
    ("consequences", 5, (
        "Критикалык: аккредитация коркунучу, олуттуу репутациялык жоготуулар, багытын "
        "ишмердүүлүгүнүн токтотулушу",
        "Критические: угроза аккредитации, серьёзные репутационные потери, приостановка "
        "деятельности по направлению",
        "Critical: threat to accreditation, serious reputational loss, a programme suspended")),
]

# code, min, max, (ky, ru, en), colour
BANDS = [
    ("low", 1, 5, ("төмөн", "низкий", "low"), "#cfe9d6"),
    ("medium", 6, 10, ("орто", "средний", "medium"), "#ffe7a3"),
    ("high", 11, 25, ("жогору", "высокий", "high"), "#f6b3ad"),
]

# Appendix 4's eight categories: code, (ky, ru, en)
CATEGORIES = [
    ("academic", ("Академиялык", "Академические", "Academic")),
    ("management", ("Башкаруучулук", "Управленческие", "Management")),
    ("financial", ("Каржылык", "Финансовые", "Financial")),
    ("technical", ("Техникалык", "Технические", "Technical")),
    ("personnel", ("Кадрдык", "Кадровые", "Personnel")),
    ("research", ("Илимий", "Научные", "Research")),
    ("employers", ("Иш берүүчүлөр менен өз ара аракеттенүү",
                   "Взаимодействие с работодателями", "Employer engagement")),
    ("image", ("Коомдук жана имидждик", "Общественные и имиджевые", "Social and reputational")),
]


def install(scale_model, level_model, band_model, category_model) -> None:
    """Create the default scale and categories where none exist (models may be historical)."""
    if not scale_model.objects.exists():
        ky, ru, en = SCALE_NAME
        scale = scale_model.objects.create(name=ky, name_ru=ru, name_en=en, is_active=True)
        for axis, score, (dky, dru, den) in LEVELS:
            level_model.objects.create(
                scale=scale, axis=axis, score=score, description=dky, description_ru=dru,
                description_en=den,
            )
        for code, low, high, (lky, lru, len_), colour in BANDS:
            band_model.objects.create(
                scale=scale, code=code, min_level=low, max_level=high, label=lky,
                label_ru=lru, label_en=len_, colour=colour,
            )
    if not category_model.objects.exists():
        for order, (code, (ky, ru, en)) in enumerate(CATEGORIES, start=1):
            category_model.objects.create(code=code, order=order, name=ky, name_ru=ru,
                                          name_en=en)
