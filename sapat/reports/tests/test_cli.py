"""`sapat export …` and `sapat import …`: the same files and messages as the screens."""
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from sapat.risks.models import Risk

from .base import ReportsTestCase, xlsx_rows
from .files import KY_PASSPORT_HEADERS, xlsx_file


class ExportCommandTests(ReportsTestCase):
    def test_export_register_writes_a_russian_xlsx(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "register.xlsx"
            call_command("export", "register", "--format", "xlsx", "--lang", "ru",
                         "-o", str(out), stderr=io.StringIO())
            rows = xlsx_rows(out.read_bytes())
        titles = [r[2] for r in rows if r and isinstance(r[0], int)]
        self.assertIn(self.r1.title, titles)

    def test_export_passport_needs_a_known_unit(self):
        with self.assertRaisesMessage(CommandError, "nope"):
            call_command("export", "passport", "--unit", "nope", "-o", "/dev/null")

    def test_export_as_a_head_sees_only_their_scope(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "c.xlsx"
            call_command("export", "consolidated", "--as", "head", "-o", str(out),
                         stderr=io.StringIO())
            text = str(xlsx_rows(out.read_bytes()))
        self.assertIn(self.r1.title, text)
        self.assertNotIn("HYPERLINK", text)  # r3 lives in dep-b1


class ImportCommandTests(ReportsTestCase):
    def write(self, rows):
        f = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
        f.write(xlsx_file(KY_PASSPORT_HEADERS, rows))
        f.close()
        self.addCleanup(Path(f.name).unlink)
        return f.name

    def test_dry_run_prints_rows_and_saves_nothing(self):
        path = self.write([[1, "Жаңы тобокелдик", 2, 5, "", "", "Чара"]])
        out = io.StringIO()
        call_command("import", "passport", path, "--unit", "dep-a2", "--dry-run", "--as", "qms",
                     stdout=out)
        self.assertIn("10", out.getvalue())
        self.assertFalse(Risk.objects.filter(title="Жаңы тобокелдик").exists())

    def test_errors_are_printed_with_row_and_column_and_exit_non_zero(self):
        path = self.write([[1, "Жаңы тобокелдик", 7, 5, "", "", ""]])
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import", "passport", path, "--unit", "dep-a2", "--as", "qms",
                         "--lang", "en", stderr=err, stdout=io.StringIO())
        self.assertIn("Row 2", err.getvalue())
        self.assertIn("“7” is not a whole number from 1 to 5", err.getvalue())

    def test_register_import_puts_risks_into_the_university_register(self):
        from .files import KY_REGISTER_HEADERS

        f = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
        f.write(xlsx_file(
            [h.replace("\n", "") for h in KY_REGISTER_HEADERS],
            [[5, "Академиялык", "Жаңы реестр тобокелдиги", 3, 4, 12, "Ректорат",
              "Чара 1; Чара 2", "Квартал сайын", 6]],
        ))
        f.close()
        self.addCleanup(Path(f.name).unlink)
        call_command("import", "register", f.name, "--as", "qms", stdout=io.StringIO())
        risk = Risk.objects.get(title="Жаңы реестр тобокелдиги")
        self.assertTrue(risk.escalated)
        self.assertEqual((risk.register_number, risk.level, risk.residual_level), (5, 12, 6))
        self.assertEqual(risk.measures.count(), 2)
