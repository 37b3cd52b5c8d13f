"""The HR file's sheets and columns, defined once: the reader, the template and the
export of the organisation all take their headings from here.

Each column has the heading Sapat writes in each language (ky, ru, en) and the other
forms an HR department's file uses for it («ФИО», «Таб. №», «Структурное
подразделение»…). Headings are compared after `norm`: case, spaces, punctuation and
anything in brackets ignored, «ё» read as «е».
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy: how the column is named in messages, in the reader's language
    headings: dict[str, str]  # the heading Sapat writes, by language
    synonyms: tuple[str, ...] = ()
    required: bool = False
    width: int = 24  # in the template, characters

    def full_forms(self) -> set[str]:
        """Headings as Sapat writes them, brackets kept: «Аталышы (орусча)»."""
        return {norm(h, brackets=True) for h in (*self.headings.values(), *self.synonyms)}

    def short_forms(self) -> set[str]:
        """The forms other files use, whatever they add in brackets: «ФИО (полностью)»."""
        return {norm(s) for s in self.synonyms} - {""}


@dataclass(frozen=True)
class SheetKind:
    key: str
    label: object
    titles: dict[str, str]  # the sheet's name in the template, by language
    title_synonyms: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_LETTER = re.compile(r"[^\w№#]+", re.UNICODE)


def norm(text, brackets: bool = False) -> str:
    """«Ф.И.О. (полностью)» → «фио»; «E-mail» → «email»; «Таб. №» → «таб№».

    With `brackets`, what is in brackets stays: «Аталышы (орусча)» → «аталышыорусча».
    """
    text = str(text or "").replace("\u00ad", "").casefold().replace("ё", "е")
    if not brackets:
        text = _BRACKETS.sub("", text)
    return _NOT_LETTER.sub("", text).replace("_", "")


UNITS = SheetKind(
    key="units",
    label=_("Units"),
    titles={"ky": "Бөлүмдөр", "ru": "Подразделения", "en": "Units"},
    title_synonyms=("түзүмдүкбөлүмдөр", "структура", "структурныеподразделения",
                    "подразделение", "бөлүмдөр", "units", "structure", "departments"),
    columns=(
        Column("code", _("Unit code"),
               {"ky": "Бөлүмдүн коду", "ru": "Код подразделения", "en": "Unit code"},
               ("код", "коду", "шифр", "шифрподразделения", "code", "unitid", "id"),
               required=True, width=14),
        Column("name", _("Name (Kyrgyz)"),
               {"ky": "Аталышы (кыргызча)", "ru": "Наименование (на кыргызском)",
                "en": "Name (Kyrgyz)"},
               ("аталышы", "бөлүмдүнаталышы", "namekyrgyz", "наименованиенакыргызском",
                "наименованиекырг", "атыкыргызча"), width=44),
        Column("name_ru", _("Name (Russian)"),
               {"ky": "Аталышы (орусча)", "ru": "Наименование (на русском)",
                "en": "Name (Russian)"},
               ("наименование", "наименованиеподразделения", "название",
                "названиеподразделения", "структурноеподразделение", "подразделение",
                "наименованиенарусском"), width=44),
        Column("name_en", _("Name (English)"),
               {"ky": "Аталышы (англисче)", "ru": "Наименование (на английском)",
                "en": "Name (English)"},
               ("name", "unitname", "unit", "nameenglish", "наименованиенаанглийском"),
               width=36),
        Column("abbreviation", _("Abbreviation"),
               {"ky": "Кыскартылышы", "ru": "Сокращение", "en": "Abbreviation"},
               ("аббревиатура", "краткоенаименование", "кыскача", "short", "shortname"),
               width=14),
        Column("kind", _("Kind of unit"),
               {"ky": "Бөлүмдүн түрү", "ru": "Вид подразделения", "en": "Kind of unit"},
               ("түрү", "вид", "тип", "типподразделения", "kind", "type", "unittype"),
               width=18),
        Column("parent", _("Parent unit (code)"),
               {"ky": "Жогорку бөлүм (коду)", "ru": "Вышестоящее подразделение (код)",
                "en": "Parent unit (code)"},
               ("жогоркубөлүм", "вышестоящееподразделение", "родительскоеподразделение",
                "входитв", "кодвышестоящего", "parent", "parentunit", "parentcode",
                "кирет"), width=16),
    ),
)

PEOPLE = SheetKind(
    key="people",
    label=_("People"),
    titles={"ky": "Кызматкерлер", "ru": "Сотрудники", "en": "People"},
    title_synonyms=("кызматкерлер", "сотрудники", "работники", "персонал", "штат",
                    "people", "staff", "employees", "personnel"),
    columns=(
        Column("staff_number", _("Staff number"),
               {"ky": "Табелдик номери", "ru": "Табельный номер", "en": "Staff number"},
               ("табелдикномер", "табельныйномер", "таб№", "табномер", "таб", "№таб",
                "табельный", "personnelnumber", "employeeid", "employeenumber",
                "staffid", "staffnumber"), width=14),
        Column("full_name", _("Full name"),
               {"ky": "Аты-жөнү", "ru": "ФИО", "en": "Full name"},
               ("атыжөнү", "фамилиясыатыатасынынаты", "фио", "фамилияимяотчество",
                "фамилияимя", "сотрудник", "работник", "fullname", "name", "employee",
                "person", "кызматкер"), required=True, width=34),
        Column("email", _("E-mail"),
               {"ky": "Электрондук почта", "ru": "Электронная почта", "en": "E-mail"},
               ("email", "эпочта", "электроннаяпочта", "почта", "электрондукпочта",
                "emailaddress", "mail", "эладрес"), width=32),
        Column("unit", _("Unit (code)"),
               {"ky": "Бөлүм (коду)", "ru": "Подразделение (код)", "en": "Unit (code)"},
               ("бөлүм", "түзүмдүкбөлүм", "подразделение", "структурноеподразделение",
                "кодподразделения", "кафедраотдел", "unit", "department", "unitcode"),
               required=True, width=16),
        Column("login", _("Login"),
               {"ky": "Логин", "ru": "Логин", "en": "Login"},
               ("username", "учетнаязапись", "аккаунт", "колдонуучунунаты", "login"),
               width=18),
        Column("language", _("Language"),
               {"ky": "Тили", "ru": "Язык", "en": "Language"},
               ("тил", "языкинтерфейса", "language", "lang"), width=10),
        Column("roles", _("Roles in Sapat"),
               {"ky": "Sapat'тагы ролдору", "ru": "Роли в Sapat", "en": "Roles in Sapat"},
               ("ролдору", "ролдор", "роль", "роли", "role", "roles", "рольвсистеме"),
               width=34),
    ),
)

POSITIONS = SheetKind(
    key="positions",
    label=_("Positions"),
    titles={"ky": "Кызмат орундары", "ru": "Должности", "en": "Positions"},
    title_synonyms=("кызматорундары", "должности", "штатноерасписание", "positions",
                    "posts"),
    columns=(
        Column("code", _("Position code"),
               {"ky": "Кызмат ордунун коду", "ru": "Код должности", "en": "Position code"},
               ("код", "коду", "code", "positioncode", "postcode"), width=20),
        Column("name", _("Position (Kyrgyz)"),
               {"ky": "Кызмат орду (кыргызча)", "ru": "Должность (на кыргызском)",
                "en": "Position (Kyrgyz)"},
               ("кызматорду", "кызмат", "positionkyrgyz", "должностьнакыргызском"),
               width=44),
        Column("name_ru", _("Position (Russian)"),
               {"ky": "Кызмат орду (орусча)", "ru": "Должность (на русском)",
                "en": "Position (Russian)"},
               ("должность", "наименованиедолжности", "должностьнарусском"), width=44),
        Column("name_en", _("Position (English)"),
               {"ky": "Кызмат орду (англисче)", "ru": "Должность (на английском)",
                "en": "Position (English)"},
               ("position", "post", "jobtitle", "title", "должностьнаанглийском"),
               width=36),
        Column("unit", _("Unit (code)"),
               {"ky": "Бөлүм (коду)", "ru": "Подразделение (код)", "en": "Unit (code)"},
               ("бөлүм", "подразделение", "кодподразделения", "unit", "unitcode",
                "department"), required=True, width=16),
        Column("holder", _("Held by (staff number or e-mail)"),
               {"ky": "Ээлейт (табелдик номери же почтасы)",
                "ru": "Занимает (табельный номер или e-mail)",
                "en": "Held by (staff number or e-mail)"},
               ("ээлейт", "ээлеген", "занимает", "сотрудник", "таб№", "табельныйномер",
                "holder", "heldby", "incumbent", "employee"), width=26),
    ),
)

SHEETS = (UNITS, POSITIONS, PEOPLE)
LANGUAGES = ("ky", "ru", "en")


def match_column(sheet: SheetKind, heading) -> str | None:
    """The key of the column `heading` names on `sheet`, or None."""
    full, short = norm(heading, brackets=True), norm(heading)
    if not full:
        return None
    for column in sheet.columns:
        if full in column.full_forms():
            return column.key
    for column in sheet.columns:
        if short in column.short_forms():
            return column.key
    return None


def match_sheet_title(title) -> SheetKind | None:
    key = norm(title)
    for sheet in SHEETS:
        forms = {norm(t) for t in (*sheet.titles.values(), *sheet.title_synonyms)}
        if key in forms:
            return sheet
    return None
