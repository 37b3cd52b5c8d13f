"""Small builders for the process tests: a process, a KPI, periods."""
import datetime
from decimal import Decimal

from sapat.org.models import Period
from sapat.org.services import academic_year_create
from sapat.processes.models import Indicator, Process, ProcessGroup


def make_process(unit, code="education", number=3, **extra) -> Process:
    group, _ = ProcessGroup.objects.get_or_create(code="core", defaults={"name": "Негизги"})
    return Process.objects.create(code=code, number=number, name=f"Процесс {code}",
                                  unit=unit, group=group, **extra)


def make_indicator(process, owner_unit, code="kpi", target="75", tolerance="5",
                   per_unit=True, direction="higher", frequency="year") -> Indicator:
    return Indicator.objects.create(
        code=code, name=f"KPI {code}", process=process, owner_unit=owner_unit,
        per_unit=per_unit, target=Decimal(target), tolerance=Decimal(tolerance),
        direction=direction, frequency=frequency, measure_unit="%",
    )


def make_years(first=2023, count=3) -> list[Period]:
    """Academic years starting 1 September; returns their whole-year periods."""
    years = []
    for start in range(first, first + count):
        y = academic_year_create(start=datetime.date(start, 9, 1))
        years.append(Period.objects.get(year=y, kind="year"))
    return years
