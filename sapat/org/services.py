"""Workflows of the organisation that touch several records."""
import datetime

from django.db import transaction

from .models import AcademicYear, Period


def _month_start(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


@transaction.atomic
def academic_year_create(*, start: datetime.date, end: datetime.date | None = None,
                         is_current: bool = False) -> AcademicYear:
    """Create an academic year with its periods: the year, two semesters, four quarters.

    Semesters split the year at its fifth month (September–January, February–August);
    quarters are its four three-month blocks. Dates stay editable afterwards.
    """
    end = end or _month_start(start, 12) - datetime.timedelta(days=1)
    year = AcademicYear(start=start, end=end, is_current=is_current)
    year.full_clean()
    if is_current:
        AcademicYear.objects.filter(is_current=True).update(is_current=False)
    year.save()
    Period.objects.create(year=year, kind=Period.Kind.YEAR, number=1, start=start, end=end)
    second_semester = _month_start(start, 5)
    Period.objects.create(year=year, kind=Period.Kind.SEMESTER, number=1, start=start,
                          end=second_semester - datetime.timedelta(days=1))
    Period.objects.create(year=year, kind=Period.Kind.SEMESTER, number=2,
                          start=second_semester, end=end)
    for n in range(4):
        q_start = _month_start(start, 3 * n)
        q_end = end if n == 3 else _month_start(start, 3 * n + 3) - datetime.timedelta(days=1)
        Period.objects.create(year=year, kind=Period.Kind.QUARTER, number=n + 1,
                              start=q_start, end=q_end)
    return year
