"""`POST /api/v1/org/import/`: the organisation from the HR file, as on the screen.

Multipart: `file` (one workbook, or up to three CSV files) and `dry_run`. The answer is the
plan — every row's fate, the errors naming sheet, row and column in the language of
`Accept-Language`, who leaves with what open work — and, unless it was a dry run or
anything was wrong, what was saved. All or nothing. Only the QMS office and superusers.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from sapat.jobs.services import heavy_work
from sapat.org.access import may_configure
from sapat.org.hr.commit import org_import
from sapat.org.hr.reading import MAX_BYTES


class OrgImportRequest(serializers.Serializer):
    file = serializers.ListField(
        child=serializers.FileField(), min_length=1, max_length=3,
        help_text=_("The HR file: an .xlsx workbook, or up to three .csv files."))
    dry_run = serializers.BooleanField(
        default=False, help_text=_("Check and show the plan only; nothing is saved."))

    def validate_file(self, files):
        if sum(f.size for f in files) > MAX_BYTES:
            raise serializers.ValidationError(_("The file is too large; the limit is 10 MB."))
        return files


def _rows(rows, kind):
    result = []
    for row in rows:
        item = {"row": row.line, "fate": row.fate,
                "changes": [{"field": c.label, "old": c.old, "new": c.new} for c in row.changes],
                "errors": [e.message for e in row.errors]}
        if kind == "people":
            item.update(staff_number=row.staff_number, full_name=row.full_name,
                        email=row.email, unit=row.unit_code, login=row.username)
        elif kind == "units":
            item.update(code=row.code, name=row.name, parent=row.parent_code or None,
                        kind=row.kind)
        else:
            item.update(code=row.code, name=row.name, unit=row.unit_code,
                        held_by=row.holder_key or None)
        result.append(item)
    return result


def plan_json(plan) -> dict:
    return {
        "ok": plan.ok,
        "problem": plan.problem or None,
        "errors": [{"sheet": e.sheet, "row": e.line, "column": e.column, "message": e.message}
                   for e in plan.errors],
        "counts": plan.counts() if not plan.problem else {},
        "units": _rows(plan.units, "units"),
        "positions": _rows(plan.positions, "positions"),
        "people": _rows(plan.people, "people"),
        "leaving": [{"id": p.pk, "name": p.label, "unit": p.unit,
                     "open_work": [{"kind": str(w.kind), "title": w.title, "url": w.url}
                                   for w in p.open_work]} for p in plan.leaving_people],
        "closing_units": [{"id": u.pk, "name": u.label} for u in plan.leaving_units],
        "notes": plan.notes,
    }


class OrgImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="org_import", tags=["org"], request={"multipart/form-data": OrgImportRequest},
        responses={200: OpenApiResponse(description=_("Saved (or checked, for a dry run).")),
                   400: OpenApiResponse(description=_("The file or a row is wrong; nothing "
                                                      "was saved.")),
                   403: OpenApiResponse(description=_("Only the QMS office imports."))},
        summary=_("Import the organisation from the HR file"),
    )
    def post(self, request):
        if not may_configure(request.user):
            raise PermissionDenied
        data = OrgImportRequest(data={"file": request.FILES.getlist("file"),
                                      "dry_run": request.data.get("dry_run", False)})
        data.is_valid(raise_exception=True)
        files = [(f.name, f.read()) for f in data.validated_data["file"]]
        with heavy_work(request.user):  # at the limit: 429, code job_limit
            plan, result = org_import(files=files, by=request.user,
                                      dry_run=data.validated_data["dry_run"])
        body = plan_json(plan)
        body["saved"] = result is not None
        if result is not None:
            body["summary"] = result.summary()
        return Response(body, status=status.HTTP_200_OK if plan.ok else
                        status.HTTP_400_BAD_REQUEST)
