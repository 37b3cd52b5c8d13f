"""A form shown in groups (<fieldset> with a <legend>) through the one field template.

`form_fieldsets(form, [(name, legend, [field, ...]), ...])` gives one group per entry, each
usable as the `form` of `includes/form_fields.html`: the first carries the form's own
errors and hidden fields; fields not named in any group end up in the last one.
"""
from dataclasses import dataclass, field


@dataclass
class Fieldset:
    name: str
    legend: str
    fields: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    hidden: list = field(default_factory=list)
    stale_changes: list | None = None
    # The first group's error summary lists every field's mistakes, not only its own: a
    # mistake in a later group would otherwise leave no summary to take the focus.
    summary_fields: list = field(default_factory=list)
    has_field_errors: bool = False

    def visible_fields(self):
        return self.fields

    def hidden_fields(self):
        return self.hidden

    def non_field_errors(self):
        return self.errors

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(f.errors for f in self.fields)


def form_fieldsets(form, layout) -> list[Fieldset]:
    groups = [Fieldset(name, legend) for name, legend, _names in layout]
    where = {n: g for g, (_name, _legend, names) in zip(groups, layout, strict=True)
             for n in names}
    for bound in form.visible_fields():
        where.get(bound.name, groups[-1]).fields.append(bound)
    groups[0].errors = form.non_field_errors()
    groups[0].summary_fields = list(form.visible_fields())
    groups[0].has_field_errors = bool(form.errors)
    groups[0].hidden = form.hidden_fields()
    groups[0].stale_changes = getattr(form, "stale_changes", None)
    return [g for g in groups if g.fields or g is groups[0]]
