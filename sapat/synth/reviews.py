"""Management reviews of the synthetic university: one held review a year for each past
academic year (inputs frozen from the generated records, three to six decisions each,
followed up — most done, some late, a recent one overdue), this year's in preparation,
and the QMS office's registers of context issues and resource reports."""
from __future__ import annotations

import datetime

from sapat.org.models import AcademicYear, Person
from sapat.reviews import services
from sapat.reviews.models import ContextIssue, ManagementReview, ResourceReport, ReviewOutput

from .world import World

KINDS = [ReviewOutput.Kind.IMPROVEMENT, ReviewOutput.Kind.CHANGE, ReviewOutput.Kind.RESOURCE]
DECISIONS = ["Сурамжылоону кеңейтүү", "Лабораторияларды жаңылоо", "Процесстин картасын жаңылоо",
             "Окутуучулардын квалификациясын жогорулатуу", "Иш берүүчүлөр менен келишимдер",
             "Санариптик кызматтарды өркүндөтүү"]
ISSUES = ["Мыйзамдын жаңы редакциясы", "Абитуриенттердин санынын азайышы",
          "Жаңы окутуу платформасы", "Иш берүүчүлөрдүн талаптары", "Студенттердин пикири"]


def build(world: World) -> None:
    rng, today = world.rng, world.today
    university = world.university
    rector = Person.objects.get(pk=world.rector_id)
    years = list(AcademicYear.objects.filter(start__lte=today).order_by("start"))
    if not years:
        return
    current, past = years[-1], years[:-1][-5:]
    institutes = [u for u in world.units if u.depth == 1][:20]
    for i, text in enumerate(ISSUES * 2):
        ContextIssue.objects.create(
            university=university, kind=["external", "internal", "party"][i % 3], text=text,
            change="Өзгөрүү" if i % 2 else "",
            changed_on=world.day_between(past[0].start if past else current.start, today))
    for year in [*past, current]:
        for unit in institutes:
            ResourceReport.objects.create(
                unit=unit, year=year, adequacy=rng.choice(["adequate", "partly", "lacking"]),
                text="Ресурстар боюнча билдирүү",
                reported_on=world.day_between(year.start, min(year.end, today)))
    people = [pid for unit in institutes for pid in world.people_of.get(unit.pk, [])[:1]]
    for year in past:
        held_on = min(year.end - datetime.timedelta(days=10), today)
        review = ManagementReview.objects.create(
            university=university, year=year, period_start=year.start, period_end=year.end,
            planned_on=held_on)
        review = services.review_hold(review=review, by=rector, held_on=held_on,
                                      expected_version=review.version, check=False,
                                      minutes="Жылдык натыйжалар каралды.")
        for n in range(rng.randint(3, 6)):
            unit = rng.choice(institutes)
            due = held_on + datetime.timedelta(days=rng.randint(30, 300))
            output = services.output_add(
                review=review, by=rector, kind=rng.choice(KINDS), text=rng.choice(DECISIONS),
                unit=unit, due_date=due, check=False,
                people=[rng.choice(people)] if people else None)
            if due < today and (year != past[-1] or n):
                late = rng.random() < 0.2
                done_on = min(due + datetime.timedelta(days=rng.randint(1, 30)) if late
                              else due - datetime.timedelta(days=rng.randint(0, 20)), today)
                output.complete(on=done_on, result="Аткарылды")
                output.save()
    ManagementReview.objects.create(
        university=university, year=current, period_start=current.start,
        period_end=current.end, planned_on=today + datetime.timedelta(days=30))
    _fixed_times(world)


def _fixed_times(world: World) -> None:
    """The services stamp records and their history with the clock; the same seed must
    give the same rows, so every such time is moved to the world's own day."""
    stamp = datetime.datetime.combine(world.today, datetime.time(9), tzinfo=world.tz)
    ManagementReview.objects.exclude(snapshot_at=None).update(snapshot_at=stamp)
    ReviewOutput.objects.update(created_at=stamp)
    for model in (ManagementReview, ReviewOutput, ContextIssue, ResourceReport):
        model.history.model.objects.update(history_date=stamp)
    ManagementReview.history.model.objects.exclude(snapshot_at=None).update(snapshot_at=stamp)
    ReviewOutput.history.model.objects.update(created_at=stamp)
