"""One entry point for every download and the CLI: table name + format + language → file.

    export_table("register", "xlsx", person=request.user, lang="ru", params=request.GET)

Builds the table as `person` may see it, with the screen's filters (`params`), in the
language asked for, and writes it with the one writer of that format.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from sapat.org.models import Unit

from .columns import Table

TABLES = ("passport", "register", "consolidated", "integrated", "process-card", "heatmap",
          "audit-report", "documents", "documents-in-force", "nonconformities",
          "corrective-actions", "decisions", "minutes")
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
LANGUAGES = ("ky", "ru", "en")


class ExportError(ValueError):
    """A request for a table that cannot be made (unknown unit, missing process…)."""


@dataclass
class ExportFile:
    content: bytes
    filename: str
    content_type: str


class SystemPerson:
    """The CLI's reader when no --as user is given: the whole database, like an admin."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_anonymous = False
    pk = None
    unit_id = None
    unit = None
    full_name = "Sapat"

    def get_username(self) -> str:
        return "sapat"


def _unit(code: str | None) -> Unit | None:
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ExportError(_("There is no unit with the code “%(code)s”.") % {"code": code})
    return unit


def _process(code: str | None):
    from sapat.processes.models import Process

    if not code:
        return None
    process = Process.objects.live().filter(code=code).first()
    if process is None:
        raise ExportError(_("There is no process with the code “%(code)s”.") % {"code": code})
    return process


def filtered_risks(person, params) -> object:
    """The consolidated register's queryset with the screen's GET filters applied."""
    from .register import register_queryset

    qs = register_queryset(person)
    try:
        from sapat.risks import filters as risk_filters
    except ImportError:
        risk_filters = None
    apply = getattr(risk_filters, "apply_risk_filters", None)
    if apply is not None:
        return apply(qs, params, person=person)
    return _basic_filters(qs, params)


def filtered_opportunities(person, params):
    """The consolidated register's opportunities with the screen's GET filters (none when
    «risks only» or a filter only a risk can meet is set)."""
    from sapat.risks.filters import RiskFilterForm

    from .register import opportunity_queryset

    params = params or {}
    form = RiskFilterForm(params, person=person,
                          with_responsible=bool(params.get("responsible")))
    return form.filter_opportunities(opportunity_queryset(person))


def _basic_filters(qs, params):
    from django.db.models import Q

    from sapat.risks import scoring

    if params.get("unit"):
        unit = _unit(params.get("unit"))
        qs = qs.filter(Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + "."))
    if params.get("process"):
        qs = qs.filter(process__code=params.get("process"))
    if params.get("category"):
        qs = qs.filter(category__code=params.get("category"))
    for key, field in (("band", scoring.LEVEL), ("residual_band", scoring.RESIDUAL_LEVEL)):
        if params.get(key):
            band = scoring.load_bands().by_code(params.get(key))
            if band is not None:
                qs = qs.filter(scoring.band_q(band, field))
    for key, field in (("l", "likelihood"), ("c", "consequences"),
                       ("rl", "residual_likelihood"), ("rc", "residual_consequences")):
        value = params.get(key)
        if value and str(value).isdigit():
            qs = qs.filter(**{field: int(value)})
    if params.get("status"):
        qs = qs.filter(status=params.get("status"))
    return qs


def build_table(name: str, *, person, params=None, stream: bool = False) -> Table:
    """The `Table` named `name`, as `person` may read it, with `params` as filters.

    `params` keys: unit (code), process (code), plus the consolidated register's filters.
    """
    from . import heatmap, passport, processcard, register

    params = params or {}
    unit = _unit(params.get("unit"))
    if name == "passport":
        if unit is None:
            unit = getattr(person, "unit", None)
        if unit is None:
            raise ExportError(_("Name the unit whose passport to export."))
        return passport.passport_table(unit=unit, person=person)
    if name == "register":
        return register.register_table(person=person, stream=stream)
    if name == "consolidated":
        return register.consolidated_table(
            person=person, risks=filtered_risks(person, params),
            opportunities=filtered_opportunities(person, params), unit=unit, stream=stream,
        )
    if name == "heatmap":
        risks = filtered_risks(person, params)
        return heatmap.heatmap_table(
            person=person, risks=risks, unit=unit, residual=params.get("kind") == "residual"
        )
    if name == "process-card":
        process = _process(params.get("process"))
        if process is None:
            raise ExportError(_("Name the process whose card to export."))
        return processcard.process_card_table(process=process, person=person)
    if name == "audit-report":
        from .audit_report import audit_report_table

        return audit_report_table(audit_id=params.get("audit"), person=person)
    if name in ("documents", "documents-in-force"):
        from .documents import documents_table

        return documents_table(person=person, params=params,
                               in_force_only=name == "documents-in-force")
    if name == "nonconformities":
        from .improvement import nonconformities_table

        return nonconformities_table(person=person, params=params, stream=stream)
    if name == "corrective-actions":
        from .improvement import actions_table

        return actions_table(person=person, params=params, stream=stream)
    if name == "decisions":
        from .meetings import decision_register_table

        return decision_register_table(person=person, params=params, stream=stream)
    if name == "minutes":
        from .meetings import minutes_table

        return minutes_table(meeting_id=params.get("meeting"), person=person)
    if name == "integrated":
        from .integrated import integrated_table

        return integrated_table(person=person, params=params)
    raise Http404


def write(table: Table, fmt: str) -> bytes:
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(table)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(table)
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(table)
    raise ExportError(_("Unknown format “%(fmt)s”.") % {"fmt": fmt})


def count_rows(name: str, *, person, params=None) -> int:
    """About how many rows the table `name` will have (a COUNT or two, no rows read):
    decides whether a download is built in the request or as a background job, and is
    the progress bar's total while the rows stream."""
    from .register import opportunity_queryset, register_queryset

    params = params or {}
    if name == "consolidated":
        return (filtered_risks(person, params).count()
                + filtered_opportunities(person, params).count())
    if name == "register":
        return register_queryset(person).filter(escalated=True).count()
    if name == "integrated":
        return register_queryset(person).count() + opportunity_queryset(person).count()
    if name == "passport":
        unit = _unit(params.get("unit")) or getattr(person, "unit", None)
        if unit is None:
            return 0
        return register_queryset(person).filter(unit=unit).count()
    if name in ("documents", "documents-in-force"):
        from .documents import documents_queryset

        return documents_queryset(person, params,
                                  in_force_only=name == "documents-in-force").count()
    if name in ("nonconformities", "corrective-actions"):
        from .improvement import count

        return count(name, person=person, params=params)
    if name == "decisions":
        from .meetings import count_decisions

        return count_decisions(person=person, params=params)
    return 0  # a process card, a heat map: short


def _counting(rows, progress, total: int):
    """The rows as they are read, telling `progress` every 100 (rows done of rows)."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % 100 == 0:
            progress(done, max(total, done))
    progress(done, done)


# The regulation's appendix each table is drawn from.
APPENDIX = {"process-card": 2, "passport": 3, "register": 4, "integrated": 6,
            "consolidated": 7}
# Parameters that choose the table rather than filter it.
_CHOOSING = {"passport": {"unit"}, "process-card": {"process"}, "audit-report": {"audit"},
             "minutes": {"meeting"}}


def _caption(table, name: str, person, params) -> None:
    """The appendix caption, a line for the person to sign when the CLI exports for
    nobody, and what a filtered export is limited to."""
    block = table.title_block
    if name in APPENDIX:
        block.appendix = _("Appendix %(n)s") % {"n": APPENDIX[name]}
    if isinstance(person, SystemPerson):
        block.prepared_by = "_" * 24
    shown = []
    for key in sorted(set(params) - _CHOOSING.get(name, set())):
        value = params.get(key)
        if not value or key in ("lang", "format", "fmt", "table", "page", "sort"):
            continue
        if key == "unit":
            unit = Unit.objects.filter(code=value).first()
            shown.append(f"{_('Unit')}: {unit.label if unit else value}")
        elif key == "process":
            process = _process(value)
            shown.append(f"{_('Process')}: {process.label if process else value}")
        else:
            shown.append(f"{key}: {value}")
    if shown:
        block.filters = "; ".join(shown)


def export_table(name: str, fmt: str, *, person, lang: str = "ky", params=None,
                 progress=None) -> ExportFile:
    """Build and write one table; the whole file in the language `lang`.

    `progress(done, total, stage)`, when given, hears the rows read as they are read (a
    background job's progress bar, a command's terminal bar).
    """
    if name not in TABLES:
        raise ExportError(_("Unknown table “%(name)s”.") % {"name": name})
    if fmt not in FORMATS:
        raise ExportError(_("Unknown format “%(fmt)s”.") % {"fmt": fmt})
    lang = lang if lang in LANGUAGES else "ky"
    with translation.override(lang):
        if progress is None:
            # Streamed rows only where the writer streams too (XLSX write-only mode).
            table = build_table(name, person=person, params=params, stream=fmt == "xlsx")
        else:
            total = count_rows(name, person=person, params=params)
            progress(0, total, _("Reading the rows"))
            table = build_table(name, person=person, params=params, stream=True)
            rows = _counting(table.rows, progress, len(table.rows)
                             if hasattr(table.rows, "__len__") else total)
            if fmt == "xlsx":
                table.rows = rows  # written as they are read
            else:
                # DOCX and PDF lay the whole table out at once (and the PDF's layout
                # depends on the number of rows): read them all first.
                table.rows = list(rows)
            progress(0 if fmt == "xlsx" else len(table.rows), None, {
                "xlsx": _("Writing the spreadsheet"), "docx": _("Writing the document"),
                "pdf": _("Printing the PDF"),
            }[fmt])
        _caption(table, name, person, params or {})
        content = write(table, fmt)
    return ExportFile(content, f"{table.filename}-{lang}.{fmt}", FORMATS[fmt])
