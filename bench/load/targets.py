"""Pick, for each benchmark login, the records its simulated user opens; print them as JSON.

    DATABASE_URL=… .venv/bin/python bench/load/targets.py > targets.json

Run against the database gunicorn will serve. Uses the `bench-*` logins of
`sapat generate` when they exist, else the demo's (rector, qms, head, director, staff).
Targets are read through the app's own access rules (`risks_visible_to`,
`units_in_scope`, `university_q`), so every URL the load test opens is one the person may
read: any error response under load is then the app's fault, not the script's.
"""
from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("rector", "qms", "director", "head", "staff")
PICKS = 20  # risks and KPIs per login, so that not every request reads the same rows


def logins() -> tuple[list[str], str]:
    from sapat.org.models import Person

    bench = [f"bench-{role}" for role in ROLES]
    if Person.objects.filter(username__in=bench).count() == len(bench):
        return bench, os.environ.get("SAPAT_BENCH_PASSWORD", "bench")
    return list(ROLES), "demo"


def targets_for(person, rng: random.Random) -> dict:
    from django.db.models import Count, Q

    from sapat.org.access import RULES, Action, Reach, grants, units_in_scope
    from sapat.processes.health import live_indicators
    from sapat.processes.permissions import university_q
    from sapat.risks import scoring
    from sapat.risks.permissions import risks_visible_to

    # The passport: a head's or an employee's own unit when it keeps risks; for the
    # university-wide roles (and when the own unit has none) the fullest one they may read,
    # the worst case of the passports that person opens.
    units = list(
        units_in_scope(person, Action.READ)
        .annotate(n=Count("risks", filter=Q(risks__archived_at__isnull=True)))
        .filter(n__gt=0).order_by("-n", "path")
    )
    if not units:
        raise SystemExit(f"{person.username}: no unit with risks in reach")
    university_wide = any(RULES[g.role].reach == Reach.UNIVERSITY for g in grants(person))
    own = None if university_wide else next((u for u in units if u.pk == person.unit_id), None)
    passport = own or units[0]
    risks = list(risks_visible_to(person).order_by("pk").values_list("pk", flat=True))
    kpis = list(live_indicators().filter(university_q(person, "owner_unit"))
                .order_by("pk").values_list("pk", flat=True))
    if not kpis:
        raise SystemExit(f"{person.username}: no KPI in reach")
    top = max(scoring.load_bands(), key=lambda b: b.max_level)
    # The subtree above the passport unit: a filter a director or the QMS office would use.
    parent = passport.parent if passport.parent_id and passport.parent.parent_id else passport
    return {
        "unit": passport.code,
        "unit_risks": next(u.n for u in units if u.pk == passport.pk),
        "risks": sorted(rng.sample(risks, min(PICKS, len(risks)))),
        "kpis": sorted(rng.sample(kpis, min(PICKS, len(kpis)))),
        "filters": [
            f"kind=risk&band={top.code}",
            f"unit={parent.code}&overdue=on",
            f"unit={passport.code}&sort=-level",
        ],
    }


def deadline_people(heads: int, qms: int, password: str) -> dict:
    """The "deadline day" cast (bench/load/deadline.py): `heads` department heads, each
    entering values and measure results for their own department through the API (a
    token each), and the QMS office's people. Their passwords become `password` and each
    gets a token: run this against a benchmark database only."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count, Q

    from sapat.api.models import ApiToken
    from sapat.api.tokens import token_create
    from sapat.org.models import Person, Role, RoleAssignment
    from sapat.processes.models import Measurement
    from sapat.risks.models import Measure

    hashed = make_password(password)
    chosen = list(
        RoleAssignment.objects.filter(role=Role.HEAD, person__is_active=True)
        .annotate(n=Count("unit__risks", filter=Q(unit__risks__archived_at__isnull=True)))
        .filter(n__gt=0).select_related("person", "unit").order_by("unit__path")[:heads]
    )
    office = list(RoleAssignment.objects.filter(role=Role.QMS, person__is_active=True)
                  .select_related("person").order_by("person__username")[:qms])
    people = [a.person for a in chosen + office]
    Person.objects.filter(pk__in=[p.pk for p in people]).update(password=hashed)
    ApiToken.objects.filter(person__in=people, name="deadline").delete()
    cast = {"heads": [], "qms": [a.person.username for a in office]}
    for a in chosen:
        _token, key = token_create(person=a.person, name="deadline")
        measures = list(Measure.objects.live().filter(risk__unit=a.unit, status__in=(
            "planned", "in_progress")).order_by("pk").values_list("pk", flat=True)[:PICKS])
        values = list(Measurement.objects.filter(unit=a.unit).order_by("-period__start", "pk")
                      .values_list("pk", flat=True)[:PICKS])
        if not values:  # the KPIs kept for the university, not per department
            values = list(Measurement.objects.filter(indicator__owner_unit=a.unit)
                          .order_by("-period__start", "pk").values_list("pk", flat=True)[:PICKS])
        cast["heads"].append({"login": a.person.username, "unit": a.unit.code, "token": key,
                              "measures": measures, "values": values})
    return cast


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    import django

    django.setup()
    from sapat.org.models import Person

    names, password = logins()
    rng = random.Random(7)
    people = {p.username: p for p in Person.objects.filter(username__in=names)}
    missing = sorted(set(names) - set(people))
    if missing:
        raise SystemExit(f"missing logins: {', '.join(missing)}")
    out = {
        "password": password,
        "logins": {name: targets_for(people[name], rng) for name in names},
    }
    if "--deadline" in sys.argv:
        out["deadline"] = deadline_people(heads=int(os.environ.get("SAPAT_DEADLINE_HEADS", 70)),
                                          qms=4, password=password)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
