"""Risks for the reports tests, made through the models (A's services may add rules)."""
import datetime

from sapat.risks.models import Measure, Risk, RiskCategory


def category(code="academic"):
    return RiskCategory.objects.get_or_create(code=code, defaults={"name": code})[0]


def make_risk(unit, title, l, c, *, escalated_number=None, residual_score=None,  # noqa: E741
              measures=(), responsible="Проректор", deadline_text="", cat=None, **extra):
    risk = Risk.objects.create(
        unit=unit, title=title, likelihood=l, consequences=c, responsible_text=responsible,
        residual_score=residual_score, deadline_text=deadline_text,
        category=cat, **extra,
    )
    if escalated_number:
        risk.escalate(escalated_number)
        risk.save()
    for text in measures:
        if isinstance(text, tuple):
            text, due = text
        else:
            due = None
        Measure.objects.create(
            risk=risk, text=text,
            due_date=due if isinstance(due, datetime.date) else None,
            rhythm_text=due if isinstance(due, str) else "",
        )
    return risk
