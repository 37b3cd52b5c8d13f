"""Who may do what with management reviews and annual QMS reports — on top of
`sapat.org.access`.

- The QMS office (who configures the QMS) prepares reviews: opens them, keeps the
  context register and the resource reports, generates and edits the annual report and
  submits both reports for approval.
- The rector chairs the review: holds it (which freezes its inputs) and records its
  outputs; the rector approves the review report (`sapat.approvals`, body: the rector).
- The Academic Council approves the annual QMS report (body: the council).
- The rector, the council and the QMS office read reviews and reports of their
  university. Heads and directors read the outputs assigned to their units; the people
  responsible for an output read and complete it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from sapat.org.access import RULES, Action, Reach, grants, may, may_configure, scope_q
from sapat.org.models import Role, Unit

from .models import AnnualReport, ManagementReview, ReviewOutput


def _university_roles(person, unit) -> set[str]:
    """Roles `person` holds with a university-wide reach covering `unit`."""
    if person is None or not person.is_authenticated or not person.is_active or unit is None:
        return set()
    return {g.role for g in grants(person)
            if RULES[g.role].reach == Reach.UNIVERSITY
            and (unit.path == g.path or unit.path.startswith(g.path + "."))}


def university_of(person) -> Unit:
    """The university of the person's reviews (the first root they reach): the screens
    and the API open reviews and generate reports there."""
    unit = getattr(person, "unit", None)
    if unit is not None:
        found = unit if unit.parent_id is None else Unit.objects.filter(
            path=unit.root_path).first()
        if found is not None:
            return found
    found = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if found is None:
        raise Http404
    return found


def may_read_reviews(person, university) -> bool:
    """The rector, the council and the QMS office read reviews and annual reports."""
    if person is not None and person.is_authenticated and person.is_superuser:
        return True
    return bool(_university_roles(person, university) & {Role.RECTOR, Role.COUNCIL, Role.QMS})


def may_prepare(person, university) -> bool:
    """Opening and preparing reviews, the registers, the annual report: the QMS office."""
    return may_configure(person) and may(person, Action.UPDATE, university)


def may_chair(person, review: ManagementReview) -> bool:
    """Holding the review and recording its outputs: the rector (or a vice-rector)."""
    if person is not None and person.is_authenticated and person.is_superuser:
        return True
    return Role.RECTOR in _university_roles(person, review.university) and may(
        person, Action.APPROVE, review.university)


def may_hold(person, review: ManagementReview) -> bool:
    return review.state == ManagementReview.State.PREPARATION and may_chair(person, review)


def may_record_outputs(person, review: ManagementReview) -> bool:
    return review.is_held and (may_chair(person, review) or may_prepare(person, review.university))


def reviews_visible_to(person):
    from sapat.processes.permissions import university_q

    reviews = ManagementReview.objects.live().filter(university_q(person, "university"))
    if person.is_authenticated and person.is_superuser:
        return reviews
    return reviews if any(g.role in (Role.RECTOR, Role.COUNCIL, Role.QMS)
                          for g in grants(person)) else reviews.none()


def annual_reports_visible_to(person):
    """Annual reports of the universities where `person` reads reviews."""
    from sapat.processes.permissions import university_q

    reports = AnnualReport.objects.live().filter(university_q(person, "university"))
    if person.is_authenticated and person.is_superuser:
        return reports
    return reports if any(g.role in (Role.RECTOR, Role.COUNCIL, Role.QMS)
                          for g in grants(person)) else reports.none()


def review_for(person, pk: int) -> ManagementReview:
    review = ManagementReview.objects.live().select_related("university", "year", "chair") \
        .filter(pk=pk).first()
    if review is None or not may_read_reviews(person, review.university):
        raise Http404
    return review


def outputs_visible_to(person):
    """Outputs of the units `person` reads, and those they answer for."""
    live = ReviewOutput.objects.live()
    if person.is_authenticated and person.is_superuser:
        return live
    if not person.is_authenticated:
        return live.none()
    mine = live.assigned_to(person).values("pk")
    return live.filter(Q(scope_q(person, Action.READ, "unit")) | Q(pk__in=mine))


def output_for(person, pk: int) -> ReviewOutput:
    output = outputs_visible_to(person).select_related("review__university", "unit") \
        .filter(pk=pk).first()
    if output is None:
        raise Http404
    return output


def is_responsible_for(person, output: ReviewOutput) -> bool:
    if person is None or not person.is_authenticated:
        return False
    return ReviewOutput.objects.filter(pk=output.pk).assigned_to(person).exists()


def may_progress_output(person, output: ReviewOutput) -> bool:
    """Completing an output: its unit's editors and the people responsible for it."""
    return may(person, Action.UPDATE, output.unit) or is_responsible_for(person, output) \
        or may_prepare(person, output.review.university)


def annual_for(person, pk: int) -> AnnualReport:
    report = AnnualReport.objects.live().select_related("university", "year") \
        .filter(pk=pk).first()
    if report is None or not may_read_reviews(person, report.university):
        raise Http404
    return report


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
