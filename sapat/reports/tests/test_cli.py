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


def catalogue_english_words() -> set[str]:
    """Every word of four letters or more in the catalogue's English messages."""
    import re

    from django.conf import settings

    po = Path(settings.BASE_DIR) / "sapat" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        po = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    text = "\n".join(line for line in po.read_text(encoding="utf-8").splitlines()
                     if line.startswith(("msgid", '"')))
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


class CommandLanguageTests(ReportsTestCase):
    """`--lang ru` / `--lang ky`: no line of a command's output is in English."""

    ENGLISH = catalogue_english_words()

    def english_in(self, output: str, *, folder: str) -> set[str]:
        """English catalogue words in `output`, leaving out the files' paths and the
        records' own codes and logins (data, not messages)."""
        import re

        from sapat.org.models import Person, Unit

        output = re.sub(re.escape(folder) + r"\S*", "", output)
        data = {w.lower() for code in [*Unit.objects.values_list("code", flat=True),
                                       *Person.objects.values_list("username", flat=True)]
                for w in re.findall(r"[A-Za-z]+", code)}
        return {w for w in re.findall(r"[A-Za-z]{4,}", output)
                if w.lower() in self.ENGLISH and w.lower() not in data}

    def run_command(self, *args) -> str:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=err)
        except CommandError as exc:
            err.write(str(exc))
        return out.getvalue() + err.getvalue()

    def test_commands_speak_russian_and_kyrgyz(self):
        from sapat.org.hr.workbook import org_export_hr

        with tempfile.TemporaryDirectory() as tmp:
            passport = Path(tmp) / "p.xlsx"
            passport.write_bytes(xlsx_file(KY_PASSPORT_HEADERS, [
                [1, "Жаңы тобокелдик", 2, 5, "", "", "Чара"],
                [2, "Экинчи тобокелдик", 7, 5, "", "", ""],
            ]))
            hr = Path(tmp) / "hr.xlsx"
            hr.write_bytes(org_export_hr("ky"))
            for lang in ("ru", "ky"):
                outputs = {
                    "import passport": self.run_command(
                        "import", "passport", str(passport), "--unit", "dep-a2", "--dry-run",
                        "--as", "qms", "--lang", lang),
                    "import org": self.run_command(
                        "import", "org", str(hr), "--dry-run", "--as", "qms", "--lang", lang),
                    "export": self.run_command(
                        "export", "register", "--lang", lang, "-o", str(Path(tmp) / "r.xlsx")),
                    "backup": self.run_command(
                        "backup", str(Path(tmp) / "b.zip"), "--lang", lang),
                    "send_reminders": self.run_command(
                        "send_reminders", "--queue", "--lang", lang),
                }
                for name, output in outputs.items():
                    with self.subTest(lang=lang, command=name):
                        self.assertRegex(output, "[А-Яа-яӨөҮүҢң]")
                        self.assertEqual(self.english_in(output, folder=tmp), set(), output)
