"""Responsible positions and people in the API's answers, without a query per record.

`attach_responsible` (in `sapat.risks.related`, shared with the screens and exports) puts
the lists where the model's code and the serializer look for prefetched objects;
`AttachedManyField` reads them from there.
"""
from rest_framework import serializers

# The lists are attached by the risks app (one place for the models' related lists).
from sapat.risks.related import CACHE, attach_responsible

__all__ = ["CACHE", "attach_responsible", "remember_responsible", "many"]


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
