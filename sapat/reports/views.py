"""Downloads (one view for every table × format) and the import screens."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from sapat.org.access import Action, may_anywhere

from .export import FORMATS, TABLES, ExportError, export_table


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
        result = export_table(table, fmt, person=request.user, lang=lang, params=request.GET)
    except ExportError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
