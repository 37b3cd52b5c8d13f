"""Related lists of many records in a few light queries, put where Django's prefetch would.

Django's prefetch builds a related manager and clones a queryset for every record; on a
table of thousands of risks that costs more than the rest of the page. These read the
rows once and place plain lists in each record's prefetch cache, so that the model's own
code (`Responsible.responsible_labels()`, `record.measures.all()`) finds them. Same rows,
same order, a fixed number of queries.
"""
from collections import defaultdict

from sapat.org.models import Person, Position

CACHE = "_prefetched_objects_cache"
POSITION_FIELDS = ("id", "code", "name", "name_ru", "name_en", "order", "unit_id",
                   "holder_id")
PERSON_FIELDS = ("id", "username", "full_name", "first_name", "last_name")


def attached(record, name: str):
    """`record.<name>.all()`, read straight from the prefetch cache when it is there:
    going through the related manager builds a manager and a queryset per call."""
    cache = getattr(record, CACHE, None)
    if cache is not None and name in cache:
        return cache[name]
    return getattr(record, name).all()


def _cache(record) -> dict:
    cache = getattr(record, CACHE, None)
    if cache is None:
        cache = {}
        setattr(record, CACHE, cache)
    return cache


def attach_responsible(records) -> None:
    """Give every record of one model its responsible positions and people (2 queries)."""
    records = list(records)
    if not records:
        return
    model = type(records[0])
    owner = model._meta.model_name  # "risk", "opportunity", "measure"
    ids = [r.pk for r in records]
    positions: dict[int, list] = defaultdict(list)
    people: dict[int, list] = defaultdict(list)
    built: dict[tuple, object] = {}
    through = model.responsible_positions.through.objects.filter(**{f"{owner}_id__in": ids})
    for row in through.order_by("position__order", "position__name", "pk").values_list(
        f"{owner}_id", *[f"position__{f}" for f in POSITION_FIELDS]
    ):
        position = built.get(("p", row[1])) or Position(**dict(zip(POSITION_FIELDS, row[1:],
                                                                    strict=True)))
        built[("p", row[1])] = position
        positions[row[0]].append(position)
    through = model.responsible_people.through.objects.filter(**{f"{owner}_id__in": ids})
    for row in through.order_by("person__full_name", "person__username", "pk").values_list(
        f"{owner}_id", *[f"person__{f}" for f in PERSON_FIELDS]
    ):
        person = built.get(("u", row[1])) or Person(**dict(zip(PERSON_FIELDS, row[1:],
                                                                strict=True)))
        built[("u", row[1])] = person
        people[row[0]].append(person)
    for record in records:
        cache = _cache(record)
        cache["responsible_positions"] = positions.get(record.pk, [])
        cache["responsible_people"] = people.get(record.pk, [])


def attach_measures(records, measures) -> None:
    """Give every risk or opportunity (one model) its rows of `measures`, in that
    queryset's order, as `record.measures.all()` (1 query)."""
    records = list(records)
    if not records:
        return
    owner = type(records[0])._meta.model_name  # "risk" or "opportunity"
    found: dict[int, list] = defaultdict(list)
    for measure in measures.filter(**{f"{owner}_id__in": [r.pk for r in records]}):
        found[getattr(measure, f"{owner}_id")].append(measure)
    for record in records:
        _cache(record)["measures"] = found.get(record.pk, [])
