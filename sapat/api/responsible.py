"""Responsible positions and people of many records in two light queries.

Django's prefetch of a many-to-many builds a related manager and a queryset per record;
at 1,000 risks that alone costs more than the rest of the page. Here the through tables
are read with `values_list`, each position or person is built once, and the lists are put
where the model's own code (`Responsible.responsible_labels()`) and the serializer look
for prefetched objects. Same rows, same order, fixed number of queries.
"""
from collections import defaultdict

from rest_framework import serializers

from sapat.org.models import Person, Position

CACHE = "_prefetched_objects_cache"
POSITION_FIELDS = ("id", "code", "name", "name_ru", "name_en", "order", "unit_id",
                   "holder_id")
PERSON_FIELDS = ("id", "username", "full_name", "first_name", "last_name")


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
    built: dict[int, object] = {}
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
        cache = getattr(record, CACHE, None)
        if cache is None:
            cache = {}
            setattr(record, CACHE, cache)
        cache["responsible_positions"] = positions.get(record.pk, [])
        cache["responsible_people"] = people.get(record.pk, [])


def remember_responsible(record, positions, people) -> None:
    """After a create: the lists just written, in the model's order, so that the answer
    needs no query to show them. Only for a record that is not written to again."""
    cache = getattr(record, CACHE, None)
    if cache is None:
        cache = {}
        setattr(record, CACHE, cache)
    cache["responsible_positions"] = sorted(positions or [], key=lambda p: (p.order, p.name))
    cache["responsible_people"] = sorted(
        people or [], key=lambda p: (p.full_name, p.username)
    )


class AttachedManyField(serializers.ManyRelatedField):
    """Reads the attached list without building a related manager per record, and looks
    up a list of codes sent by a client in one query (DRF asks once per code)."""

    def get_attribute(self, instance):
        cache = getattr(instance, CACHE, None) or {}
        if self.source in cache:
            return cache[self.source]
        return super().get_attribute(instance)

    def to_internal_value(self, data):
        child = self.child_relation
        if (
            not isinstance(child, serializers.SlugRelatedField)
            or isinstance(data, str | dict) or not isinstance(data, list | tuple)
            or not all(isinstance(item, str) for item in data)
        ):
            return super().to_internal_value(data)  # DRF's own checks and messages
        if not self.allow_empty and not data:
            self.fail("empty")
        slug = child.slug_field
        # The child's queryset: the same scope, the same records as one lookup each.
        found = {
            getattr(obj, slug): obj
            for obj in child.get_queryset().filter(**{f"{slug}__in": set(data)})
        }
        for item in data:
            if item not in found:
                child.fail("does_not_exist", slug_name=slug, value=item)
        return [found[item] for item in data]


def many(child, **kwargs):
    return AttachedManyField(child_relation=child, **kwargs)
