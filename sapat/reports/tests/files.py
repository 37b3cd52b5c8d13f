"""Test files made in code: XLSX and DOCX passports/registers, as units really have them."""
import io

from docx import Document
from openpyxl import Workbook

KY_REGISTER_HEADERS = [
    "№", "Тобокелдик\nкатегориясы", "Тобокел\nдиктин\nаталыш\nы",
    "Ык\nты\nма\nлд\nуу\nлу\nк\n(1-\n5)", "На\nты\nйж\nал\nар\n(1–\n5)",
    "Тобок\nелдик\nдеңгэ\nэли\n(В×П)", "Жооптуу", "Жеңилдетүү\nчаралары", "Аткаруу\nмөөнөтү",
    "Калган\nтобоке\nлдик",
]
RU_PASSPORT_HEADERS = [
    "№ п/п", "Риск", "Вероятность (1-5)", "Последствия (1-5)", "Уровень риска",
    "Ответственный", "Меры по снижению риска",
]
KY_PASSPORT_HEADERS = [
    "№", "Тобокелдик", "Ыктымалдуулук (1-5)", "Натыйжалары (1-5)", "Тобокелдик деңгээли",
    "Жооптуу", "Жеңилдетүү чаралары",
]


def xlsx_file(headers, rows, title_rows=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in title_rows:
        ws.append(list(r))
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx_file(headers, rows, *, broken=False) -> bytes:
    """A Word table; `broken` puts every cell's words on separate paragraphs."""
    doc = Document()
    doc.add_paragraph("Тобокелдик паспорту")
    table = doc.add_table(rows=1, cols=len(headers))
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _fill(cell, text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            text = "" if value is None else str(value)
            if broken:
                text = "\n".join(text.split(" "))
            _fill(cell, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _fill(cell, text):
    lines = str(text).split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
