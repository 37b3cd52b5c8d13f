"""Small HR files for the import tests, written the way an HR office writes them."""
import io

from openpyxl import Workbook


def workbook(**sheets) -> bytes:
    """`workbook(Сотрудники=[["ФИО", …], [...]], …)` → XLSX bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=";", encoding="cp1251") -> bytes:
    return "\r\n".join(delimiter.join(str(c) for c in row) for row in rows).encode(encoding)


UNITS_RU = ["Код подразделения", "Наименование (на кыргызском)", "Наименование (на русском)",
            "Вид подразделения", "Вышестоящее подразделение (код)"]
PEOPLE_RU = ["Табельный номер", "ФИО", "E-mail", "Подразделение (код)", "Роли в Sapat"]
POSITIONS_RU = ["Код должности", "Должность (на кыргызском)", "Подразделение (код)",
                "Занимает (табельный номер или e-mail)"]


def small_university() -> dict:
    """A university of two institutes and four departments, seven people, three posts."""
    return {
        "Подразделения": [
            UNITS_RU,
            ["jasu", "Жалал-Абад мамлекеттик университети", "Джалал-Абадский ГУ",
             "Университет", ""],
            ["apd", "Академиялык саясат бөлүмү", "Отдел академической политики", "Отдел",
             "jasu"],
            ["inst-tech", "Технологиялык институт", "Технологический институт", "Институт",
             "jasu"],
            ["dep-it", "Информатика кафедрасы", "Кафедра информатики", "Кафедра", "inst-tech"],
            ["dep-math", "Математика кафедрасы", "Кафедра математики", "Кафедра", "inst-tech"],
            ["inst-med", "Медициналык институт", "Медицинский институт", "Институт", "jasu"],
            ["dep-bio", "Биология кафедрасы", "Кафедра биологии", "Кафедра", "inst-med"],
        ],
        "Должности": [
            POSITIONS_RU,
            ["head-dep-it", "Информатика кафедрасынын башчысы", "dep-it", "1002"],
            ["dir-tech", "Технологиялык институттун директору", "inst-tech", "1001"],
            ["head-dep-bio", "Биология кафедрасынын башчысы", "dep-bio", ""],
        ],
        "Сотрудники": [
            PEOPLE_RU,
            ["1000", "Айгүл Асанова", "aigul@jasu.kg", "apd", "Академиялык саясат бөлүмү"],
            ["1001", "Бакыт Токтоматов", "bakyt@jasu.kg", "inst-tech", "Директор / декан"],
            ["1002", "Гүлнара Осмонова", "gulnara@jasu.kg", "dep-it",
             "Кафедра башчысы / ПЦК башчысы"],
            ["1003", "Данияр Исаков", "daniyar@jasu.kg", "dep-it", ""],
            ["1004", "Эркин Жумабеков", "erkin@jasu.kg", "dep-math",
             "Кызматкер; Ички аудитор (inst-med)"],
            ["1005", "Жаныл Сыдыкова", "zhanyl@jasu.kg", "dep-bio", "сотрудник"],
            ["1006", "Нурбек Абдыкеримов", "nurbek@jasu.kg", "dep-bio", ""],
        ],
    }
