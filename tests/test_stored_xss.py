"""Stored XSS: every free-text field of every Sapat model holds an attack, and nothing runs it.

The fields are found by introspection (every CharField and TextField of every model of the
Sapat apps, history tables included), so a field added tomorrow is attacked tomorrow. Each
row gets the attack followed by a marker (` ·<field>.<pk>`) that names the field in a
failure message. Then every page that shows records is read as the QMS office (who may
read and edit everything), every dashboard as each demo person, and every table is
exported to XLSX, DOCX and PDF.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.test import TestCase
from django.urls import reverse

from sapat.demo.loader import load_demo
from sapat.org.models import Person

from .test_security_walk import routes

# Fields left out, each with the reason it cannot carry an attack to any output.
SKIP = {
    "org.Person.password": "a password hash, never shown (its history leaves it out)",
    "api.ApiToken.key_hash": "a SHA-256 of the key, never shown; the key is never stored",
    "org.Unit.path": "computed from primary keys by Unit.save, never typed",
    "audits.Clause.code": "ISO 9001's clause numbers, unique, installed by a migration; no "
                          "form or API writes them",
}
# Fields with choices hold one of their codes (forms, API and imports refuse anything
# else) and pages show the translated label. Slug fields (codes) are checked as slugs on
# every way in; they are the records' addresses, so an attack there cannot even be stored.

MARKER = " ·{field}.{pk}"
MARKER_ROOM = 12
# Pieces of the attacks, fitted greedily into each field's max_length.
TAGS = ['"><img src=x onerror=alert(1)>', "<script>alert(1)</script>", "{{7*7}}", '"><xss>']
LINKS = ["javascript:alert(1)//", '"><xss>', "{{7*7}}"]
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULA = ['HYPERLINK("http://x")', "<script>alert(1)</script>"]
# What an attack looks like when it was NOT escaped.
UNESCAPED = ("<script>alert", "<img src=x", "<xss>")
JS_URL = re.compile(r"""(href|src|action|formaction|hx-[a-z]+)\s*=\s*["']?\s*javascript:""",
                    re.IGNORECASE)


def free_text_fields() -> list[tuple[type[models.Model], models.Field]]:
    """(model, field) for every free-text field of every model of the Sapat apps."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.app_config.name.startswith("sapat."):
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, (models.CharField, models.TextField)):
                continue
            if f.choices or isinstance(f, models.SlugField):
                continue
            if f"{model._meta.label}.{f.name}" in SKIP:
                continue
            found.append((model, f))
    return sorted(found, key=lambda mf: (mf[0]._meta.label, mf[1].name))


def fitted(pieces: list[str], room: int | None, start: str = "") -> str:
    text = start
    for piece in pieces:
        if room is None or len(text) + len(piece) <= room:
            text += piece
    return text


def fill(pieces: list[str], *, formula: bool = False) -> dict[str, str]:
    """Write the attack into every free-text field of every row; {marker: field label}."""
    names = {}
    per_model = defaultdict(list)
    for n, (model, f) in enumerate(free_text_fields()):
        per_model[model].append((n, f))
        names[str(n)] = f"{model._meta.label}.{f.name}"
    for model, fields in per_model.items():
        for pk in model._base_manager.values_list("pk", flat=True):
            values = {}
            for n, f in fields:
                marker = MARKER.format(field=n, pk=pk)
                limit = f.max_length
                room = None if limit is None else limit - MARKER_ROOM
                if room is not None and room < 7:
                    room, marker = limit, ""
                start = FORMULA_STARTS[pk % len(FORMULA_STARTS)] if formula else ""
                text = fitted(pieces, room, start)
                if text != start:
                    values[f.attname] = text + marker
            if values:
                model._base_manager.filter(pk=pk).update(**values)
    return names


class StoredXssTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)
        cls.qms = Person.objects.get(username="qms")
        cls.people = list(Person.objects.filter(roles__isnull=False).distinct())
        cls._extra_records()

    @classmethod
    def _extra_records(cls):
        """Records the demo does not hold, so that every kind of record gets its attack."""
        from sapat.api.models import ApiToken, hash_key
        from sapat.processes.models import PolicyAcknowledgement, QualityPolicy
        from sapat.risks.models import Measure

        head = Person.objects.get(username="head")
        ApiToken.objects.create(person=cls.qms, name="script", key_hash=hash_key("k1"),
                                prefix="sapat_k1")
        ApiToken.objects.create(person=head, name="script", key_hash=hash_key("k2"),
                                prefix="sapat_k2")
        policy = QualityPolicy.objects.get(version=1)
        draft = QualityPolicy.objects.create(version=2, text="draft", unit=policy.unit)
        PolicyAcknowledgement.objects.create(policy=policy, person=head)
        cls._approval_requests(draft)
        # Changes with a reason, so that the history pages show reasons and old values.
        for measure in Measure.objects.all()[:3]:
            measure._change_reason = "reason"
            measure.result = "done"
            measure.save()

    @classmethod
    def _approval_requests(cls, policy):
        """Two versions of one record's approval, so that a comparison has two texts."""
        from django.utils import timezone

        from sapat.approvals.models import ApprovalEvent, ApprovalRequest

        for number, state in ((1, "approved"), (2, "returned")):
            request = ApprovalRequest.objects.create(
                kind="policy", object_id=policy.pk, number=number, unit=policy.unit,
                body="rector", state=state, title="policy", content=f"text {number}",
                sha256="0" * 64, submitted_by=cls.qms, submitted_at=timezone.now(),
                decision_no="1", reason="reason")
            ApprovalEvent.objects.create(request=request, state=state, by=cls.qms,
                                         at=timezone.now(), decision_no="1", reason="reason")

    def assert_escaped(self, body: str, where: str, names: dict[str, str]):
        for bad in UNESCAPED:
            at = body.find(bad)
            if at >= 0:
                snippet = body[max(0, at - 120):at + 160]
                fields = {names.get(m, m) for m in re.findall(r"·(\d+)\.\d+", snippet)}
                self.fail(f"{where}: unescaped {bad!r} from {sorted(fields)}:\n{snippet}")
        match = JS_URL.search(body)
        if match:
            snippet = body[max(0, match.start() - 80):match.end() + 120]
            self.fail(f"{where}: a javascript: link:\n{snippet}")


# --- Pages -------------------------------------------------------------------------------

def _ids(model_path: str, limit: int = 2):
    model = apps.get_model(model_path)
    manager = getattr(model, "all_objects", model._base_manager)
    return [str(pk) for pk in manager.order_by("pk").values_list("pk", flat=True)[:limit]]


def _codes(limit: int = 3):
    from sapat.risks.models import Risk

    return list(Risk.objects.order_by("unit__code").values_list("unit__code", flat=True)
                .distinct()[:limit])


# The record each parametrised page shows; a route that shows records but is missing here
# fails `test_every_page_is_covered`.
RECORD_PAGES = {
    "documents:people_search": "documents.Document",
    "org:unit_edit": "org.Unit",
    "org:position_edit": "org.Position",
    "org:person_edit": "org.Person",
    "org:term_edit": "org.Term",
    "processes:card": "processes.Process",
    "processes:edit": "processes.Process",
    "processes:group_edit": "processes.ProcessGroup",
    "processes:kpi": "processes.Indicator",
    "processes:kpi_edit": "processes.Indicator",
    "processes:kpi_chart": "processes.Indicator",
    "processes:objective_edit": "processes.QualityObjective",
    "risks:risk_detail": "risks.Risk",
    "risks:risk_edit": "risks.Risk",
    "risks:risk_row": "risks.Risk",
    "risks:measure_create": "risks.Risk",
    "risks:opportunity_detail": "risks.Opportunity",
    "risks:opportunity_edit": "risks.Opportunity",
    "risks:opportunity_archive": "risks.Opportunity",
    "risks:opportunity_measure_create": "risks.Opportunity",
    "risks:measure_edit": "risks.Measure",
    "risks:measure_complete": "risks.Measure",
    "processes:policy_version": "processes.QualityPolicy",
    "processes:policy_draft_edit": "processes.QualityPolicy",
    "meetings:meeting": "meetings.Meeting",
    "meetings:edit": "meetings.Meeting",
    "meetings:decision_create": "meetings.Meeting",
    "meetings:decision": "meetings.Decision",
    "meetings:decision_edit": "meetings.Decision",
    "meetings:body_edit": "meetings.Body",
    "audits:programme": "audits.AuditProgramme",
    "audits:calendar": "audits.AuditProgramme",
    "audits:priorities": "audits.AuditProgramme",
    "audits:audit_create": "audits.AuditProgramme",
    "audits:audit": "audits.Audit",
    "audits:audit_edit": "audits.Audit",
    "approvals:detail": "approvals.ApprovalRequest",
    "improvement:detail": "improvement.Nonconformity",
    "improvement:action": "improvement.CorrectiveAction",
    "reviews:detail": "reviews.ManagementReview",
    "reviews:output": "reviews.ReviewOutput",
    "reviews:context_edit": "reviews.ContextIssue",
    "reviews:resource_edit": "reviews.ResourceReport",
    "reviews:annual": "reviews.AnnualReport",
    "approvals:compare": "approvals.ApprovalRequest",
    "documents:detail": "documents.Document",
    "documents:edit": "documents.Document",
    "documents:version_create": "documents.Document",
    "documents:version": "documents.DocumentVersion",
}
UNIT_PAGES = {"risks:passport", "risks:risk_create", "risks:opportunity_create"}
# Parametrised routes that show no record's text (POST-only actions, files, exports).
NOT_PAGES = {
    "history": "walked separately, for every model with history",
    "processes:evidence": "a file download: tests/test_uploads.py",
    "risks:measure_evidence": "a file download: tests/test_uploads.py",
    "reports:export": "exports are checked below, format by format",
    "processes:kpi_template": "an XLSX file, checked with the exports",
    "profile_token_new": "POST only",
    "risks:risk_reassess": "POST only",
    "risks:risk_archive": "POST only",
    "risks:risk_restore": "POST only",
    "risks:opportunity_restore": "POST only",
    "risks:opportunity_mark": "POST only",
    "risks:measure_archive": "POST only",
    "processes:policy_acknowledge": "POST only",
    "risks:risk_status": "POST only",
    "risks:risk_escalate": "POST only",
    "risks:risk_deescalate": "POST only",
    "risks:measure_status": "POST only",
    "risks:register_escalate": "POST only",
    "risks:register_deescalate": "POST only",
    "risks:register_renumber": "POST only",
    "profile_token_revoke": "POST only",
    "accounts:invite_person": "POST only",
    "password_reset_confirm": "a password form reached by a signed link; shows no record",
    "accounts:invitation": "reached by a single-use link; sapat/accounts/tests/test_invitations.py",
    "org:import_template": "an XLSX template with no record in it",
    "reports:risk_import_template": "an XLSX template with no record in it",
    "jobs:detail": "a person's own job (404 to anyone else); its title is a translated label",
    "jobs:status": "the progress fragment of jobs:detail",
    "jobs:download": "a file download of the person's own job",
    "jobs:remove": "POST only",
    "audits:file": "a file download, read like the audit's gradings",
    "audits:report": "the lead auditor's form; its texts are the audit's, shown on audits:audit",
    "audits:revise": "POST only",
    "reviews:hold": "POST only",
    "reviews:output_add": "POST only",
    "reviews:people_search": "people's names as JSON, only while a held review's decisions "
                             "are recorded (as risks:people_search)",
    "reviews:annual_generate": "POST only",
    "reviews:document": "the review pack or minutes as PDF/DOCX (the writers' escaping is "
                        "tested with the exports)",
    "reviews:annual_document": "the annual report as PDF/DOCX (as reviews:document)",
    "audits:audit_start": "POST only",
    "audits:generate": "POST only",
    "audits:question_add": "POST only",
    "audits:question_remove": "POST only",
    "audits:grade": "POST only",
    "audits:file_add": "POST only",
    "audits:acknowledge": "POST only",
    "audits:audit_close": "POST only",
    "audits:auditor_remove": "POST only",
    "approvals:document": "the frozen copy as a download (attachment, nosniff)",
    "approvals:submit": "POST only",
    "improvement:actions_done": "POST only",
    "improvement:review_plan": "POST only",
    "improvement:close": "POST only",
    "improvement:from_finding": "POST only",
    "improvement:action_evidence": "a file download, read like the corrective action",
    "approvals:approve": "POST only; its confirmation is the comparison of approvals:compare",
    "approvals:return": "POST only",
    "documents:file": "a file download (attachment, nosniff, sandbox): sapat/documents/tests",
    "documents:reviewed": "POST only",
    "documents:cite": "POST only",
    "documents:dispose": "POST only",
    "documents:file_add": "POST only",
    "documents:send_review": "POST only",
    "documents:redraft": "POST only",
    "documents:version_delete": "POST only",
    "documents:comment": "POST only",
    "documents:publish": "POST only",
    "documents:withdraw": "POST only",
    "documents:acknowledge": "POST only",
    "meetings:agenda_add": "POST only",
    "meetings:body_archive": "POST only",
    "meetings:agenda_remove": "POST only",
    "meetings:attendance_set": "POST only",
    "meetings:attendance_remove": "POST only",
    "meetings:document_add": "POST only",
    "meetings:document": "a file download (attachment, nosniff, sandbox)",
    "meetings:decision_complete": "POST only",
    "meetings:decision_status": "POST only",
    "meetings:decision_evidence": "a file download (attachment, nosniff, sandbox)",
}
# Pages without parameters that need no reading: they show no stored text.
NO_RECORDS = {"login", "logout", "set_language", "javascript-catalog", "health",
              "password_change", "password_change_done", "processes:kpi_import_commit",
              "reports:import_commit", "accounts:invite_new", "jobs:backup", "org:import_save",
              # The invitation link's landing page, gone (410) once its token is used.
              "accounts:invitation_accept",
              # The organisation as an HR workbook: every cell written as text (as_text).
              "org:export_hr"}
# Pages read with an htmx request too: their fragments are built separately.
HTMX_PAGES = {"risks:consolidated", "risks:passport", "risks:register", "risks:risk_row"}


def _pages():
    """(route name, path) for every page that shows stored text."""
    for route, name, namespace in routes():
        if route.startswith(("admin/", "api/", "^media/")) or name is None:
            continue
        full = f"{namespace}:{name}" if namespace else name
        if full in NO_RECORDS or full in NOT_PAGES:
            continue
        if full in RECORD_PAGES:
            for pk in _ids(RECORD_PAGES[full]):
                yield full, reverse(full, args=[pk])
        elif full in UNIT_PAGES:
            for code in _codes():
                yield full, reverse(full, args=[code])
        elif "<" not in route and "(?P" not in route:
            yield full, reverse(full)
        else:
            raise AssertionError(f"{full}: which record does it show? Add it to RECORD_PAGES")


def _history_pages():
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("sapat."):
            continue
        if not (hasattr(model, "history") and hasattr(model, "access_unit")):
            continue
        for obj in model._base_manager.order_by("pk")[:1]:
            # Scales and categories belong to no unit: their history is the admin's.
            if obj.access_unit is not None:
                yield "history", reverse("history", args=[model._meta.label_lower, obj.pk])


class PagesTests(StoredXssTestCase):
    def read_pages(self, names):
        self.client.force_login(self.qms)
        seen = 0
        for name, path in [*_pages(), *_history_pages()]:
            headers = [{}, {"HTTP_HX_REQUEST": "true"}] if name in HTMX_PAGES else [{}]
            for extra in headers:
                with self.subTest(path=path, htmx=bool(extra)):
                    response = self.client.get(path, follow=True, **extra)
                    self.assertEqual(response.status_code, 200, f"{path}: {response.status_code}")
                    self.assert_escaped(response.content.decode(), path, names)
                    seen += 1
        return seen

    def test_tags_in_every_field_are_shown_as_text_in_search_results(self):
        from sapat.search.index import rebuild

        names = fill(TAGS)
        rebuild()
        self.client.force_login(self.qms)
        response = self.client.get(reverse("search:results"), {"q": "alert"})
        self.assertContains(response, "search-hit")
        self.assert_escaped(response.content.decode(), "search:results", names)

    def test_every_page_is_covered(self):
        pages = list(_pages())
        self.assertGreater(len(pages), 40)
        self.assertGreater(len(list(_history_pages())), 8)

    def test_tags_in_every_field_are_shown_as_text_on_every_page(self):
        names = fill(TAGS)
        self.assertGreater(self.read_pages(names), 60)
        # The attack is shown, as text, where the record is shown.
        from sapat.risks.models import Risk

        risk = Risk.objects.first()
        page = self.client.get(reverse("risks:risk_detail", args=[risk.pk])).content.decode()
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
        self.assertIn("{{7*7}}", page)  # data, never a template

    def test_javascript_urls_in_every_field_never_become_links(self):
        names = fill(LINKS)
        self.read_pages(names)

    def test_every_dashboard_escapes_the_attack(self):
        names = fill(TAGS)
        for person in self.people:
            self.client.force_login(person)
            for path in (reverse("home"), reverse("dashboards:integrated"),
                         reverse("risks:my_measures"), reverse("profile")):
                with self.subTest(person=person.username, path=path):
                    response = self.client.get(path)
                    self.assertIn(response.status_code, (200, 403), path)
                    self.assert_escaped(response.content.decode(), path, names)


# --- Exports -----------------------------------------------------------------------------

def _export_params():
    from sapat.audits.models import Audit
    from sapat.meetings.models import Meeting
    from sapat.processes.models import Process

    process = Process.objects.exclude(goal="").order_by("pk").first() or Process.objects.first()
    unit = _codes(1)[0]
    return {
        "passport": [{"unit": unit}],
        "register": [{}],
        "consolidated": [{}],
        "integrated": [{}],
        "process-card": [{"process": process.code}],
        "heatmap": [{}, {"kind": "residual"}],
        "audit-report": [{"audit": str(Audit.objects.filter(state="reported").first().pk)}],
        "documents": [{}],
        "documents-in-force": [{}],
        "nonconformities": [{}],
        "corrective-actions": [{}],
        "decisions": [{}],
        "minutes": [{"meeting": str(Meeting.objects.order_by("pk").first().pk)}],
    }


class ExportTests(StoredXssTestCase):
    def exports(self, fmt: str):
        from sapat.reports.export import TABLES, export_table

        params = _export_params()
        self.assertEqual(set(params), set(TABLES), "a new table needs its parameters here")
        for table, variants in params.items():
            for p in variants:
                yield table, p, export_table(table, fmt, person=self.qms, lang="ky",
                                             params=p).content

    def test_xlsx_cells_are_text_never_formulas(self):
        from openpyxl import load_workbook

        fill(FORMULA, formula=True)
        files = [(f"{t} {p}", content) for t, p, content in self.exports("xlsx")]
        self.client.force_login(self.qms)
        files.append(("KPI template", self.client.get(reverse("processes:kpi_template")).content))
        for where, content in files:
            wb = load_workbook(io.BytesIO(content))
            risky, bad = 0, []
            for ws in wb.worksheets:
                self.assertFalse(ws._hyperlinks, where)
                for cell in (c for row in ws.iter_rows() for c in row):
                    if cell.data_type == "f":
                        bad.append(f"{ws.title}!{cell.coordinate} is a formula: {cell.value}")
                    elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                        risky += "HYPERLINK" in cell.value
                        if not cell.quotePrefix:
                            bad.append(f"{ws.title}!{cell.coordinate} lacks the quote prefix")
            with self.subTest(file=where):
                self.assertEqual(bad, [])
                if not where.startswith("heatmap"):  # the heat map holds counts, not text
                    self.assertGreater(risky, 0, "no attacked cell to check")

    def test_docx_holds_the_literal_text(self):
        from docx import Document

        fill(TAGS)
        for table, p, content in self.exports("docx"):
            with self.subTest(table=table, params=p):
                doc = Document(io.BytesIO(content))
                text = "\n".join(
                    [para.text for para in doc.paragraphs]
                    + [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
                )
                if table != "heatmap":  # the heat map holds counts, not text
                    self.assertIn("<script>alert(1)</script>", text)
                rels = [r.reltype for r in doc.part.rels.values()]
                self.assertFalse([r for r in rels if r.endswith("/hyperlink")])

    def test_pdf_shows_the_literal_text_and_links_nowhere(self):
        fill(TAGS)
        for table, p, content in self.exports("pdf"):
            with self.subTest(table=table, params=p):
                self.assert_pdf_safe(content, table != "heatmap")

    def test_pdf_printed_by_chromium_too(self):
        from sapat.reports.export import build_table
        from sapat.reports.pdf import chromium_binary, write_pdf

        if not chromium_binary():
            self.fail("Chromium is needed to print long tables: install chromium")
        fill(LINKS)
        content = write_pdf(build_table("consolidated", person=self.qms, params={}),
                            engine="chromium")
        self.assertTrue(content.startswith(b"%PDF"))
        self.assert_pdf_safe(content, True, needle='"><xss>')

    def test_the_printed_document_runs_no_script_and_fetches_nothing(self):
        # Defence in depth: were a template ever to let markup through, Chromium would run
        # it while printing; the document's own CSP stops it.
        from sapat.reports.export import build_table
        from sapat.reports.pdf import _chromium_pdf, render_html

        html = render_html(build_table("register", person=self.qms, params={}))
        html = html.replace("</body>", "<p id=probe>NOT RUN</p><script>document.getElementById"
                            "('probe').textContent='SCRIPT RAN'</script></body>")
        self.assert_pdf_safe(_chromium_pdf(html), True, needle="NOT RUN")

    def assert_pdf_safe(self, content: bytes, has_text: bool,
                        needle: str = "<script>alert(1)</script>"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "export.pdf"
            path.write_bytes(content)
            text = subprocess.run(["pdftotext", "-layout", str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout
            info = subprocess.run(["pdfinfo", "-url", "-js", str(path)],
                                  capture_output=True, text=True, check=True).stdout
        if has_text:
            # Long cells wrap: compare without the line breaks and spaces.
            self.assertIn(re.sub(r"\s+", "", needle), re.sub(r"\s+", "", text),
                          "the attack should print as text")
        self.assertNotIn("javascript", info.lower())
        self.assertNotIn("alert", info)


class ApiTests(StoredXssTestCase):
    def test_api_returns_the_text_as_json_data(self):
        from sapat.risks.models import Risk

        fill(TAGS)
        cache.clear()
        self.client.force_login(self.qms)
        risk = Risk.objects.first()
        response = self.client.get(f"/api/v1/risks/{risk.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(json.loads(response.content)["title"], risk.title)
        self.assertIn("<script>alert(1)</script>", risk.title)


class FieldEnumerationTests(TestCase):
    def test_every_known_free_text_field_is_attacked(self):
        labels = {f"{m._meta.label}.{f.name}" for m, f in free_text_fields()}
        for expected in ("risks.Risk.title", "risks.Measure.result", "org.Unit.name",
                         "org.Person.full_name", "processes.Process.goal",
                         "risks.HistoricalRisk.cause", "api.ApiToken.name",
                         "risks.RiskBand.colour", "processes.Measurement.comment"):
            self.assertIn(expected, labels)
        self.assertGreater(len(labels), 60)

    def test_the_skip_list_names_real_fields(self):
        for label in SKIP:
            app_model, field = label.rsplit(".", 1)
            apps.get_model(app_model)._meta.get_field(field)
