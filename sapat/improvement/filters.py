"""The registers' filters, one place for the screens, the exports and the API."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from . import permissions
from .forms import ActionFilterForm, FilterForm
from .models import CorrectiveAction, Step

OPEN = ("planned", "in_progress")


def filter_nonconformities(qs, form: FilterForm, today):
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data.get("unit"):
        unit = data["unit"]
        qs = qs.filter(Q(unit__path=unit.path) | Q(unit__path__startswith=unit.path + "."))
    state = data.get("state")
    if state == "open":
        qs = qs.exclude(state=Step.CLOSED)
    elif state:
        qs = qs.filter(state=state)
    if data.get("source"):
        qs = qs.filter(source=data["source"])
    if data.get("grade"):
        qs = qs.filter(grade=data["grade"])
    if data.get("recurrence"):
        qs = qs.filter(recurrence_of__isnull=False)
    if data.get("overdue"):
        qs = qs.filter(Exists(CorrectiveAction.objects.live().overdue(today).filter(
            nonconformity=OuterRef("pk"))))
    if data.get("q"):
        text = data["q"]
        q = Q(description__icontains=text) | Q(description_ru__icontains=text)
        if text.isdigit():
            q |= Q(number=int(text))
        qs = qs.filter(q)
    return qs


def nonconformities(person, params, today):
    """(the filter form, the filtered nonconformities `person` may read)."""
    form = FilterForm(params or None, person=person)
    qs = filter_nonconformities(permissions.nonconformities_visible_to(person), form, today)
    return form, qs


def with_counts(qs, today):
    open_q = Q(actions__archived_at__isnull=True, actions__status__in=OPEN)
    return qs.select_related("unit", "process", "clause", "cause").annotate(
        open_actions=Count("actions", filter=open_q),
        overdue_actions=Count("actions", filter=open_q & Q(actions__due_date__lt=today)),
    )


def filter_actions(qs, form: ActionFilterForm, person, today):
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data.get("unit"):
        unit = data["unit"]
        qs = qs.filter(Q(nonconformity__unit__path=unit.path)
                       | Q(nonconformity__unit__path__startswith=unit.path + "."))
    status = data.get("status")
    if status == "open":
        qs = qs.open()
    elif status == "overdue":
        qs = qs.overdue(today)
    elif status:
        qs = qs.filter(status=status)
    if data.get("mine"):
        qs = qs.assigned_to(person)
    return qs


def actions(person, params, today):
    form = ActionFilterForm(params or None, person=person)
    return form, filter_actions(permissions.actions_visible_to(person), form, person, today)
