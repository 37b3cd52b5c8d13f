"""Small builders for the register, heat-map and scale tests."""
import datetime

from django.utils import timezone

from sapat.risks.models import Measure, Opportunity, Risk, RiskCategory


def make_risk(unit, title, likelihood=3, consequences=3, **fields):
    return Risk.objects.create(unit=unit, title=title, likelihood=likelihood,
                               consequences=consequences, **fields)


def make_opportunity(unit, title, **fields):
    return Opportunity.objects.create(unit=unit, title=title, **fields)


def make_measure(owner, text, days=10, **fields):
    """A measure due `days` from today (negative: overdue)."""
    key = "risk" if isinstance(owner, Risk) else "opportunity"
    due = timezone.localdate() + datetime.timedelta(days=days)
    return Measure.objects.create(**{key: owner}, text=text, due_date=due, **fields)


def category(code):
    return RiskCategory.objects.get(code=code)


def bulk_risks(unit, count, *, escalated=False, start=1):
    """`count` risks with a responsible text and one overdue measure each, cheaply."""
    risks = Risk.objects.bulk_create([
        Risk(unit=unit, title=f"Risk {i}", likelihood=i % 5 + 1, consequences=(i // 5) % 5 + 1,
             residual_score=1, escalated=escalated,
             register_number=(start + i) if escalated else None, responsible_text="Проректор")
        for i in range(count)
    ])
    late = timezone.localdate() - datetime.timedelta(days=3)
    Measure.objects.bulk_create([Measure(risk=r, text="Do it", due_date=late) for r in risks])
    return risks
