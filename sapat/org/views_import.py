"""The QMS office's import of the organisation: upload → preview → commit → what is next.

Also the template in each language and the organisation as it is, as an HR file.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sapat.jobs.services import JobLimitReached, heavy_work

from .access import RULES, Action, grants, require_configure
from .handover import open_work
from .hr import stash
from .hr.columns import LANGUAGES
from .hr.commit import org_import_commit
from .hr.planning import org_import_plan
from .hr.reading import MAX_BYTES
from .hr.workbook import hr_template, org_export_hr
from .models import Person, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DONE_KEY = "sapat_org_import_done"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class OrgImportForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("HR file"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) with the sheets of units, positions "
                               "and people, or up to three CSV files. At most 10 MB."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > 3:
            raise ValidationError(_("Upload one workbook or at most three CSV files."))
        if sum(f.size for f in files) > MAX_BYTES:
            raise ValidationError(_("The file is too large; the limit is %(limit)s MB.")
                                  % {"limit": MAX_BYTES // 1024 // 1024})
        return files


def _render(request, form, plan=None, token=None):
    return render(request, "org/hr/import.html", {
        "form": form, "plan": plan, "token": token, "section": "import",
        "groups": {key: plan.groups(key) for key in ("units", "positions", "people")}
        if plan and not plan.problem else {},
        "languages": [(code, name) for code, name in
                      (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English"))],
        "title": _("Import the organisation from the HR file"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def org_import(request):
    """Upload the HR file and see every row's fate before anything is saved."""
    require_configure(request.user)
    if request.method != "POST":
        return _render(request, OrgImportForm())
    form = OrgImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
    try:
        with heavy_work(request.user):  # one of the person's heavy operations
            plan = org_import_plan(files=files, by=request.user)
    except JobLimitReached as exc:
        form.add_error(None, " ".join(exc.messages))
        return _render(request, form)
    token = stash.keep(request, files) if plan.ok else None
    return _render(request, OrgImportForm(), plan, token)


@login_required
@require_POST
def org_import_save(request):
    """Save the previewed file: all or nothing; the file is read and checked again."""
    require_configure(request.user)
    files = stash.take(request, request.POST.get("token", ""))
    if files is None:
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return redirect("org:import")
    try:
        with heavy_work(request.user):
            plan = org_import_plan(files=files, by=request.user)
            result = org_import_commit(plan=plan, by=request.user)
    except JobLimitReached as exc:
        # The stashed file stays: the person saves it once the other work has finished.
        messages.error(request, " ".join(exc.messages))
        return redirect("org:import")
    except ValidationError as exc:
        # The organisation changed since the preview, or a rule refused a row: say what,
        # nothing was saved, and show the new preview.
        if plan.ok:
            for message in exc.messages:
                messages.error(request, message)
        return _render(request, OrgImportForm(), plan, None)
    stash.drop(request)
    request.session[DONE_KEY] = {
        "summary": result.summary(),
        "new_people": result.new_people_ids,
        "leaving": [leaving.pk for leaving in result.leaving_people],
        "at": timezone.now().isoformat(),
    }
    messages.success(request, _("The organisation was imported."))
    return redirect("org:import_done")


@login_required
@require_GET
def org_import_done(request):
    """What the import did, who left with open work, and the invitations to send."""
    require_configure(request.user)
    done = request.session.get(DONE_KEY)
    if not done:
        return redirect("org:import")
    leaving = list(Person.objects.filter(pk__in=done["leaving"]).select_related("unit")
                   .order_by("full_name"))
    work = open_work([p.pk for p in leaving])
    invitable = Person.objects.filter(pk__in=done["new_people"], is_active=True).exclude(
        email="").count()
    return render(request, "org/hr/done.html", {
        "summary": done["summary"], "section": "import",
        "leaving": [(p, work.get(p.pk, [])) for p in leaving],
        "new_people": len(done["new_people"]), "invitable": invitable,
        "title": _("The organisation was imported"),
    })


@login_required
@require_GET
def org_template(request, lang: str):
    """The empty HR file with headings and notes in `lang`."""
    require_configure(request.user)
    if lang not in LANGUAGES:
        raise Http404
    return _xlsx(hr_template(lang), f"sapat-hr-template-{lang}.xlsx")


@login_required
@require_GET
def org_export(request):
    """The organisation as it is, as an HR file: edit it and import it again."""
    require_configure(request.user)
    lang = (request.GET.get("lang") or get_language() or "ky")[:2]
    if lang not in LANGUAGES:
        lang = "ky"
    return _xlsx(org_export_hr(lang, _university_of(request.user)),
                 f"sapat-organisation-{timezone.localdate():%Y-%m-%d}-{lang}.xlsx")


def _university_of(person) -> Unit | None:
    """The university whose organisation `person` configures (None: a superuser, all)."""
    if person.is_superuser:
        return None
    paths = [g.path for g in grants(person) if Action.CONFIGURE in RULES[g.role].actions]
    return Unit.objects.filter(path__in=paths).order_by("path").first()


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
