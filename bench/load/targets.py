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
    json.dump({
        "password": password,
        "logins": {name: targets_for(people[name], rng) for name in names},
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
