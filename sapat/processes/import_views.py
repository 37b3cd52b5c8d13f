"""Bulk entry of KPI values from XLSX: upload → preview with row errors → commit."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sapat.jobs.services import JobLimitReached, heavy_work

from . import xlsx_import
from .forms import ImportForm
from .permissions import may_enter_any_measurement

SESSION_KEY = "sapat_kpi_import"


def _require(person):
    if not may_enter_any_measurement(person):
        raise PermissionDenied


@login_required
def import_template(request):
    _require(request.user)
    response = HttpResponse(
        xlsx_import.template_xlsx(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="kpi-values.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Upload and preview; nothing is written until the person confirms."""
    _require(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, errors = [], []
    if request.method == "POST" and form.is_valid():
        try:
            with heavy_work(request.user):
                rows, errors = xlsx_import.parse(form.cleaned_data["file"], request.user)
        except JobLimitReached as exc:
            rows, errors = [], [xlsx_import.RowError(0, "", " ".join(exc.messages))]
        if errors or not rows:
            request.session.pop(SESSION_KEY, None)
            if not errors:
                errors = [xlsx_import.RowError(0, "", _("The file has no values."))]
        else:
            request.session[SESSION_KEY] = xlsx_import.to_session(rows)
    return render(request, "processes/kpi_import.html", {
        "form": form, "rows": rows, "errors": errors, "section": "kpis",
    })


@login_required
@require_POST
def import_commit(request):
    _require(request.user)
    rows = request.session.pop(SESSION_KEY, None)
    if not rows:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("processes:kpi_import")
    try:
        count = xlsx_import.commit(rows, request.user)
    except PermissionError:
        messages.error(request, _("Nothing was imported: your permissions changed meanwhile."))
        return redirect("processes:kpi_import")
    except xlsx_import.RowRefused as exc:
        messages.error(request, _(
            "Nothing was imported: the database refused row %(row)s (perhaps someone saved "
            "the same value meanwhile). Upload the file again."
        ) % {"row": exc.row})
        return redirect("processes:kpi_import")
    messages.success(request, _("%(n)s values imported.") % {"n": count})
    return redirect("processes:kpis")
