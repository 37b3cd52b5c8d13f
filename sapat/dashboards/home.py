"""The home page's dashboards by level (regulation Appendix 7).

Each panel is a plain function returning a dict for its template; each costs a fixed
number of queries whatever the number of records. `dashboards_for(person)` picks the
panels from the person's roles (a person with several roles sees several panels).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sapat.org.access import Action, grants, scope_q
from sapat.org.models import Person, Role, Unit
from sapat.processes import due as kpi_due
from sapat.processes import kpi_status
from sapat.processes.health import latest_measurements, related_units_q
from sapat.processes.models import (
    Indicator,
    PolicyAcknowledgement,
    Process,
    QualityPolicy,
)
from sapat.processes.objective_views import objectives_with_progress
from sapat.processes.permissions import university_q
from sapat.risks import scoring
from sapat.risks.heatmap import heatmap_svg
from sapat.risks.models import Measure, Opportunity, Risk

STALE_AFTER_DAYS = 183  # "not reviewed in the last 6 months"
DUE_SOON_DAYS = 30
LIST_LIMIT = 10
# Units expected to keep a risk passport (the university itself and governing bodies do not).
PASSPORT_KINDS = (Unit.Kind.INSTITUTE, Unit.Kind.COLLEGE, Unit.Kind.FACULTY,
                  Unit.Kind.DEPARTMENT, Unit.Kind.COMMISSION, Unit.Kind.SERVICE,
                  Unit.Kind.CENTRE)


def _subtree_q(unit: Unit, field: str = "unit") -> Q:
    return Q(**{f"{field}__path": unit.path}) | Q(**{f"{field}__path__startswith": unit.path + "."})


def _with_query(url: str, **params) -> str:
    """`url` with the given, non-empty parameters; for a URL reversed once for many rows."""
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def _link(name: str, args=None, **params) -> str:
    return _with_query(reverse(name, args=args), **params)


@dataclass
class Panel:
    """One dashboard: which template, for which unit, with what data."""

    level: str  # university | institute | department | qms | staff | auditor
    template: str
    unit: Unit | None = None
    data: dict = field(default_factory=dict)


# --- shared pieces ------------------------------------------------------------------------


def _risk_scope(person, unit: Unit | None):
    qs = Risk.objects.live().filter(scope_q(person, Action.READ))
    return qs.filter(_subtree_q(unit)) if unit else qs


def overdue_by_unit(person, unit: Unit | None, today: datetime.date) -> dict:
    """Open measures past their due date, counted per unit (three queries).

    {"units": how many units have any, "rows": the LIST_LIMIT units with most, each with
    its count and a link to its overdue measures}. A dashboard lists the worst units; the
    whole list is the consolidated register's overdue filter (150 rows cost the rector's
    page a third of its time and told no more).
    """
    q = scope_q(person, Action.READ, "risk__unit") | scope_q(person, Action.READ,
                                                            "opportunity__unit")
    qs = Measure.objects.live().overdue(today).filter(q)
    if unit:
        qs = qs.filter(_subtree_q(unit, "risk__unit") | _subtree_q(unit, "opportunity__unit"))
    counts = dict(
        qs.annotate(owner_unit=Coalesce(F("risk__unit_id"), F("opportunity__unit_id")))
        .values("owner_unit").annotate(n=Count("pk")).values_list("owner_unit", "n")
    )
    # Ranked on paths alone; only the units listed are read whole.
    paths = dict(Unit.objects.filter(pk__in=list(counts)).values_list("pk", "path"))
    worst = sorted((pk for pk in counts if pk in paths), key=lambda pk: (-counts[pk], paths[pk]))
    units = Unit.objects.in_bulk(worst[:LIST_LIMIT])
    register = reverse("risks:consolidated")
    rows = [{"unit": units[pk], "count": counts[pk],
             "url": _with_query(register, unit=units[pk].code, overdue="on")}
            for pk in worst[:LIST_LIMIT]]
    return {"units": len(worst), "rows": rows}


class _Target(NamedTuple):
    """What a KPI's status needs of it (kpi_status.status_of), without a model instance."""

    pk: int
    process_id: int
    target: Decimal
    tolerance: Decimal | None
    direction: str


def kpi_by_process(person, unit: Unit | None) -> list[dict]:
    """Per process: how many KPIs are red, amber, green, without data (four queries).

    For a unit, the status is that of the latest values of its branch (the unit, those
    below and above it), chosen in the database. The KPIs are read as plain tuples: 500
    model instances cost as much as choosing their values.
    """
    indicators = Indicator.objects.live().filter(university_q(person, "owner_unit"))
    if unit:
        # Not another branch's KPI (the career office's, for a department).
        indicators = indicators.filter(related_units_q(unit, "owner_unit"))
    targets = [_Target(*row) for row in indicators.order_by().values_list(
        "pk", "process_id", "target", "tolerance", "direction")]
    values = latest_measurements([t.pk for t in targets], unit=unit)
    processes = Process.objects.in_bulk({t.process_id for t in targets})
    by_process: dict = {}
    for target in targets:
        state = kpi_status.latest(target, values.get(target.pk, []))
        entry = by_process.setdefault(target.process_id, {
            "process": processes[target.process_id], "red": 0, "amber": 0, "green": 0,
            "none": 0})
        entry[state.status] += 1
    result = sorted(by_process.values(), key=lambda e: e["process"].number)
    kpis = reverse("processes:kpis")
    for e in result:
        e["url"] = _with_query(kpis, process=e["process"].pk)
        e["red_url"] = _with_query(kpis, process=e["process"].pk, status="red")
    return result


def leadership(person, unit: Unit | None, level: str) -> Panel:
    """Rector / vice-rectors (whole university) and directors (their institute)."""
    today = timezone.localdate()
    bands = scoring.load_bands()
    risks = _risk_scope(person, unit)
    cells = dict(((lk, c), n) for lk, c, n in risks.order_by().values_list(
        "likelihood", "consequences").annotate(n=Count("pk")))
    code = unit.code if unit and unit.parent_id else ""
    register = reverse("risks:consolidated")

    def href(lk, c):
        return _with_query(register, kind="risk", l=lk, c=c, unit=code)

    top = max(bands, key=lambda b: b.max_level, default=None)
    high = list(scoring.annotate_levels(risks).filter(scoring.band_q(top, scoring.LEVEL))
                .select_related("unit").order_by(f"-{scoring.LEVEL}", "pk")[:LIST_LIMIT]) \
        if top else []
    for r in high:
        r._bands = bands
    high_count = sum(n for (lk, c), n in cells.items()
                     if top and top.min_level <= lk * c <= top.max_level)
    objectives = objectives_with_progress(person) if level == "university" else []
    return Panel(level, "dashboards/_leadership.html", unit, {
        "heatmap": heatmap_svg(cells, bands, href=href, testid=f"heatmap-{level}"),
        "high": high, "high_count": high_count,
        "high_url": _link("risks:consolidated", band=top.code if top else "", unit=code,
                          kind="risk"),
        "overdue": overdue_by_unit(person, unit, today),
        "overdue_url": _link("risks:consolidated", unit=code, overdue="on"),
        "kpis": kpi_by_process(person, unit if level != "university" else None),
        "objectives": objectives, "risk_count": sum(cells.values()),
        "risks_url": _link("risks:consolidated", unit=code),
    })


def kpis_to_enter(unit: Unit, today: datetime.date) -> list[dict]:
    """KPI values this unit is asked for (`sapat.processes.due`): late, or due soon.

    The same rule as the QMS office's "KPIs with missing data": a late row here is one
    of the units that list counts. A fixed number of queries.
    """
    ancestors = [int(pk) for pk in unit.path.split(".")]
    indicators = (Indicator.objects.live().select_related("process")
                  .filter(owner_unit_id__in=ancestors))
    return [{"indicator": d.indicator, "period": d.period, "deadline": d.deadline,
             "late": d.deadline < today,
             "url": _link("processes:kpi", args=[d.indicator.pk], period=d.period.pk,
                          unit=unit.pk)}
            for d in kpi_due.due(indicators, today, unit=unit, include_open=True)]


def department(person, unit: Unit) -> Panel:
    """A department (or service) head: passport, measures due, KPIs to enter, policy."""
    today = timezone.localdate()
    bands = scoring.load_bands()
    risks = Risk.objects.live().filter(unit=unit)
    by_level = list(risks.order_by().values_list("likelihood", "consequences"))
    band_counts = {b.code: 0 for b in bands}
    for lk, c in by_level:
        b = bands.for_level(lk * c)
        if b:
            band_counts[b.code] += 1
    last = Risk.history.filter(unit_id=unit.pk).aggregate(at=Max("history_date"))["at"]
    opportunities = Opportunity.objects.live().filter(unit=unit).count()
    measures = list(
        Measure.objects.live().open()
        .filter(Q(risk__unit=unit, risk__archived_at__isnull=True)
                | Q(opportunity__unit=unit, opportunity__archived_at__isnull=True))
        .filter(due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .with_owner().order_by("due_date", "pk")[:LIST_LIMIT]
    )
    people = Person.objects.filter(is_active=True).filter(_subtree_q(unit))
    policy = QualityPolicy.in_force()
    acknowledged = PolicyAcknowledgement.objects.filter(
        policy=policy, person__in=people).count() if policy else 0
    stale = last is None or last < timezone.now() - datetime.timedelta(days=STALE_AFTER_DAYS)
    to_enter = kpis_to_enter(unit, today)
    return Panel("department", "dashboards/_department.html", unit, {
        "risk_count": len(by_level), "opportunity_count": opportunities,
        "bands": [(b, band_counts[b.code]) for b in bands], "last_change": last,
        "stale": stale, "passport_url": reverse("risks:passport", args=[unit.code]),
        "measures": measures, "today": today,
        "measures_url": _link("risks:consolidated", unit=unit.code, overdue="on"),
        "to_enter": to_enter, "late": [k for k in to_enter if k["late"]],
        "kpis": kpi_by_process(person, unit),
        "people": people.count(), "acknowledged": acknowledged,
        "ack_url": _link("processes:acknowledgements", missing=1),
    })


def qms_office(person) -> Panel:
    """The QMS office: stale passports, units without risks, overdue measures, missing KPIs."""
    today = timezone.localdate()
    units = list(
        Unit.objects.filter(university_q(person, ""), kind__in=PASSPORT_KINDS, is_active=True)
        .annotate(live_risks=Count("risks", filter=Q(risks__archived_at__isnull=True)))
        .order_by("path")
    )
    last = dict(Risk.history.values("unit_id").annotate(at=Max("history_date"))
                .values_list("unit_id", "at"))
    limit = timezone.now() - datetime.timedelta(days=STALE_AFTER_DAYS)
    stale = [{"unit": u, "last": last.get(u.pk),
              "url": reverse("risks:passport", args=[u.code])}
             for u in units if u.live_risks and (last.get(u.pk) is None or last[u.pk] < limit)]
    empty = [{"unit": u, "url": reverse("risks:passport", args=[u.code])}
             for u in units if not u.live_risks]
    indicators = Indicator.objects.live().filter(university_q(person, "owner_unit"))
    missing = [{"indicator": d.indicator, "period": d.period, "deadline": d.deadline,
                "units": len(d.units), "missing": len(d.missing),
                "url": _link("processes:kpi", args=[d.indicator.pk], period=d.period.pk)}
               for d in kpi_due.due(indicators, today)]
    from sapat.documents.home import qms_documents

    return Panel("qms", "dashboards/_qms.html", None, {
        "documents": qms_documents(person, today),
        "stale": stale, "empty": empty, "overdue": overdue_by_unit(person, None, today),
        "missing": missing, "months": 6, "grace_days": kpi_due.grace().days,
        "settings_url": reverse("processes:kpi_settings"),
        "overdue_url": _link("risks:consolidated", overdue="on"),
    })


def staff(person) -> Panel:
    """An employee: the measures they answer for, and the policy."""
    today = timezone.localdate()
    measures = list(Measure.objects.live().open().assigned_to(person).with_owner()
                    .order_by("due_date", "pk")[:LIST_LIMIT])
    return Panel("staff", "dashboards/_staff.html", None, {
        "measures": measures, "today": today, "measures_url": reverse("risks:my_measures"),
    })


def council(person) -> Panel:
    """The Academic Council: what awaits its decision, what it decided last, and the open
    decisions of its meetings (three queries whatever the number of records)."""
    from sapat.approvals.models import ApprovalRequest, State
    from sapat.approvals.permissions import bodies_q
    from sapat.approvals.registry import Body
    from sapat.meetings.models import Body as MeetingBody
    from sapat.meetings.models import Decision

    mine = ApprovalRequest.objects.filter(body=Body.COUNCIL).filter(bodies_q(person))
    waiting = list(mine.filter(state=State.SUBMITTED).select_related("submitted_by")
                   .order_by("submitted_at", "pk"))
    decided = list(mine.filter(state__in=[State.APPROVED, State.RETURNED])
                   .select_related("decided_by").order_by("-decided_at", "-pk")[:LIST_LIMIT])
    meeting_decisions = list(
        Decision.objects.live().open()
        .filter(meeting__body__kind=MeetingBody.Kind.COUNCIL, meeting__archived_at__isnull=True)
        .select_related("meeting__body").order_by("due_date", "pk")[:LIST_LIMIT])
    return Panel("council", "dashboards/_council.html", None, {
        "waiting": waiting, "decided": decided,
        "waiting_url": reverse("approvals:waiting"),
        "meeting_decisions": meeting_decisions,
        "register_url": reverse("meetings:register"),
    })


def policy_status(person) -> dict:
    """The policy in force and whether the person has acknowledged it: the same query as
    the inbox's item, asked once per request."""
    from sapat.processes.inbox import policy_for

    policy, acknowledged = policy_for(person)
    return {"policy": policy, "acknowledged": acknowledged}


def dashboards_for(person) -> list[Panel]:
    """The panels of every level the person holds, most strategic first."""
    panels: list[Panel] = []
    by_role: dict[str, list[int]] = {}
    for g in grants(person):
        by_role.setdefault(g.role, []).append(g.unit_id)
    units = Unit.objects.in_bulk([pk for ids in by_role.values() for pk in ids]) \
        if by_role else {}
    if Role.COUNCIL in by_role:
        # The council's home is what awaits its decision, not a copy of the rector's.
        panels.append(council(person))
    from sapat.improvement import home as nc_home

    if Role.RECTOR in by_role:
        panels.append(leadership(person, None, "university"))
        panels.append(Panel("nc-trend", "improvement/_home_trend.html", None,
                            nc_home.trend_panel(person)))
    if Role.QMS in by_role:
        panels.append(qms_office(person))
        panels.append(Panel("nc-qms", "improvement/_home_qms.html", None,
                            nc_home.qms_panel(person)))
    for pk in by_role.get(Role.DIRECTOR, []):
        panels.append(leadership(person, units[pk], "institute"))
    for role in (Role.HEAD, Role.SERVICE_HEAD):
        for pk in by_role.get(role, []):
            panels.append(department(person, units[pk]))
            panels.append(Panel("nc-unit", "improvement/_home_head.html", units[pk],
                                nc_home.head_panel(person, units[pk])))
    if Role.AUDITOR in by_role:
        from sapat.audits.home import auditor_panel

        audits = auditor_panel(person)
        if audits is not None:
            panels.append(Panel("auditor", "audits/_home_auditor.html", None, audits))
    if Role.STAFF in by_role or Role.AUDITOR in by_role or not panels:
        panels.append(staff(person))
    return panels
