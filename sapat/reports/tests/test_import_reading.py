"""Reading files: formats by content, headers by synonyms, cells broken over lines."""
from django.test import SimpleTestCase
from django.utils import translation

from sapat.reports import reading
from sapat.reports.reading import FileProblem

from .files import KY_REGISTER_HEADERS, RU_PASSPORT_HEADERS, docx_file, xlsx_file


class HeaderRecognitionTests(SimpleTestCase):
    def test_broken_kyrgyz_register_headings_are_recognised(self):
        fields = [reading.match_header(h) for h in KY_REGISTER_HEADERS]
        self.assertEqual(fields, [
            "number", "category", "title", "likelihood", "consequences", "level",
            "responsible", "measures", "deadline", "residual",
        ])

    def test_russian_passport_headings_are_recognised(self):
        fields = [reading.match_header(h) for h in RU_PASSPORT_HEADERS]
        self.assertEqual(fields, [
            "number", "title", "likelihood", "consequences", "level", "responsible", "measures",
        ])


class CellTests(SimpleTestCase):
    def test_a_cell_broken_over_lines_is_one_text(self):
        self.assertEqual(
            reading.join_lines("Башкаруу\nчечимдери өз\nубагында  кабыл\nалынбайт"),
            "Башкаруу чечимдери өз убагында кабыл алынбайт",
        )
        self.assertEqual(reading.join_lines("жол-\nжоболорун"), "жол-жоболорун")

    def test_measures_split_on_semicolons_and_read_their_deadline(self):
        measures = reading.split_measures(
            "ДЖПны жыл\nсайын жаңылоо;\nички\nаудит [31.12.2026];\nкурстар [Жыл сайын]"
        )
        self.assertEqual([m.text for m in measures],
                         ["ДЖПны жыл сайын жаңылоо", "ички аудит", "курстар"])
        self.assertEqual(str(measures[1].due_date), "2026-12-31")
        self.assertEqual(measures[2].rhythm_text, "Жыл сайын")

    def test_levels_with_band_words_read_as_numbers(self):
        self.assertEqual(reading.parse_int("16 – жогорку"), 16)
        self.assertEqual(reading.parse_int(4.0), 4)
        self.assertIsNone(reading.parse_int("4,5"))


class FileKindTests(SimpleTestCase):
    def setUp(self):
        self.enterContext(translation.override("en"))

    def test_xlsx_and_docx_are_told_apart_by_content_not_name(self):
        self.assertEqual(reading.sniff(xlsx_file(["a"], []), "x.docx"), "xlsx")
        self.assertEqual(reading.sniff(docx_file(["a"], []), "x.xlsx"), "docx")

    def test_non_office_files_get_a_clear_message(self):
        for content in (b"", b"%PDF-1.7 hello", b"PK\x03\x04broken zip",
                        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100):
            with self.subTest(content=content[:8]), self.assertRaises(FileProblem):
                reading.read_sheets(content, "file.xlsx")

    def test_a_zip_that_is_not_office_is_refused(self):
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("hello.txt", "hi")
        with self.assertRaisesMessage(FileProblem, "Excel"):
            reading.sniff(buf.getvalue())

    def test_too_large_files_are_refused_before_parsing(self):
        with self.assertRaisesMessage(FileProblem, "too large"):
            reading.sniff(b"PK\x03\x04" + b"0" * (reading.MAX_BYTES + 1))
