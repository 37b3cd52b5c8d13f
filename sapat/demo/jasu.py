"""Jalal-Abad State University as Sapat's demo: the regulation's own wording.

Names are Kyrgyz, as in the regulation (`name`), with Russian and English names for the
other interface languages. Codes are stable keys: loading twice finds, not duplicates.
"""

# code, kind, parent code, (ky, ru, en), abbreviation
UNITS = [
    ("jasu", "university", None,
     ("Жалал-Абад мамлекеттик университети", "Жалал-Абадский государственный университет",
      "Jalal-Abad State University"), "ЖАМУ"),
    ("rectorate", "governance", "jasu", ("Ректорат", "Ректорат", "Rectorate"), ""),
    ("council", "governance", "jasu",
     ("Окумуштуулар кеңеши", "Учёный совет", "Academic Council"), ""),
    ("apd", "service", "jasu",
     ("Академиялык саясат бөлүмү", "Отдел академической политики",
      "Academic Policy Department"), "АСБ"),
    ("hr", "service", "jasu",
     ("Адам ресурстарын башкаруу жана укуктук камсыздоо бөлүмү",
      "Отдел управления человеческими ресурсами и правового обеспечения",
      "Human Resources and Legal Department"), ""),
    ("finance", "service", "jasu",
     ("Финансы-экономика бөлүмү", "Финансово-экономический отдел",
      "Finance and Economics Department"), ""),
    ("digital", "centre", "jasu",
     ("Санариптештирүү жана техникалык тейлөө борбору",
      "Центр цифровизации и технического обслуживания",
      "Digitalisation and Technical Service Centre"), "ББСИТБ"),
    ("intl", "service", "jasu",
     ("Эл аралык байланыштар бөлүмү", "Отдел международных связей",
      "International Relations Department"), ""),
    ("career", "service", "jasu",
     ("Карьераны өнүктүрүү жана өндүрүштүк практиканы уюштуруу бөлүмү",
      "Отдел развития карьеры и организации производственной практики",
      "Career Development and Internship Department"), ""),
    ("press", "service", "jasu",
     ("Басма сөз кызматы", "Пресс-служба", "Press Office"), ""),
    ("inst-tech", "institute", "jasu",
     ("Табигый-техникалык институту", "Естественно-технический институт",
      "Institute of Natural Sciences and Technology"), ""),
    ("dep-it", "department", "inst-tech",
     ("Информатика жана эсептөө техникасы кафедрасы",
      "Кафедра информатики и вычислительной техники",
      "Department of Informatics and Computer Engineering"), ""),
    ("dep-math", "department", "inst-tech",
     ("Математика кафедрасы", "Кафедра математики", "Department of Mathematics"), ""),
    ("inst-ped", "institute", "jasu",
     ("Педагогика жана гуманитардык илимдер институту",
      "Институт педагогики и гуманитарных наук",
      "Institute of Pedagogy and Humanities"), ""),
    ("dep-kyrgyz", "department", "inst-ped",
     ("Кыргыз тили жана адабияты кафедрасы", "Кафедра кыргызского языка и литературы",
      "Department of Kyrgyz Language and Literature"), ""),
    ("dep-ped", "department", "inst-ped",
     ("Педагогика жана психология кафедрасы", "Кафедра педагогики и психологии",
      "Department of Pedagogy and Psychology"), ""),
    ("inst-econ", "institute", "jasu",
     ("Экономика жана башкаруу институту", "Институт экономики и управления",
      "Institute of Economics and Management"), ""),
    ("dep-econ", "department", "inst-econ",
     ("Экономика жана бухгалтердик эсеп кафедрасы", "Кафедра экономики и бухгалтерского учёта",
      "Department of Economics and Accounting"), ""),
    ("college", "college", "jasu",
     ("ЖАМУнун колледжи", "Колледж ЖАГУ", "JASU College"), ""),
    ("pck-nat", "commission", "college",
     ("Табигый-математикалык предметтер ПЦК",
      "ПЦК естественно-математических дисциплин",
      "Subject-cycle commission of natural sciences and mathematics"), "ПЦК"),
    ("pck-hum", "commission", "college",
     ("Гуманитардык предметтер ПЦК", "ПЦК гуманитарных дисциплин",
      "Subject-cycle commission of humanities"), "ПЦК"),
]

# code, unit code, (ky, ru, en), holder username or None
POSITIONS = [
    ("rector", "rectorate", ("Ректор", "Ректор", "Rector"), "rector"),
    ("vr-academic", "rectorate",
     ("Окуу иштери боюнча проректор", "Проректор по учебной работе",
      "Vice-rector for academic affairs"), None),
    ("vr-research", "rectorate",
     ("Илимий иштер жана инновациялар боюнча проректор",
      "Проректор по научной работе и инновациям",
      "Vice-rector for research and innovation"), None),
    ("vr-social", "rectorate",
     ("Мамлекеттик тил, социалдык жана тарбия иштери боюнча проректор",
      "Проректор по государственному языку, социальной и воспитательной работе",
      "Vice-rector for state language, social and upbringing work"), None),
    ("head-apd", "apd",
     ("Академиялык саясат бөлүмүнүн башчысы", "Начальник отдела академической политики",
      "Head of the Academic Policy Department"), "qms"),
    ("head-finance", "finance",
     ("Финансы-экономика бөлүмүнүн башчысы", "Начальник финансово-экономического отдела",
      "Head of finance and economics"), None),
    ("chief-accountant", "finance",
     ("Башкы бухгалтер", "Главный бухгалтер", "Chief accountant"), None),
    ("director-digital", "digital",
     ("Санариптештирүү жана техникалык тейлөө борборунун директору",
      "Директор центра цифровизации и технического обслуживания",
      "Director of the digitalisation and technical service centre"), "service"),
    ("head-hr", "hr",
     ("Адам ресурстарын башкаруу жана укуктук камсыздоо бөлүмүнүн башчысы",
      "Начальник отдела управления человеческими ресурсами и правового обеспечения",
      "Head of HR and legal department"), None),
    ("head-intl", "intl",
     ("Эл аралык байланыштар бөлүмүнүн башчысы", "Начальник отдела международных связей",
      "Head of international relations"), None),
    ("head-career", "career",
     ("Карьераны өнүктүрүү жана өндүрүштүк практиканы уюштуруу бөлүмүнүн башчысы",
      "Начальник отдела развития карьеры и организации производственной практики",
      "Head of the career and internship department"), None),
    ("press-secretary", "press",
     ("Басма сөз катчысы", "Пресс-секретарь", "Press secretary"), None),
    ("director-tech", "inst-tech",
     ("Табигый-техникалык институтунун директору", "Директор естественно-технического института",
      "Director of the Institute of Natural Sciences and Technology"), "director"),
    ("head-dep-it", "dep-it",
     ("Информатика жана эсептөө техникасы кафедрасынын башчысы",
      "Заведующий кафедрой информатики и вычислительной техники",
      "Head of the Department of Informatics"), "head"),
    ("head-dep-kyrgyz", "dep-kyrgyz",
     ("Кыргыз тили жана адабияты кафедрасынын башчысы",
      "Заведующий кафедрой кыргызского языка и литературы",
      "Head of the Department of Kyrgyz Language and Literature"), "head2"),
]

# username, full name, unit code, role, role unit code
PEOPLE = [
    ("rector", "Бакыт Асанов", "rectorate", "rector", "jasu"),
    ("qms", "Гүлнара Токтосунова", "apd", "qms", "apd"),
    ("director", "Нурлан Жумабаев", "inst-tech", "director", "inst-tech"),
    ("head", "Айгүл Орозбаева", "dep-it", "head", "dep-it"),
    ("head2", "Жыпар Мамытова", "dep-kyrgyz", "head", "dep-kyrgyz"),
    ("service", "Эрмек Садыков", "digital", "service_head", "digital"),
    ("council", "Чолпон Абдыкадырова", "council", "council", "council"),
    ("auditor", "Талант Эшматов", "apd", "auditor", "inst-tech"),
    ("staff", "Азамат Кадыров", "dep-it", "staff", "dep-it"),
    ("secretary", "Мээрим Сатыбалдиева", "council", "staff", "council"),
]

# Appendix 1, the glossary of abbreviations.
GLOSSARY = [
    ("ЖАМУ", "Жалал-Абад мамлекеттик университети", "Жалал-Абадский государственный университет",
     "Jalal-Abad State University"),
    ("СМС", "сапат менеджмент системасы", "система менеджмента качества",
     "quality management system"),
    ("БКИ", "бүтүрүүчү квалификациялык иштер", "выпускные квалификационные работы",
     "graduate qualification works"),
    ("МС", "маалымат системасы", "информационная система", "information system"),
    ("ДЖП", "дисциплинанын жумушчу программасы", "рабочая программа дисциплины",
     "discipline working programme"),
    ("ОУК", "окуу-усулдук комплекс", "учебно-методический комплекс",
     "teaching and methodology complex"),
    ("ИИИ", "илимий-изилдөө иштер", "научно-исследовательская работа", "research work"),
    ("АЧИ", "административдик-чарба иштери", "административно-хозяйственная работа",
     "administrative and facilities work"),
    ("ПЦК", "предметтик-циклдык комиссия", "предметно-цикловая комиссия",
     "subject-cycle commission"),
    ("ББСИТБ", "Билим берүүдөгү санариптештирүү жана инновациялык технологиялар борбору",
     "Центр цифровизации и инновационных технологий в образовании",
     "Centre for Digitalisation and Innovative Technologies in Education"),
]

# code, (ky, ru, en), order
PROCESS_GROUPS = [
    ("management", ("Башкаруу процесстери", "Процессы управления", "Management processes"), 1),
    ("core", ("Негизги процесстер", "Основные процессы", "Core processes"), 2),
    ("support", ("Колдоочу процесстер", "Вспомогательные процессы", "Support processes"), 3),
]

# Regulation §6.1: number, code, group, (ky, ru, en)
PROCESSES = [
    (1, "management", "management",
     ("Университетти башкаруу", "Управление университетом", "University management")),
    (2, "admission", "core",
     ("Маркетинг жана студенттерди кабыл алуу", "Маркетинг и приём студентов",
      "Marketing and student admission")),
    (3, "education", "core",
     ("Билим берүү процесси", "Образовательный процесс", "Educational process")),
    (4, "research", "core",
     ("Илимий-изилдөө ишмердүүлүгү", "Научно-исследовательская деятельность", "Research")),
    (5, "upbringing", "core",
     ("Тарбия иштери", "Воспитательная работа", "Student development")),
    (6, "international", "core",
     ("Эл аралык кызматташтык", "Международное сотрудничество", "International cooperation")),
    (7, "hr", "support",
     ("Адам ресурстарын башкаруу", "Управление человеческими ресурсами",
      "Human resources management")),
    (8, "facilities", "support",
     ("Материалдык-техникалык жактан камсыздоо", "Материально-техническое обеспечение",
      "Infrastructure and facilities")),
    # Appendix 6 names this process in the integrated table.
    (9, "employers", "core",
     ("Иш берүүчүлөр менен өз ара аракеттенүү", "Взаимодействие с работодателями",
      "Employer engagement")),
]

# Appendix 2: the example process card, for the educational process.
EDUCATION_CARD = {
    "goal": "Жогорку сапаттагы окуу процессин камсыз кылуу",
    "inputs": "Мамлекеттик билим берүү стандарттарынын (ГОСТ) талаптары, окуу пландары жана "
              "дисциплинанын жумушчу программасы",
    "outputs": "Бүтүрүүчүлөр, отчеттор, мониторингдин жыйынтыгы",
    "owner_text": "Институттун директорлору/кафедра башчылары/ ПЦК башчылары",
    "resources": "Окутуучулар, аудиториялар, жабдуулар",
}

# Appendix 5.
POLICY_KY = (
    "Жалал-Абад мамлекеттик университети Кыргыз Республикасынын жана анын чегинен тышкары "
    "эмгек рыногунда атаандаштыкка жөндөмдүү адистерди даярдоого умтулат. Университет "
    "студенттердин, жумуш берүүчүлөрдүн жана коомдун муктаждыктарына көңүл буруп, окуу "
    "процессин тынымсыз өркүндөтүп, илимий изилдөөлөрдү өнүктүрүп, эл аралык кызматташтыкты "
    "бекемдейт.\n\n"
    "Университеттин жетекчилиги сапат менеджмент системасын ГОСТ ISO 9001:2015 талаптарына "
    "ылайык сактоого жана өнүктүрүүгө, анын натыйжалуулугун жана үзгүлтүксүз өркүндөтүлүшүн "
    "камсыз кылууга милдеттенет."
)
POLICY_RU = (
    "Жалал-Абадский государственный университет стремится готовить специалистов, "
    "конкурентоспособных на рынке труда Кыргызской Республики и за её пределами. Внимательный "
    "к потребностям студентов, работодателей и общества, университет непрерывно совершенствует "
    "учебный процесс, развивает научные исследования и укрепляет международное "
    "сотрудничество.\n\n"
    "Руководство университета обязуется поддерживать и развивать систему менеджмента качества "
    "в соответствии с требованиями ГОСТ ISO 9001:2015, обеспечивать её результативность и "
    "постоянное улучшение."
)
POLICY_EN = (
    "Jalal-Abad State University strives to train specialists who compete on the labour "
    "market of the Kyrgyz Republic and beyond. Attentive to the needs of students, employers "
    "and society, it continually improves teaching, develops research and strengthens "
    "international cooperation.\n\n"
    "Its management commits to keep and develop the quality management system to "
    "GOST ISO 9001:2015 and to secure its effectiveness and continual improvement."
)

# How many past academic years the demo keeps before the current one (each starts 1 September).
PAST_ACADEMIC_YEARS = 3
