"""The compilers of the review's inputs from the records of processes, risks, audits and
nonconformities (and of this app's own registers). Each reads the whole university for the
scope's period in a fixed handful of queries, whatever the number of records."""
from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from django.db.models import Avg, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import sections
from .charts import stacked_bars
from .sections import Scope, Section

KPI_ORDER = ("green", "amber", "red", "none")
# Satisfaction KPIs are found by their code or English name (student-satisfaction…).
SATISFACTION = ("satisf", "канааттан", "удовлетвор")


def _under(scope: Scope, field: str) -> Q:
    path = scope.university.path
    return Q(**{f"{field}__path": path}) | Q(**{f"{field}__path__startswith": path + "."})


def _as_of(scope: Scope):
    """The day a review's figures stand on: its period's end, or today while it runs."""
    from django.utils import timezone

    return min(scope.end, timezone.localdate())


def _d(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _num(value) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text


def _kpi_labels():
    from sapat.processes.kpi_status import Status

    return [(k, str(Status(k).label)) for k in KPI_ORDER]


# a) ---------------------------------------------------------------------------------------
def previous_actions(scope: Scope) -> Section | None:
    from .models import ManagementReview, ReviewOutput

    earlier = ManagementReview.objects.live().filter(
        university=scope.university, state=ManagementReview.State.HELD,
        period_end__lte=scope.start if scope.review is None else scope.review.period_end)
    if scope.review is not None:
        earlier = earlier.exclude(pk=scope.review.pk)
    outputs = list(ReviewOutput.objects.live().filter(review__in=earlier)
                   .select_related("review", "unit").order_by("-review__period_end", "number"))
    if not outputs:
        return None
    today = _as_of(scope)
    counts = Counter()
    rows = []
    for o in outputs:
        if o.status == o.Status.DONE:
            key = "done" if not o.due_date or (o.completed_on and o.completed_on <= o.due_date) \
                else "late"
        elif o.status == o.Status.CANCELLED:
            key = "cancelled"
        else:
            key = "overdue" if o.due_date and o.due_date < today else "open"
        counts[key] += 1
        rows.append([f"{_d(o.review.held_on)} № {o.number}", o.get_kind_display(), o.tr.text,
                     o.unit.label, _d(o.due_date), o.get_status_display()
                     + (f" ({_('overdue')})" if key == "overdue" else "")])
    order = [("done", _("done on time")), ("late", _("done late")),
             ("open", _("open, not yet due")), ("overdue", _("overdue"))]
    return Section(
        figures=[[_("Actions from earlier reviews"), str(len(outputs))]]
        + [[name, str(counts[k])] for k, name in order]
        + ([[_("cancelled"), str(counts["cancelled"])]] if counts["cancelled"] else []),
        columns=[_("Review"), _("Kind of decision"), _("Decision"), _("Unit"), _("Due date"),
                 _("Status")],
        rows=rows,
        charts=[stacked_bars([(_("Actions"), counts)], order, title=_("Status of actions"))],
    )


# b) ---------------------------------------------------------------------------------------
def context_changes(scope: Scope) -> Section | None:
    from .models import ContextIssue

    issues = list(ContextIssue.objects.live().filter(university=scope.university,
                                                     changed_on__lte=scope.end))
    if not issues:
        return None
    since = scope.previous.held_on if scope.previous and scope.previous.held_on else None
    changed = [i for i in issues if since is None or i.changed_on > since]
    by_kind = Counter(i.get_kind_display() for i in changed)
    return Section(
        figures=[[_("Issues and parties in the register"), str(len(issues))],
                 [_("Changed since the last review"), str(len(changed))]]
        + [[str(k), str(n)] for k, n in sorted(by_kind.items())],
        columns=[_("Kind"), _("Issue or party"), _("What changed"), _("Changed on")],
        rows=[[i.get_kind_display(), i.tr.text, i.tr.change or "—", _d(i.changed_on)]
              for i in changed],
        links=[[_("Register of context issues"), reverse("reviews:context")]],
        note="" if changed else _("Nothing changed since the last review."),
    )


# KPIs: the status of each at the end of the scope, with its trend -----------------------
def _kpi_states(scope: Scope, indicators):
    """{indicator id: (status, latest mean, previous mean, period name)} from the period
    means of the indicators' values up to the scope's end (one grouped query)."""
    from sapat.processes.kpi_status import status_of
    from sapat.processes.models import Measurement

    ids = [i.pk for i in indicators]
    means = defaultdict(list)
    for row in (Measurement.objects.filter(indicator_id__in=ids, period__start__lte=scope.end)
                .order_by().values("indicator_id", "period__start")
                .annotate(mean=Avg("value")).order_by("indicator_id", "period__start")):
        means[row["indicator_id"]].append(row["mean"])
    states = {}
    for i in indicators:
        values = means.get(i.pk, [])
        latest = values[-1] if values else None
        before = values[-2] if len(values) > 1 else None
        states[i.pk] = (status_of(i, latest), latest, before)
    return states


def _trend(indicator, latest, before) -> str:
    if latest is None or before is None or latest == before:
        return "→"
    better = latest > before if indicator.direction == "higher" else latest < before
    return "↑" if better else "↓"


def _indicators(scope: Scope):
    from sapat.processes.models import Indicator

    return list(Indicator.objects.live().filter(_under(scope, "owner_unit"))
                .select_related("process").order_by("process__number", "order", "pk"))


def satisfaction(scope: Scope) -> Section | None:
    from sapat.processes.kpi_status import Status

    found = [i for i in _indicators(scope)
             if any(s in f"{i.code} {i.name} {i.name_ru} {i.name_en}".lower()
                    for s in SATISFACTION)]
    if not found:
        return None
    states = _kpi_states(scope, found)
    rows = []
    for i in found:
        status, latest, before = states[i.pk]
        rows.append([i.label, _num(latest), _num(i.target), str(Status(status).label),
                     _trend(i, latest, before)])
    return Section(
        figures=[[_("Satisfaction KPIs"), str(len(found))]],
        columns=[_("Indicator"), _("Value"), _("Target"), _("Status"), _("Trend")],
        rows=rows,
        note=_("Surveys and complaints appear here once Sapat records them."),
    )


def objectives(scope: Scope) -> Section | None:
    from sapat.processes.kpi_status import worst
    from sapat.processes.models import QualityObjective

    found = list(QualityObjective.objects.live().filter(_under(scope, "unit"))
                 .select_related("unit").prefetch_related("indicators").order_by("deadline", "pk"))
    if not found:
        return None
    indicators = {i.pk: i for o in found for i in o.indicators.all()}
    states = _kpi_states(scope, list(indicators.values())) if indicators else {}
    words = {"met": _("met"), "on_track": _("on track"), "behind": _("behind"),
             "none": _("no data")}
    counts = Counter()
    rows = []
    for o in found:
        status = worst(states[i.pk][0] for i in o.indicators.all())
        if status == "green":
            key = "met"
        elif status == "red" or (status == "amber" and o.deadline < _as_of(scope)):
            key = "behind"
        elif status == "amber":
            key = "on_track"
        else:
            key = "none"
        counts[key] += 1
        rows.append([o.label, o.unit.label, _d(o.deadline),
                     "; ".join(i.label for i in o.indicators.all()) or "—", str(words[key])])
    colours = {"met": "green", "on_track": "amber", "behind": "red", "none": "none"}
    chart_counts = {colours[k]: n for k, n in counts.items()}
    return Section(
        figures=[[_("Quality objectives"), str(len(found))]]
        + [[str(words[k]), str(counts[k])] for k in ("met", "on_track", "behind", "none")],
        columns=[_("Objective"), _("Unit"), _("Deadline"), _("Indicators"), _("Result")],
        rows=rows,
        charts=[stacked_bars([(_("Objectives"), chart_counts)],
                             [(colours[k], str(words[k])) for k in
                              ("met", "on_track", "behind", "none")],
                             title=_("Quality objectives"))],
        links=[[_("Quality objectives"), reverse("processes:objectives")]],
    )


def process_performance(scope: Scope) -> Section | None:
    from sapat.processes.kpi_status import Status

    indicators = _indicators(scope)
    if not indicators:
        return None
    states = _kpi_states(scope, indicators)
    per_process: dict[int, tuple[object, Counter, Counter]] = {}
    for i in indicators:
        status, latest, before = states[i.pk]
        entry = per_process.setdefault(i.process_id, (i.process, Counter(), Counter()))
        entry[1][status] += 1
        entry[2][_trend(i, latest, before)] += 1
    total = Counter()
    rows = []
    for process, counts, trends in per_process.values():
        total.update(counts)
        rows.append([f"{process.number}. {process.label}"]
                    + [str(counts[k]) for k in KPI_ORDER]
                    + [f"↑{trends['↑']} →{trends['→']} ↓{trends['↓']}"])
    chart_rows = [(f"{p.number}. {p.label}", dict(c)) for p, c, _t in per_process.values()]
    return Section(
        figures=[[_("Processes"), str(len(per_process))], [_("Indicators"), str(len(indicators))]]
        + [[str(Status(k).label), str(total[k])] for k in KPI_ORDER],
        columns=[_("Process")] + [str(Status(k).label) for k in KPI_ORDER] + [_("Trend")],
        rows=rows,
        charts=[stacked_bars(chart_rows, _kpi_labels(), title=_("KPIs by process"))],
        links=[[_("Integrated table"), reverse("dashboards:integrated")]],
    )


def monitoring(scope: Scope) -> Section | None:
    from sapat.processes.models import Indicator, Measurement

    indicators = Indicator.objects.live().filter(_under(scope, "owner_unit"))
    values = Measurement.objects.filter(indicator__in=indicators, period__end__gte=scope.start,
                                        period__end__lte=scope.end)
    n_values = values.count()
    n_kpis = indicators.count()
    if not n_kpis:
        return None
    reported = values.values("indicator_id").distinct().count()
    return Section(
        figures=[[_("Indicators monitored"), str(n_kpis)],
                 [_("Values entered for periods ending in the review period"), str(n_values)],
                 [_("Indicators with at least one value"), str(reported)],
                 [_("Indicators with no value"), str(n_kpis - reported)]],
        links=[[_("KPI values due"), reverse("processes:kpis")]],
    )


# c4 ---------------------------------------------------------------------------------------
def nonconformities(scope: Scope) -> Section | None:
    """Nonconformities and corrective actions (sapat.improvement): how many, of what grade,
    where they wait and for how long, recurrences, and the effectiveness verdicts."""
    from django.db.models import Count, Min

    from sapat.improvement.models import CorrectiveAction, EffectivenessReview, Nonconformity, Step

    day = _as_of(scope)
    ours = Nonconformity.objects.live().filter(_under(scope, "unit"))
    reported = ours.filter(reported_on__gte=scope.start, reported_on__lte=scope.end)
    counts = reported.aggregate(
        total=Count("pk"), major=Count("pk", filter=Q(grade=Nonconformity.Grade.MAJOR)),
        recurrences=Count("pk", filter=Q(recurrence_of__isnull=False)),
        closed=Count("pk", filter=Q(state=Step.CLOSED)))
    waiting = (ours.exclude(state=Step.CLOSED).filter(reported_on__lte=day)
               .values("state").annotate(n=Count("pk"), oldest=Min("reported_on")))
    verdicts = Counter(EffectivenessReview.objects.filter(
        nonconformity__in=ours, judged_at__date__gte=scope.start,
        judged_at__date__lte=scope.end).exclude(verdict="").values_list("verdict", flat=True))
    overdue = (CorrectiveAction.objects.live().filter(nonconformity__in=ours)
               .overdue(day).count())
    if not counts["total"] and not waiting:
        return None
    order = {state: i for i, state in enumerate(Step.values)}
    rows = [[str(Step(w["state"]).label), str(w["n"]), str((day - w["oldest"]).days)]
            for w in sorted(waiting, key=lambda w: order[w["state"]])]
    return Section(
        figures=[[_("Nonconformities reported in the period"), str(counts["total"])],
                 [_("of them major"), str(counts["major"])],
                 [_("recurrences (same process and cause within 12 months)"),
                  str(counts["recurrences"])],
                 [_("of them closed"), str(counts["closed"])],
                 [_("Open on the review's date"), str(sum(w["n"] for w in waiting))],
                 [_("Corrective actions overdue"), str(overdue)],
                 [_("Verdicts: effective"), str(verdicts.get("effective", 0))],
                 [_("Verdicts: ineffective (reopened)"), str(verdicts.get("ineffective", 0))]],
        columns=[_("Waiting at the step"), _("Nonconformities"), _("Oldest, days")],
        rows=rows,
        links=[[_("Register of nonconformities"), reverse("improvement:register")]],
    )


# c6 ---------------------------------------------------------------------------------------
def audit_results(scope: Scope) -> Section | None:
    from sapat.audits.models import Audit, Finding

    audits = Audit.objects.live().filter(programme__university=scope.university,
                                         planned_start__lte=scope.end,
                                         planned_end__gte=scope.start)
    states = Counter(audits.values_list("state", flat=True))
    planned = sum(states.values())
    if not planned:
        return None
    done = states.get(Audit.State.REPORTED, 0) + states.get(Audit.State.CLOSED, 0)
    findings = Finding.objects.filter(question__audit__in=audits, question__archived_at=None,
                                      question__audit__state__in=("reported", "closed"))
    by_grade = Counter(findings.values_list("grade", flat=True))
    clause_rows = defaultdict(Counter)
    for code, grade in (findings.exclude(grade=Finding.Grade.CONFORMING)
                        .order_by("question__clause__order")
                        .values_list("question__clause__code", "grade")):
        clause_rows[code or "—"][grade] += 1
    grades = [g for g in Finding.Grade if g != Finding.Grade.CONFORMING]
    return Section(
        figures=[[_("Audits planned in the period"), str(planned)],
                 [_("Audits done (report issued)"), str(done)],
                 [_("Programme done"), f"{round(100 * done / planned)}%"]]
        + [[str(g.label), str(by_grade.get(g, 0))] for g in Finding.Grade],
        columns=[_("ISO 9001 clause")] + [str(g.label) for g in grades],
        rows=[[f"ISO 9001 {code}" if code != "—" else _("No clause")]
              + [str(counts.get(g, 0)) for g in grades] for code, counts in clause_rows.items()],
        links=[[_("Internal audit"), reverse("audits:programmes")]],
    )


# d ----------------------------------------------------------------------------------------
def resources(scope: Scope) -> Section | None:
    from .models import ResourceReport

    found = list(ResourceReport.objects.live().filter(_under(scope, "unit"),
                                                      reported_on__gte=scope.start,
                                                      reported_on__lte=scope.end)
                 .select_related("unit").order_by("unit__path"))
    if not found:
        return None
    counts = Counter(r.adequacy for r in found)
    return Section(
        figures=[[_("Units that reported"), str(len({r.unit_id for r in found}))]]
        + [[str(a.label), str(counts.get(a, 0))] for a in ResourceReport.Adequacy],
        columns=[_("Unit"), _("Adequacy"), _("What was reported"), _("Reported on")],
        rows=[[r.unit.label, r.get_adequacy_display(), r.tr.text, _d(r.reported_on)]
              for r in found],
        links=[[_("Resource reports"), reverse("reviews:resources")]],
    )


# e ----------------------------------------------------------------------------------------
def risk_actions(scope: Scope) -> Section | None:
    from sapat.risks import scoring
    from sapat.risks.heatmap import heatmap_svg
    from sapat.risks.models import Assessment, Measure, Risk

    measures = Measure.objects.live().filter(
        Q(risk__unit__path__startswith=scope.university.path)
        | Q(opportunity__unit__path__startswith=scope.university.path),
        due_date__gte=scope.start, due_date__lte=scope.end)
    counts = Counter()
    for status, due, done in measures.values_list("status", "due_date", "completed_on"):
        if status == "done":
            counts["done" if done and done <= due else "late"] += 1
        elif status == "cancelled":
            counts["cancelled"] += 1
        else:
            counts["overdue" if due < _as_of(scope) else "open"] += 1
    risks = list(Risk.objects.live().filter(_under(scope, "unit")).values_list(
        "pk", "likelihood", "consequences", "residual_likelihood", "residual_consequences",
        "created_at"))
    if not risks and not sum(counts.values()):
        return None
    first_in_period = {}
    assessments = Assessment.objects.filter(
        risk__in=[r[0] for r in risks] if len(risks) < 900 else Risk.objects.filter(
            _under(scope, "unit")), at__date__gte=scope.start, at__date__lte=scope.end,
    ).order_by("at").values_list("risk_id", "old_likelihood", "old_consequences",
                                 "new_likelihood", "new_consequences")
    lowered = raised = 0
    for risk_id, ol, oc, nl, nc in assessments:
        first_in_period.setdefault(risk_id, (ol, oc))
        if ol and oc:
            if nl * nc < ol * oc:
                lowered += 1
            elif nl * nc > ol * oc:
                raised += 1
    then, now = Counter(), Counter()
    residual_lower = with_residual = 0
    for pk, lk, cs, rl, rc, created in risks:
        now[(lk, cs)] += 1
        if created.date() <= scope.start:
            before = first_in_period.get(pk)
            then[before if before and before[0] else (lk, cs)] += 1
        if rl and rc:
            with_residual += 1
            residual_lower += rl * rc < lk * cs
    bands = scoring.load_bands()
    order = [("done", _("done on time")), ("late", _("done late")),
             ("open", _("open, not yet due")), ("overdue", _("overdue"))]
    total = sum(counts[k] for k, _n in order)
    on_time = f"{round(100 * counts['done'] / total)}%" if total else "—"
    return Section(
        figures=[[_("Measures due in the period"), str(total)]]
        + [[name, str(counts[k])] for k, name in order]
        + [[_("Done on time"), on_time],
           [_("Reassessments that lowered the level"), str(lowered)],
           [_("Reassessments that raised the level"), str(raised)],
           [_("Risks with a residual level"), str(with_residual)],
           [_("Residual level below the inherent level"), str(residual_lower)]],
        charts=[stacked_bars([(_("Measures"), counts)], order, title=_("Measures due")),
                heatmap_svg(then, bands, title=_("Risks at the start of the period")
                            + f" ({_d(scope.start)})"),
                heatmap_svg(now, bands, title=_("Risks at the end of the period")
                            + f" ({_d(scope.end)})")],
        links=[[_("Risk heat map"), reverse("risks:heatmap")]],
    )


# f ----------------------------------------------------------------------------------------
def improvement_opportunities(scope: Scope) -> Section | None:
    from sapat.audits.models import Finding
    from sapat.risks.models import Opportunity

    found = list(Opportunity.objects.live().filter(_under(scope, "unit"),
                                                   created_at__date__lte=scope.end)
                 .select_related("unit").order_by("-created_at")[:200])
    ofis = list(Finding.objects.filter(
        grade=Finding.Grade.OFI, question__audit__programme__university=scope.university,
        question__audit__state__in=("reported", "closed"), question__archived_at=None,
        question__audit__planned_start__lte=scope.end,
        question__audit__planned_end__gte=scope.start,
    ).select_related("question__audit")[:200])
    if not found and not ofis:
        return None
    rows = [[_("Opportunity"), o.unit.label, o.tr.title, o.get_status_display()]
            for o in found]
    rows += [[_("Audit finding"), str(f.question.audit), f.question.text, f.evidence or "—"]
             for f in ofis]
    return Section(
        figures=[[_("Opportunities in the registers"), str(len(found))],
                 [_("Audit findings: opportunities for improvement"), str(len(ofis))]],
        columns=[_("Source"), _("Where"), _("Opportunity"), _("Status")],
        rows=rows,
    )


COMPILERS = {
    "a": previous_actions, "b": context_changes, "c1": satisfaction, "c2": objectives,
    "c3": process_performance, "c4": nonconformities, "c5": monitoring, "c6": audit_results,
    "d": resources, "e": risk_actions, "f": improvement_opportunities,
}


def register_all() -> None:
    """Fill the compilers of the sections this app and the apps before it can compile."""
    sections.register_defaults()
    for key, fn in COMPILERS.items():
        current = sections.get(key)
        if current.compile is None:
            sections.register(dataclasses.replace(current, compile=fn))
