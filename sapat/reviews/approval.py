"""The management review report and the annual QMS report go through the one approval
workflow (`sapat.approvals`).

The review report (the held review's frozen inputs, its minutes and outputs) goes to the
rector; the annual QMS report to the Academic Council. What is frozen is the report's PDF
in Kyrgyz with its SHA-256: it is built from the review's snapshot or the report's
generated figures and texts — never from live records — so a KPI changed after approval
changes neither the frozen file nor the record.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _lines(data: list[dict]) -> list[str]:
    from sapat.reports.review_pack import _section_lines

    return [f"{s['clause']} {s['title']}\n{_section_lines(s, limit=10**6)}" for s in data]


def review_text(review) -> str:
    lines = [str(review), f"SHA-256 {review.snapshot_sha256}", review.attendees, review.minutes]
    lines += _lines(review.snapshot.get("ky", []))
    for o in review.outputs.live().order_by("number"):
        lines.append(f"{o.number}. [{o.kind}] {o.text} — {o.unit_id} — {o.due_date}")
    return "\n\n".join(lines)


def annual_text(report) -> str:
    lines = [str(report)]
    for key, text in sorted(report.texts.items()):
        lines.append(f"[{key}] {text}")
    lines += _lines(report.data.get("ky", []))
    return "\n\n".join(lines)


def _pdf(table) -> tuple[bytes, str]:
    """The frozen copy is in Kyrgyz whoever submits or approves it: the same record gives
    the same bytes in any person's language (the page's headings too)."""
    from django.utils import translation

    from sapat.reports.pdf import write_pdf

    with translation.override("ky"):
        return write_pdf(table, engine="weasyprint"), "application/pdf"


def review_render(review) -> tuple[bytes, str]:
    from django.utils import translation

    from sapat.reports.review_pack import review_minutes_table, review_pack_table

    with translation.override("ky"):
        pack = review_pack_table(review, "ky")
        minutes = review_minutes_table(review, "ky")
        pack.rows = list(pack.rows) + list(minutes.rows)
        return _pdf(pack)


def annual_render(report) -> tuple[bytes, str]:
    from django.utils import translation

    from sapat.reports.review_pack import annual_report_table

    with translation.override("ky"):
        return _pdf(annual_report_table(report, "ky"))


def _may_submit_review(person, review) -> bool:
    from . import permissions

    return review.is_held and permissions.may_prepare(person, review.university)


def _may_submit_annual(person, report) -> bool:
    from . import permissions

    return bool(report.data) and permissions.may_prepare(person, report.university)


def _may_read(person, unit) -> bool:
    from . import permissions

    return permissions.may_read_reviews(person, unit)


def register() -> None:
    from sapat.approvals.registry import ApprovableKind, Body
    from sapat.approvals.registry import register as register_kind

    from .models import AnnualReport, ManagementReview

    register_kind(ApprovableKind(
        key="management-review", model=ManagementReview, label=_("management review report"),
        body=Body.RECTOR, text=review_text, render=review_render,
        url=lambda r: reverse("reviews:detail", args=[r.pk]), unit=lambda r: r.university,
        may_submit=_may_submit_review, may_read=_may_read,
    ))
    register_kind(ApprovableKind(
        key="annual-qms-report", model=AnnualReport, label=_("annual QMS report"),
        body=Body.COUNCIL, text=annual_text, render=annual_render,
        url=lambda r: reverse("reviews:annual", args=[r.pk]), unit=lambda r: r.university,
        may_submit=_may_submit_annual, may_read=_may_read,
    ))



