"""Load the JASU regulation into a database: idempotent, in one transaction.

Every record is found by a stable key and written only when it differs, so a second
load changes nothing: no duplicates, no new history rows.
"""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sapat.approvals import services as approvals
from sapat.org.models import AcademicYear, Person, Position, RoleAssignment, Term, Unit
from sapat.org.services import academic_year_create
from sapat.processes.models import Process, ProcessGroup, QualityPolicy
from sapat.search import index as search_index

from . import audits as demo_audits
from . import documents as demo_documents
from . import improvement as demo_improvement
from . import jasu
from . import meetings as demo_meetings
from . import processes as demo_processes
from . import reviews as demo_reviews
from . import risks as demo_risks

DEMO_PASSWORD = "demo"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    people: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, kind: str, model) -> None:
        bucket = self.created if kind == "created" else self.updated
        name = model._meta.verbose_name_plural
        bucket[str(name)] = bucket.get(str(name), 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def upsert(model, report: LoadReport, lookup: dict, values: dict):
    """Create the record, or update only the fields that differ; never a blind save."""
    obj = model._base_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.count("created", model)
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save()
        report.count("updated", model)
    return obj


def _names(triple) -> dict:
    ky, ru, en = triple
    return {"name": ky, "name_ru": ru, "name_en": en}


@transaction.atomic
def load_demo(*, with_people: bool | None = None) -> LoadReport:
    """Load (or bring up to date) the JASU organisation, processes, policy and glossary.

    Demo people with the password "demo" are created only in demo mode
    (`settings.SAPAT_DEMO`); production never gets them.
    """
    with_people = settings.SAPAT_DEMO if with_people is None else with_people
    report = LoadReport()
    units = {}
    for order, (code, kind, parent, names, abbr) in enumerate(jasu.UNITS):
        units[code] = upsert(Unit, report, {"code": code}, {
            "kind": kind, "parent": units.get(parent), "abbreviation": abbr, "order": order,
            **_names(names),
        })
    people = {}
    if with_people:
        people = _load_people(report, units)
    for order, (code, unit, names, holder) in enumerate(jasu.POSITIONS):
        upsert(Position, report, {"code": code}, {
            "unit": units[unit], "holder": people.get(holder), "order": order, **_names(names),
        })
    for abbr, ky, ru, en in jasu.GLOSSARY:
        upsert(Term, report, {"abbreviation": abbr},
               {"meaning": ky, "meaning_ru": ru, "meaning_en": en})
    _load_years(report)
    _load_processes(report, units)
    policy = upsert(QualityPolicy, report, {"version": 1}, {
        "text": jasu.POLICY_KY, "text_ru": jasu.POLICY_RU, "text_en": jasu.POLICY_EN,
        "unit": units["jasu"], "approved_by": people.get("rector"),
        "approved_on": datetime.date(2025, 8, 29),
    })
    if people.get("rector"):
        # The rector's decision that put the first version in force.
        approvals.record_past_approval(policy, people["rector"], "1",
                                       datetime.date(2025, 8, 29))
    demo_processes.load_kpis(report, units)
    demo_risks.load_risks(report, units)
    demo_audits.load_audits(report, units)
    demo_improvement.load_improvement(report, units)
    demo_documents.load_documents(report, units)
    demo_meetings.load_meetings(report, units)
    demo_reviews.load_reviews(report, units)
    # Records saved inside a transaction are indexed when it commits, bulk ones never:
    # the demo ends with a whole index either way.
    search_index.rebuild()
    return report


def _load_people(report: LoadReport, units: dict) -> dict:
    people = {}
    for username, full_name, unit, role, role_unit in jasu.PEOPLE:
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = Person(username=username, email=f"{username}@demo.sapat.kg")
            person.set_password(DEMO_PASSWORD)
        values = {"full_name": full_name, "unit": units[unit], "language": "ky"}
        if person.pk is None or any(getattr(person, k) != v for k, v in values.items()):
            created = person.pk is None
            for k, v in values.items():
                setattr(person, k, v)
            person.save()
            report.count("created" if created else "updated", Person)
        upsert(RoleAssignment, report, {"person": person, "role": role, "unit": units[role_unit]},
               {})
        people[username] = person
        report.people.append((username, full_name, role))
    return people


def _load_years(report: LoadReport) -> None:
    today = timezone.localdate()
    current_start = today.year if today.month >= 9 else today.year - 1
    for start_year in range(current_start - jasu.PAST_ACADEMIC_YEARS, current_start + 1):
        start = datetime.date(start_year, 9, 1)
        year = AcademicYear.objects.filter(start=start).first()
        is_current = start_year == current_start
        if year is None:
            academic_year_create(start=start, is_current=is_current)
            report.count("created", AcademicYear)
        elif year.is_current != is_current:
            year.is_current = is_current
            year.save()
            report.count("updated", AcademicYear)


def _load_processes(report: LoadReport, units: dict) -> None:
    groups = {
        code: upsert(ProcessGroup, report, {"code": code}, {"order": order, **_names(names)})
        for code, names, order in jasu.PROCESS_GROUPS
    }
    for number, code, group, names in jasu.PROCESSES:
        card = jasu.EDUCATION_CARD if code == "education" else {}
        upsert(Process, report, {"code": code}, {
            "number": number, "group": groups[group], "unit": units["jasu"], **card,
            **_names(names),
        })
