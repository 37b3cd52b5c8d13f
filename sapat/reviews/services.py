"""Workflows of management reviews and annual QMS reports: each checks permission,
validates, and writes everything or nothing."""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.lib.locking import one_at_a_time, save_versioned
from sapat.org.models import AcademicYear, Person, Position, Unit

from . import permissions, sections
from .models import AnnualReport, ManagementReview, ReviewOutput


def _by(instance, by):
    instance._history_user = by
    return instance


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def previous_review(review: ManagementReview) -> ManagementReview | None:
    """The review held before `review` (the one input a) and b) compare with)."""
    return (ManagementReview.objects.live()
            .filter(university_id=review.university_id, state=ManagementReview.State.HELD,
                    period_end__lte=review.period_end).exclude(pk=review.pk)
            .order_by("-period_end", "-pk").first())


def review_scope(review: ManagementReview) -> sections.Scope:
    return sections.Scope(university=review.university, start=review.period_start,
                          end=review.period_end, previous=previous_review(review),
                          review=review)


def review_inputs(review: ManagementReview, language: str | None = None) -> list[dict]:
    """The review's inputs: frozen as management saw them once held, else compiled live."""
    from django.utils.translation import get_language

    if review.is_held and review.snapshot:
        lang = (language or get_language() or "ky")[:2]
        return review.snapshot.get(lang) or review.snapshot.get("ky") or []
    return sections.compile_all(review_scope(review), language)


@transaction.atomic
def review_create(*, university: Unit, year: AcademicYear, by: Person,
                  period_start: datetime.date | None = None,
                  period_end: datetime.date | None = None,
                  planned_on: datetime.date | None = None) -> ManagementReview:
    """Open a review of a period (the academic year by default), in preparation."""
    _require(permissions.may_prepare(by, university))
    review = ManagementReview(university=university, year=year,
                              period_start=period_start or year.start,
                              period_end=period_end or year.end, planned_on=planned_on,
                              created_by=by)
    if review.period_end <= review.period_start:
        raise ValidationError({"period_end": _("The period must end after it starts.")})
    review.full_clean()
    _by(review, by).save()
    return review


@transaction.atomic
def review_hold(*, review: ManagementReview, by: Person, held_on: datetime.date,
                expected_version: int, attendees: str = "", minutes: str = "",
                minutes_ru: str = "", check: bool = True) -> ManagementReview:
    """Management holds the review: its inputs are frozen (every language) with the date
    and the SHA-256 of their content."""
    if check:
        _require(permissions.may_hold(by, review))
    one_at_a_time(f"review:{review.pk}")
    if review.is_held:
        raise ValidationError(_("This review has been held already."))
    if held_on is None:
        raise ValidationError({"held_on": _("Enter the date the review was held.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    snapshot = sections.compile_languages(review_scope(review))
    review.snapshot = snapshot
    review.snapshot_sha256 = sections.content_hash(snapshot)
    review.snapshot_at = timezone.now()
    review.state = ManagementReview.State.HELD
    review.held_on = held_on
    review.chair = by
    review.attendees, review.minutes, review.minutes_ru = attendees, minutes, minutes_ru
    save_versioned(_by(review, by), expected_version)
    return review


@transaction.atomic
def review_update_minutes(*, review: ManagementReview, by: Person, expected_version: int,
                          attendees: str, minutes: str, minutes_ru: str = "",
                          planned_on: datetime.date | None = None) -> ManagementReview:
    _require(permissions.may_prepare(by, review.university) or permissions.may_chair(by, review))
    review.attendees, review.minutes, review.minutes_ru = attendees, minutes, minutes_ru
    if not review.is_held:
        review.planned_on = planned_on
    save_versioned(_by(review, by), expected_version)
    return review


@transaction.atomic
def output_add(*, review: ManagementReview, by: Person, kind: str, text: str, unit: Unit,
               due_date: datetime.date | None, text_ru: str = "",
               people: Iterable[Person] | None = None,
               positions: Iterable[Position] | None = None, check: bool = True) -> ReviewOutput:
    """Record a decision of a held review (9.3.3) as a tracked action."""
    if check:
        _require(permissions.may_record_outputs(by, review))
    elif not review.is_held:
        raise ValidationError(_("Outputs are recorded once the review is held."))
    one_at_a_time(f"review-outputs:{review.pk}")
    number = (ReviewOutput.objects.filter(review=review).aggregate(n=Max("number"))["n"] or 0) + 1
    output = ReviewOutput(review=review, kind=kind, text=text, text_ru=text_ru, unit=unit,
                          due_date=due_date, number=number, created_by=by)
    output.full_clean()
    _by(output, by).save()
    if people is not None:
        output.responsible_people.set(people)
    if positions is not None:
        output.responsible_positions.set(positions)
    return output


@transaction.atomic
def output_complete(*, output: ReviewOutput, by: Person, expected_version: int,
                    on: datetime.date | None = None, result: str = "",
                    evidence=None) -> ReviewOutput:
    _require(permissions.may_progress_output(by, output))
    if not output.is_open:
        raise ValidationError(_("This action is closed already."))
    output.complete(on=on or timezone.localdate(), result=result)
    if evidence:
        output.evidence = evidence
    output.full_clean()
    save_versioned(_by(output, by), expected_version)
    return output


# The annual QMS report ----------------------------------------------------------------------
def annual_scope(report: AnnualReport) -> sections.Scope:
    previous = (ManagementReview.objects.live()
                .filter(university=report.university, state=ManagementReview.State.HELD,
                        period_end__lte=report.year.end).order_by("-period_end").first())
    return sections.Scope(university=report.university, start=report.year.start,
                          end=report.year.end, previous=previous)


def reviews_of_year(report: AnnualReport) -> list[list[str]]:
    rows = []
    for r in (ManagementReview.objects.live()
              .filter(university=report.university, period_end__gte=report.year.start,
                      period_start__lte=report.year.end).order_by("period_start")):
        outputs = list(r.outputs.live().values_list("status", flat=True))
        rows.append([str(r), r.get_state_display(),
                     f"{r.held_on:%d.%m.%Y}" if r.held_on else "—",
                     str(len(outputs)), str(sum(s == "done" for s in outputs))])
    return rows


def _may_regenerate(report: AnnualReport) -> bool:
    from sapat.approvals import services as approvals
    from sapat.approvals.models import State

    return approvals.current_state(report) != State.SUBMITTED


@transaction.atomic
def annual_generate(*, university: Unit, year: AcademicYear, by: Person,
                    check: bool = True) -> AnnualReport:
    """Generate (or regenerate) the year's figures; the texts written so far stay."""
    if check:
        _require(permissions.may_prepare(by, university))
    one_at_a_time(f"annual:{university.pk}:{year.pk}")
    report = AnnualReport.objects.filter(university=university, year=year).first()
    if report is None:
        report = AnnualReport(university=university, year=year, created_by=by)
        _by(report, by).save()
    elif not _may_regenerate(report):
        raise ValidationError(_("The report is waiting for the council's decision; it cannot "
                              "change until the council returns or approves it."))
    scope = annual_scope(report)
    data = sections.compile_languages(scope)
    report.data = data
    report.generated_at = timezone.now()
    report.version += 1
    _by(report, by).save()
    return report


@transaction.atomic
def annual_edit(*, report: AnnualReport, by: Person, expected_version: int,
                texts: dict[str, str]) -> AnnualReport:
    _require(permissions.may_prepare(by, report.university))
    if not _may_regenerate(report):
        raise ValidationError(_("The report is waiting for the council's decision; it cannot "
                              "change until the council returns or approves it."))
    keys = {d.key for d in sections.definitions()} | {"summary"}
    report.texts = {k: v.strip() for k, v in texts.items() if k in keys and v and v.strip()}
    save_versioned(_by(report, by), expected_version)
    return report
