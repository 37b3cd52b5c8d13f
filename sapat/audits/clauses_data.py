"""The ISO 9001:2015 clause catalogue (clauses 4–10 and their sub-clauses) as data.

Where each title comes from:
- English: the clause titles of ISO 9001:2015 itself.
- Russian: GOST R ISO 9001-2015 (the identical Russian adoption), its clause titles.
- Kyrgyz: the regulation's own words where it names the matter of a clause (its §4–§9:
  «Сапат саясаты», «Тобокелдиктерди жана мүмкүнчүлүктөрдү башкаруу», «Мониторинг», «Ички аудит»,
  «Жетекчилик тарабынан талдоо», «түзөтүүчү … чаралар», «Документтерди башкаруу (7.5-
  пункт)»); `KY_FROM_REGULATION` lists those clauses with the section they come from.
  Every other Kyrgyz title is our own translation (no official Kyrgyz text of ISO 9001
  is published); the catalogue marks them so (`Clause.ky_source`). A corrected title is
  changed here and installed again by a data migration calling `install`.

Each row: (code, English, Russian, Kyrgyz).
"""

CLAUSES = [
    ("4", "Context of the organization", "Среда организации", "Уюмдун чөйрөсү"),
    (
        "4.1",
        "Understanding the organization and its context",
        "Понимание организации и ее среды",
        "Уюмду жана анын чөйрөсүн түшүнүү",
    ),
    (
        "4.2",
        "Understanding the needs and expectations of interested parties",
        "Понимание потребностей и ожиданий заинтересованных сторон",
        "Кызыкдар тараптардын муктаждыктарын жана күтүүлөрүн түшүнүү",
    ),
    (
        "4.3",
        "Determining the scope of the quality management system",
        "Определение области применения системы менеджмента качества",
        "Сапат менеджмент системасынын колдонуу чөйрөсүн аныктоо",
    ),
    (
        "4.4",
        "Quality management system and its processes",
        "Система менеджмента качества и ее процессы",
        "Сапат менеджмент системасы жана анын процесстери",
    ),
    ("5", "Leadership", "Лидерство", "Лидерлик"),
    ("5.1", "Leadership and commitment", "Лидерство и приверженность", "Лидерлик жана берилгендик"),
    ("5.2", "Policy", "Политика", "Сапат саясаты"),
    (
        "5.3",
        "Organizational roles, responsibilities and authorities",
        "Функции, ответственность и полномочия в организации",
        "Уюмдагы ролдор, жоопкерчилик жана ыйгарым укуктар",
    ),
    ("6", "Planning", "Планирование", "Пландаштыруу"),
    (
        "6.1",
        "Actions to address risks and opportunities",
        "Действия в отношении рисков и возможностей",
        "Тобокелдиктер жана мүмкүнчүлүктөр боюнча аракеттер",
    ),
    (
        "6.2",
        "Quality objectives and planning to achieve them",
        "Цели в области качества и планирование их достижения",
        "Сапат жаатындагы максаттар жана аларга жетүүнү пландаштыруу",
    ),
    ("6.3", "Planning of changes", "Планирование изменений", "Өзгөртүүлөрдү пландаштыруу"),
    ("7", "Support", "Средства обеспечения", "Камсыздоо"),
    ("7.1", "Resources", "Ресурсы", "Ресурстар"),
    ("7.2", "Competence", "Компетентность", "Компетенттүүлүк"),
    ("7.3", "Awareness", "Осведомленность", "Кабардар болуу"),
    ("7.4", "Communication", "Обмен информацией", "Маалымат алмашуу"),
    ("7.5", "Documented information", "Документированная информация", "Документтерди башкаруу"),
    ("8", "Operation", "Деятельность на стадиях жизненного цикла продукции и услуг", "Ишмердүүлүк"),
    (
        "8.1",
        "Operational planning and control",
        "Планирование и управление деятельностью на стадиях жизненного цикла продукции и услуг",
        "Ишмердүүлүктү пландаштыруу жана башкаруу",
    ),
    (
        "8.2",
        "Requirements for products and services",
        "Требования к продукции и услугам",
        "Билим берүү кызматтарына коюлган талаптар",
    ),
    (
        "8.3",
        "Design and development of products and services",
        "Проектирование и разработка продукции и услуг",
        "Билим берүү кызматтарын долбоорлоо жана иштеп чыгуу",
    ),
    (
        "8.4",
        "Control of externally provided processes, products and services",
        "Управление процессами, продукцией и услугами, поставляемыми внешними поставщиками",
        "Тышкы жеткирүүчүлөрдүн процесстерин, продукциясын жана кызматтарын башкаруу",
    ),
    (
        "8.5",
        "Production and service provision",
        "Производство продукции и предоставление услуг",
        "Кызматтарды көрсөтүү",
    ),
    (
        "8.6",
        "Release of products and services",
        "Выпуск продукции и услуг",
        "Продукцияны жана кызматтарды чыгаруу",
    ),
    (
        "8.7",
        "Control of nonconforming outputs",
        "Управление несоответствующими результатами процессов",
        "Талапка дал келбеген натыйжаларды башкаруу",
    ),
    (
        "9",
        "Performance evaluation",
        "Оценка результатов деятельности",
        "Ишмердүүлүктүн натыйжаларын баалоо",
    ),
    (
        "9.1",
        "Monitoring, measurement, analysis and evaluation",
        "Мониторинг, измерение, анализ и оценка",
        "Мониторинг, өлчөө, талдоо жана баалоо",
    ),
    ("9.2", "Internal audit", "Внутренний аудит", "Ички аудит"),
    ("9.3", "Management review", "Анализ со стороны руководства", "Жетекчилик тарабынан талдоо"),
    ("10", "Improvement", "Улучшение", "Жакшыртуу"),
    ("10.1", "General", "Общие положения", "Жалпы жоболор"),
    (
        "10.2",
        "Nonconformity and corrective action",
        "Несоответствия и корректирующие действия",
        "Дал келбестик жана түзөтүүчү чаралар",
    ),
    ("10.3", "Continual improvement", "Постоянное улучшение", "Үзгүлтүксүз жакшыртуу"),
]

# Kyrgyz titles taken from the regulation's wording, with the section they come from.
KY_FROM_REGULATION = {
    "5.2": "§5 «Сапат саясаты»",
    "6.1": "§7 «Тобокелдиктерди жана мүмкүнчүлүктөрдү башкаруу»",
    "7.5": "§9.2 «Документтерди башкаруу … (7.5-пункт)»",
    "9.1": "§8.1 «Мониторинг»",
    "9.2": "§8.2 «Ички аудит»",
    "9.3": "§8.3 «Жетекчилик тарабынан талдоо»",
    "10": "§8 «Мониторинг, аудит жана жакшыртуу»",
    "10.1": "§1 «Жалпы жоболор»",
    "10.2": "§8.4 «түзөтүүчү жана алдын алуучу чаралар»",
}


def install(Clause) -> int:
    """Create or update the catalogue (idempotent); returns the number of clauses."""
    by_code = {}
    for order, (code, en, ru, ky) in enumerate(CLAUSES):
        parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
        source = KY_FROM_REGULATION.get(code, "")
        values = {
            "name": ky,
            "name_ru": ru,
            "name_en": en,
            "parent": parent,
            "order": order,
            "ky_source": f"regulation {source}" if source else "translation",
        }
        clause = Clause.objects.filter(code=code).first()
        if clause is None:
            clause = Clause.objects.create(code=code, **values)
        elif any(getattr(clause, k) != v for k, v in values.items()):
            # Only a changed clause is written: a second install leaves no history rows.
            for k, v in values.items():
                setattr(clause, k, v)
            clause.save()
        by_code[code] = clause
    return len(by_code)
