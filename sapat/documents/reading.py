"""Read-side helpers shared by screens, API and exports: lists, acknowledgement status by
unit, where a document is used. Each costs a fixed number of queries."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, Q

from sapat.org.models import Person, RoleAssignment, Unit

from .models import Acknowledgement, Citation, DocumentVersion, VersionState
from .permissions import documents_visible_to


def register_queryset(person, params=None):
    """The documents `person` reads, with their version in force (2 queries with the
    prefetch), filtered by the register's GET parameters."""
    params = params or {}
    qs = documents_visible_to(person).select_related("owner_unit")
    doc_type = params.get("type") or ""
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if params.get("in_force"):
        qs = qs.filter(Exists(DocumentVersion.objects.filter(
            document=OuterRef("pk"), state=VersionState.IN_FORCE)))
    text = (params.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(title__icontains=text)
                       | Q(title_ru__icontains=text) | Q(title_en__icontains=text))
    return qs.prefetch_related(Prefetch(
        "versions", queryset=DocumentVersion.objects.filter(state=VersionState.IN_FORCE),
        to_attr="in_force_versions")).order_by("code", "pk")


def in_force(document) -> DocumentVersion | None:
    found = getattr(document, "in_force_versions", None)
    if found is not None:
        return found[0] if found else None
    return document.versions.filter(state=VersionState.IN_FORCE).first()


def audience_people(document) -> dict[int, int | None]:
    """{person id: unit id} of everyone in the document's audience (one query for the
    audience units, one for the roles)."""
    root = document.university.path if document.university_id else ""
    paths = list(document.audience_units.values_list("path", flat=True))
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path=path) | Q(unit__path__startswith=path + ".")
    if document.roles:
        q |= Q(role__in=document.roles)
    rows = (RoleAssignment.objects.filter(q)
            .filter(Q(unit__path=root) | Q(unit__path__startswith=root + "."))
            .filter(person__is_active=True)
            .values_list("person_id", "unit_id", "person__unit_id"))
    people: dict[int, int | None] = {}
    for person_id, role_unit, own_unit in rows:
        people.setdefault(person_id, own_unit or role_unit)
    return people


def acknowledgement_status(version) -> list[dict]:
    """Who has and has not acknowledged `version`, by unit (four queries)."""
    people = audience_people(version.document)
    acked = set(Acknowledgement.objects.filter(version=version, person_id__in=list(people))
                .values_list("person_id", flat=True))
    persons = {p.pk: p for p in Person.objects.filter(pk__in=list(people))
               .only("pk", "username", "full_name", "first_name", "last_name")}
    units = {u.pk: u for u in Unit.objects.filter(pk__in={u for u in people.values() if u})}
    grouped: dict[int | None, dict] = defaultdict(lambda: {"done": [], "missing": []})
    for person_id, unit_id in people.items():
        person = persons.get(person_id)
        if person is None:
            continue
        grouped[unit_id]["done" if person_id in acked else "missing"].append(person)
    rows = []
    for unit_id, row in grouped.items():
        unit = units.get(unit_id)
        rows.append({"unit": unit, "done": sorted(row["done"], key=str),
                     "missing": sorted(row["missing"], key=str),
                     "total": len(row["done"]) + len(row["missing"])})
    rows.sort(key=lambda r: (r["unit"].path if r["unit"] else "~"))
    return rows


# Pages of records that have no get_absolute_url.
RECORD_PAGES = {"audits.audit": "audits:audit", "processes.indicator": "processes:kpi",
                "audits.checklistquestion": "audits:question_page"}


def _url_of(record) -> str:
    from django.urls import NoReverseMatch, reverse

    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    name = RECORD_PAGES.get(record._meta.label_lower)
    try:
        return reverse(name, args=[record.pk]) if name else ""
    except NoReverseMatch:
        return ""


def where_used(document) -> list[dict]:
    """The records citing `document`, each with its title and address when it has one
    (one query per kind of record)."""
    citations = list(Citation.objects.filter(document=document).select_related("content_type"))
    by_type: dict = defaultdict(list)
    for c in citations:
        by_type[c.content_type].append(c)
    rows = []
    for ct, items in by_type.items():
        model = ct.model_class()
        if model is None:
            continue
        manager = getattr(model, "all_objects", model._base_manager)
        records = manager.in_bulk([c.object_id for c in items])
        for c in items:
            record = records.get(c.object_id)
            if record is None:
                continue
            url = _url_of(record)
            rows.append({"kind": model._meta.verbose_name, "record": record, "url": url,
                         "note": c.note})
    return rows


