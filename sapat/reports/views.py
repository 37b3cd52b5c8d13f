"""Downloads (one view for every table × format) and the import screens."""
from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sapat.jobs.services import JobLimitReached, heavy_work
from sapat.org.access import Action, may_anywhere
from sapat.org.models import Unit
from sapat.risks.permissions import may_escalate

from .export import FORMATS, TABLES, ExportError, count_rows, export_table
from .forms import ImportForm
from .importing import NEW, default_unit, import_commit, may_import, plan_import

HEAVY_FORMATS = ("pdf", "docx")


@login_required
@require_GET
def export(request, table: str, fmt: str):
    """`/reports/export/<table>.<fmt>?lang=ru&unit=dep-it&…` — the screen's filters in GET."""
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    if not may_anywhere(request.user, Action.READ):
        raise PermissionDenied
    lang = request.GET.get("lang") or get_language()
    try:
        if count_rows(table, person=request.user, params=request.GET) > \
                settings.SAPAT_EXPORT_JOB_ROWS:
            # A large table is built by a worker, with a progress bar; the file then
            # waits in "my downloads" (sapat.reports.jobs).
            return _export_as_job(request, table, fmt, lang)
        if fmt in HEAVY_FORMATS:  # Chromium or LibreOffice, even for a few rows
            with heavy_work(request.user):
                result = export_table(table, fmt, person=request.user, lang=lang,
                                      params=request.GET)
        else:
            result = export_table(table, fmt, person=request.user, lang=lang,
                                  params=request.GET)
    except ExportError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    except JobLimitReached as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("jobs:mine")
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _export_as_job(request, table: str, fmt: str, lang: str):
    from sapat.jobs.services import job_start

    from .jobs import export_params

    try:
        job = job_start(kind="export", owner=request.user, lang=lang, params={
            "table": table, "fmt": fmt, "filters": export_params(request.GET),
        })
    except JobLimitReached as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("jobs:mine")
    return redirect("jobs:detail", pk=job.pk)


# --- Imports: upload → preview → commit --------------------------------------------------

def _stash(request, content: bytes) -> str:
    """Keep the uploaded file between preview and commit (storage API: any worker)."""
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    _drop_stale(default_storage)
    name = default_storage.save(
        f"imports/{request.user.pk}-{uuid.uuid4().hex}.bin", ContentFile(content)
    )
    return name.removeprefix("imports/")


def _drop_stale(storage) -> None:
    """Previews never saved leave their file behind: drop those older than a day."""
    import datetime

    from django.utils import timezone

    try:
        _dirs, files = storage.listdir("imports")
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - datetime.timedelta(days=1)
    for name in files:
        try:
            if storage.get_modified_time(f"imports/{name}") < cutoff:
                storage.delete(f"imports/{name}")
        except (FileNotFoundError, NotImplementedError):
            continue


def _unstash(request, token: str) -> bytes | None:
    from django.core.files.storage import default_storage

    if not re.fullmatch(rf"{request.user.pk}-[0-9a-f]{{32}}\.bin", token or ""):
        return None
    name = f"imports/{token}"
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as f:
        return f.read()


def _drop(token: str) -> None:
    from django.core.files.storage import default_storage

    default_storage.delete(f"imports/{token}")


def _unit_for(kind, unit, person):
    return unit or default_unit(kind, person)


@login_required
@require_GET
def import_template(request, kind: str, lang: str):
    """An empty passport or register with the regulation's headings in `lang`, as the
    importer reads them: fill in the rows, upload it."""
    from django.utils import translation

    from .columns import PASSPORT_COLUMNS, REGISTER_COLUMNS, Table
    from .common import title_block
    from .export import LANGUAGES
    from .xlsx import write_xlsx

    if not (may_anywhere(request.user, Action.CREATE) or may_escalate(request.user)):
        raise PermissionDenied
    if kind not in ("passport", "register") or lang not in LANGUAGES:
        raise Http404
    with translation.override(lang):
        passport = kind == "passport"
        unit = getattr(request.user, "unit", None) if passport else None
        table = Table(
            key=kind,
            title=_("Risk passport") if passport else _("University risk register"),
            columns=PASSPORT_COLUMNS if passport else REGISTER_COLUMNS,
            rows=[],
            title_block=title_block(person=request.user, unit=unit),
            filename=f"template-{kind}",
        )
        content = write_xlsx(table)
    response = HttpResponse(content, content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = (
        f'attachment; filename="sapat-{kind}-template-{lang}.xlsx"')
    return response


def _category_map(post) -> dict:
    """The QMS office's choices for categories the catalogue lacks: the form's
    `category_name_N` (as the file writes it) → `category_map_N` (a code, or NEW)."""
    chosen = {}
    for key, name in post.items():
        if key.startswith("category_name_"):
            value = post.get("category_map_" + key.removeprefix("category_name_"), "")
            if value:
                chosen[name] = value
    return chosen


def _category_choices(plan):
    """Rows of the preview's "categories the catalogue lacks" form."""
    from sapat.risks.models import RiskCategory

    if not plan or not plan.unknown_categories:
        return None
    categories = list(RiskCategory.objects.filter(is_active=True))
    return {
        "categories": categories,
        "unknown": [
            {"index": i, "name": name, "chosen": plan.category_map.get(key, "")}
            for i, (key, name) in enumerate(plan.unknown_categories.items())
        ],
    }


def _render_import(request, form, plan, token):
    return render(request, "reports/import.html", {
        "form": form, "plan": plan, "token": token, "section": "import",
        "title": _("Import a passport or register"), "category_choices": _category_choices(plan),
        "category_map": [
            {"index": i, "name": plan.unknown_categories.get(k, k), "value": v}
            for i, (k, v) in enumerate(plan.category_map.items())
        ] if plan else [],
        "new_category": NEW,
    })


@login_required
def import_upload(request):
    """Upload a passport or register file and see every row before anything is saved.

    Categories the catalogue lacks are listed with a choice each (an existing category
    or a new one); choosing re-checks the stashed file with that map."""
    if not (may_anywhere(request.user, Action.CREATE) or may_escalate(request.user)):
        raise PermissionDenied
    plan = token = None
    if request.method == "POST" and request.POST.get("token"):
        kind = request.POST.get("kind", "")
        unit = Unit.objects.filter(pk=request.POST.get("unit") or None).first()
        unit = _unit_for(kind, unit, request.user)
        token = request.POST["token"]
        content = _unstash(request, token)
        form = ImportForm(person=request.user, initial={"kind": kind, "unit": unit})
        if content is None:
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect("reports:import")
        if not may_import(request.user, kind, unit):
            raise PermissionDenied
        try:
            with heavy_work(request.user):
                plan = plan_import(kind=kind, content=content, filename="", unit=unit,
                                   person=request.user,
                                   category_map=_category_map(request.POST))
        except JobLimitReached as exc:
            form.add_error(None, " ".join(exc.messages))
            plan = None
        return _render_import(request, form, plan, token)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, person=request.user)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            unit = _unit_for(kind, form.cleaned_data["unit"], request.user)
            content = form.cleaned_data["file"].read()
            if not may_import(request.user, kind, unit):
                form.add_error(None, _("You may not import into this unit or register."))
            else:
                try:
                    with heavy_work(request.user):
                        plan = plan_import(kind=kind, content=content,
                                           filename=form.cleaned_data["file"].name,
                                           unit=unit, person=request.user)
                except JobLimitReached as exc:
                    form.add_error(None, " ".join(exc.messages))
                if plan is not None and (plan.ok or plan.unknown_categories):
                    token = _stash(request, content)
    else:
        form = ImportForm(person=request.user, initial={
            "kind": request.GET.get("kind", "passport"),
            "unit": getattr(request.user, "unit", None),
        })
    return _render_import(request, form, plan, token)


@login_required
@require_POST
def import_commit_view(request):
    """Save the previewed file: every row or none; the file is read and checked again."""
    kind = request.POST.get("kind", "")
    unit = Unit.objects.filter(pk=request.POST.get("unit") or None).first()
    unit = _unit_for(kind, unit, request.user)
    token = request.POST.get("token", "")
    content = _unstash(request, token)
    if content is None:
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return redirect("reports:import")
    rows = request.POST.get("rows", "")
    if rows.isdigit() and int(rows) > settings.SAPAT_IMPORT_JOB_ROWS and unit is not None:
        # A long file is saved by a worker (sapat.reports.jobs.import_job), read and
        # checked again there; the person watches its progress.
        from sapat.jobs.services import job_start

        try:
            job = job_start(kind="import", owner=request.user, params={
                "kind": kind, "token": token, "unit": unit.pk,
                **({"category_map": _category_map(request.POST)}
                   if _category_map(request.POST) else {}),
            })
        except JobLimitReached as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports:import")
        return redirect("jobs:detail", pk=job.pk)
    try:
        with heavy_work(request.user):
            plan = plan_import(kind=kind, content=content, filename="", unit=unit,
                               person=request.user, category_map=_category_map(request.POST))
            result = import_commit(plan=plan, person=request.user)
    except JobLimitReached as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:import")
    except ValidationError as exc:
        # A plan with row errors shows them itself; a failure while saving (a rule, or the
        # database refusing a row) goes above the page. The stashed file stays for another try.
        if plan.ok:
            for message in exc.messages:
                messages.error(request, message)
        form = ImportForm(person=request.user, initial={"kind": kind, "unit": unit})
        return _render_import(request, form, plan, None)
    _drop(token)
    messages.success(request, _(
        "Imported: %(created)s new risks, %(updated)s updated, %(unchanged)s unchanged, "
        "%(measures)s new measures."
    ) % {"created": result.created, "updated": result.updated,
         "unchanged": result.unchanged, "measures": result.measures_added})
    if kind == "register":
        return redirect("risks:register")
    return redirect("risks:passport", code=unit.code)
