"""The reports' background jobs: exports of large tables and the saving of imports.

Plain functions of a job context (`sapat.jobs.runner.JobContext`) registered in the jobs
registry; the download view and the import screen start them, a worker runs them.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.jobs.registry import JobKind, register
from sapat.jobs.runner import JobError

from .export import ExportError, export_table

TABLE_TITLES = {
    "passport": lambda: _("Risk passport"),
    "register": lambda: _("University risk register"),
    "consolidated": lambda: _("Consolidated risk register"),
    "integrated": lambda: _("Integrated table"),
    "process-card": lambda: _("Process card"),
    "heatmap": lambda: _("Heat map"),
    "decisions": lambda: _("Decision register"),
}


def as_query(params: dict) -> QueryDict:
    """A job's stored filters ({key: [values]}) as the QueryDict the screens read."""
    query = QueryDict(mutable=True)
    for key, values in (params or {}).items():
        query.setlist(key, values if isinstance(values, list) else [values])
    return query


def export_params(query) -> dict:
    return {key: query.getlist(key) for key in query if key != "lang"}


def export_title(params: dict) -> str:
    title = TABLE_TITLES.get(params.get("table"), lambda: params.get("table", ""))()
    return f"{title} ({params.get('fmt', '').upper()})"


def export_job(ctx, *, table: str, fmt: str, filters: dict | None = None) -> dict:
    try:
        result = export_table(table, fmt, person=ctx.person, lang=ctx.lang,
                              params=as_query(filters), progress=ctx.progress)
    except ExportError as exc:
        raise JobError(str(exc)) from exc
    ctx.save_file(result.filename, result.content, result.content_type)
    return {"rows": ctx.total}


def import_title(params: dict) -> str:
    if params.get("kind") == "register":
        return _("Import of the university register")
    return _("Import of a risk passport")


def import_job(ctx, *, kind: str, token: str, unit: int | None,
               category_map: dict | None = None) -> dict:
    """Save a previewed file: read and checked again (through the same parsing entry point
    as the preview), then every row or none, in one transaction with the job's end."""
    from django.core.files.storage import default_storage
    from django.db import transaction

    from sapat.org.models import Unit

    from .importing import default_unit, import_commit, plan_import

    name = f"imports/{token}"
    if not default_storage.exists(name):
        raise JobError(_("The uploaded file has expired; upload it again."))
    with default_storage.open(name, "rb") as f:
        content = f.read()
    unit_obj = Unit.objects.filter(pk=unit).first() if unit else None
    unit_obj = unit_obj or default_unit(kind, ctx.person)
    ctx.progress(0, 0, _("Reading the file"))
    try:
        plan = plan_import(kind=kind, content=content, filename="", unit=unit_obj,
                           person=ctx.person, category_map=category_map)
    except PermissionDenied as exc:
        raise JobError(_("You may not import into this unit or register.")) from exc
    if not plan.ok:
        raise JobError(" ".join(str(m) for m in plan.messages()))
    ctx.progress(0, len(plan.rows), _("Saving the rows"))
    result = import_commit(plan=plan, person=ctx.person, progress=ctx.progress)
    # The stashed file goes only when the rows (and the job's "done") are committed.
    transaction.on_commit(lambda: default_storage.delete(name))
    return {
        "created": result.created, "updated": result.updated,
        "unchanged": result.unchanged, "measures": result.measures_added,
        "message": imported_message(result),
        "url": (reverse("risks:register") if kind == "register"
                else reverse("risks:passport", kwargs={"code": plan.unit.code})),
    }


def imported_message(result) -> str:
    return _(
        "Imported: %(created)s new risks, %(updated)s updated, %(unchanged)s unchanged, "
        "%(measures)s new measures."
    ) % {"created": result.created, "updated": result.updated,
         "unchanged": result.unchanged, "measures": result.measures_added}


register(JobKind("export", export_job, title=export_title))
register(JobKind("import", import_job, title=import_title, writes=True))
