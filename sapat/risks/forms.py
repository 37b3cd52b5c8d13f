"""Forms for risks, opportunities and measures. Saving goes through `services`."""
from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sapat.lib.fieldsets import form_fieldsets
from sapat.lib.locking import VersionedFormMixin
from sapat.lib.widgets import LocalDateInput, SearchSelect, SearchSelectMultiple
from sapat.org.models import Position

from . import scoring
from .files import validate_evidence
from .models import Measure, Opportunity, Risk, RiskCategory, RiskScale, ScaleLevel

PREVIEW_URL = reverse_lazy("risks:score_preview")
# A risk's or opportunity's own cells of the integrated table (Appendix 6).
ROW_FIELDS = ("inputs", "outputs", "indicators_text")
ROW_WIDGETS = {name: forms.Textarea(attrs={"rows": 2}) for name in ROW_FIELDS}


def translation_widgets(model) -> dict:
    """Two-line boxes for the translations of long texts (Django's default is ten)."""
    from django.db import models

    return {name: forms.Textarea(attrs={"rows": 2}) for name in model.translation_fields()
            if isinstance(model._meta.get_field(name), models.TextField)}


def translation_fieldsets(form, model):
    """The form's fields, then its records' texts in Russian and English in a group of
    their own (shown collapsed: `includes/form_fieldsets.html`)."""
    names = model.translation_fields()
    return form_fieldsets(form, [
        ("main", "", [f for f in form.fields if f not in names]),
        ("translations", _("Translations"), names),
    ])


def scale_descriptions(scale: RiskScale | None = None) -> dict[str, dict[int, str]]:
    """{axis: {score: description}} of the active scale, in the active language (1 query)."""
    if scale is not None:
        levels = ScaleLevel.objects.filter(scale=scale)
    else:
        levels = ScaleLevel.objects.filter(scale__is_active=True)
    found: dict[str, dict[int, str]] = {"likelihood": {}, "consequences": {}}
    for lvl in levels:
        found.setdefault(lvl.axis, {})[lvl.score] = lvl.label
    return found


def score_choices(descriptions: dict[int, str], blank: bool = False) -> list[tuple]:
    choices = [("", "—")] if blank else []
    for score in scoring.SCORES:
        text = descriptions.get(score, "")
        choices.append((score, f"{score} — {text}" if text else str(score)))
    return choices


def _preview_attrs(target: str, include: str) -> dict:
    # htmx asks the server for "20 — жогору" whenever either score changes.
    return {
        "hx-get": str(PREVIEW_URL), "hx-trigger": "change", "hx-target": target,
        "hx-include": include, "hx-swap": "innerHTML",
        # L then C changed quickly: two requests; without this the older answer could land
        # last and show the level of the first change. The newer request replaces it.
        "hx-sync": f"{include}:replace",
    }


class ScoreFieldsMixin:
    """L and C (and residual L, C) as 1–5 selects whose options show the scale text."""

    score_fields = ("likelihood", "consequences")
    residual_fields = ("residual_likelihood", "residual_consequences")
    preview_target = "#score-preview"
    preview_include = "closest form"

    def setup_scores(self, descriptions=None):
        descriptions = descriptions or scale_descriptions()
        for name in self.score_fields + self.residual_fields:
            if name not in self.fields:
                continue
            axis = "likelihood" if name.endswith("likelihood") else "consequences"
            required = name in self.score_fields
            old = self.fields[name]
            # Nothing is preselected: a level is never made of a score nobody chose.
            self.fields[name] = forms.TypedChoiceField(
                label=old.label, required=required, coerce=int, empty_value=None,
                choices=score_choices(descriptions.get(axis, {}), blank=True),
                help_text=old.help_text,
            )
            self.fields[name].widget.attrs.update(_preview_attrs(
                self.preview_target, self.preview_include
            ))


def _search_widget(url_name: str, placeholder, multiple: bool = True, url_args=()):
    """The page carries only the chosen people or positions; a combobox (sapat.js) asks
    the server for matches as the editor types (3,000 people at the scale we design for)."""
    widget = SearchSelectMultiple if multiple else SearchSelect
    return widget(reverse_lazy(url_name, args=url_args), texts={
        "search-label": _("Add: type, then choose with the arrow keys and Enter"),
        "search-placeholder": placeholder,
        "search-remove": _("Remove"),
        "search-none": _("Nobody found"),
        "search-more": _("Type more letters to narrow the list"),
        "search-chosen": _("Chosen"),
    })


def use_people_search(field: forms.ModelChoiceField, people,
                      url_name: str = "risks:people_search", url_args=()) -> None:
    """Give a people field (one or many) the searchable picker over `people`: the page
    carries only the chosen ones, the combobox asks `url_name` (with `url_args`) — by
    default `risks:people_search`, the people the editor may assign
    (`permissions.assignable_people`); `people` (what is accepted on submit) must be the
    people that endpoint offers. The queryset is set after the widget, which takes its
    choices from it."""
    field.widget = _search_widget(url_name, _("Type part of a name"),
                                  multiple=isinstance(field, forms.ModelMultipleChoiceField),
                                  url_args=url_args)
    field.widget.is_required = field.required
    field.queryset = people


def use_position_search(field: forms.ModelMultipleChoiceField) -> None:
    """Give a positions field the searchable picker (`risks:position_search`, every
    position with its unit); the queryset becomes `positions_for_pickers()`."""
    field.widget = _search_widget("risks:position_search",
                                  _("Type part of the position or unit"))
    field.widget.is_required = field.required
    field.label_from_instance = position_label
    field.queryset = positions_for_pickers()


def position_label(position: Position) -> str:
    """A position with its unit: «Кафедра башчысы — Маалымат технологиялар кафедрасы»."""
    return f"{position.label} — {position.unit.label}"


def positions_for_pickers():
    return Position.objects.select_related("unit").order_by("unit__path", "order", "name")


class ResponsibleFieldsMixin:
    def setup_responsible(self, person=None):
        if "responsible_positions" in self.fields:
            use_position_search(self.fields["responsible_positions"])
        if "responsible_people" in self.fields:
            # Only people the editor may assign (sapat.risks.permissions).
            from .permissions import assignable_people

            use_people_search(self.fields["responsible_people"], assignable_people(
                person, self.instance).order_by("full_name", "username"))


class RiskForm(VersionedFormMixin, ScoreFieldsMixin, ResponsibleFieldsMixin, forms.ModelForm):
    # The form in four groups, as a person thinks of a risk; the level shows after L and C.
    FIELDSETS = [
        ("what", _("What the risk is"),
         ["title", "category", "process", "cause", "consequences_text"]),
        ("size", _("How big it is"), ["likelihood", "consequences"]),
        ("who", _("Who acts, and when"),
         ["responsible_text", "responsible_positions", "responsible_people", "measures_text",
          "deadline_text", "deadline", "next_review"]),
        ("residual", _("Residual risk (after the measures)"),
         ["residual_likelihood", "residual_consequences", "residual_score"]),
        ("row", _("Its own row in the integrated table"), ["process_goal", *ROW_FIELDS]),
        ("translations", _("Translations"), Risk.translation_fields()),
    ]

    class Meta:
        model = Risk
        fields = [
            "title", "category", "process", "cause", "consequences_text", "likelihood",
            "consequences", "responsible_text", "responsible_positions", "responsible_people",
            "measures_text", "deadline_text", "deadline", "residual_likelihood",
            "residual_consequences", "residual_score", "next_review", "process_goal",
            *ROW_FIELDS, *Risk.translation_fields(),
        ]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 2}),
            "consequences_text": forms.Textarea(attrs={"rows": 2}),
            "measures_text": forms.Textarea(attrs={"rows": 2}),
            "process_goal": forms.Textarea(attrs={"rows": 2}),
            **ROW_WIDGETS,
            **translation_widgets(Risk),
            "deadline": LocalDateInput(),
            "next_review": LocalDateInput(),
        }

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scores()
        self.setup_responsible(person)
        self.fields["category"].queryset = RiskCategory.objects.filter(is_active=True)
        from sapat.processes.models import Process

        self.fields["process"].queryset = Process.objects.live()
        # Without a process and a category a risk has no row in the integrated table.
        self.fields["process"].required = True
        self.fields["category"].required = True

    def fieldsets(self):
        return form_fieldsets(self, self.FIELDSETS)

    def lc_grid(self) -> list[list[dict]]:
        """The 5×5 picker beside L and C: rows of likelihood 5…1, columns of consequences
        1…5, each cell with its level and band (the active scale's); the cell of the chosen
        L and C is checked, none when either is missing (nothing is preselected)."""
        bands = scoring.load_bands()

        def chosen(name):
            value = self[name].value()
            return int(value) if str(value or "").isdigit() else None

        current = (chosen("likelihood"), chosen("consequences"))
        rows = []
        for lk in range(scoring.MAX_SCORE, 0, -1):
            row = []
            for c in range(1, scoring.MAX_SCORE + 1):
                band = bands.for_level(lk * c)
                row.append({"l": lk, "c": c, "level": lk * c, "band": band,
                            "checked": current == (lk, c)})
            rows.append(row)
        return rows


class RiskRowForm(VersionedFormMixin, ScoreFieldsMixin, forms.ModelForm):
    """The passport's inline edit: the Appendix 3 columns that are typed in the row."""

    preview_include = "closest tr"

    class Meta:
        model = Risk
        fields = ["title", "likelihood", "consequences", "responsible_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview_target = f"#row-score-{self.instance.pk or 'new'}"
        self.setup_scores()


class ReassessForm(ScoreFieldsMixin, forms.Form):
    likelihood = forms.IntegerField(label=_("likelihood"))
    consequences = forms.IntegerField(label=_("consequences"))
    residual_likelihood = forms.IntegerField(label=_("residual likelihood"), required=False)
    residual_consequences = forms.IntegerField(label=_("residual consequences"),
                                               required=False)
    residual_score = forms.IntegerField(
        label=_("residual level (without L and C)"), required=False,
        min_value=scoring.MIN_LEVEL, max_value=scoring.MAX_LEVEL,
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    preview_target = "#reassess-preview"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scores()


class OpportunityForm(VersionedFormMixin, ResponsibleFieldsMixin, forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = [
            "title", "process", "essence", "expected_effect", "responsible_text",
            "responsible_positions", "responsible_people", "measures_text", "deadline_text",
            "benefit", "feasibility", *ROW_FIELDS, *Opportunity.translation_fields(),
        ]
        widgets = {
            "essence": forms.Textarea(attrs={"rows": 2}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
            "measures_text": forms.Textarea(attrs={"rows": 2}),
            **ROW_WIDGETS,
            **translation_widgets(Opportunity),
        }

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_responsible(person)
        from sapat.processes.models import Process

        self.fields["process"].queryset = Process.objects.live()

    def fieldsets(self):
        return translation_fieldsets(self, Opportunity)


class OpportunityMarkForm(forms.Form):
    status = forms.ChoiceField(label=_("completion mark"), choices=Opportunity.Status.choices)
    result = forms.ChoiceField(label=_("result"), choices=Opportunity.Result.choices,
                               required=False)


class MeasureForm(VersionedFormMixin, ResponsibleFieldsMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "text", "responsible_text", "responsible_positions", "responsible_people",
            "due_date", "rhythm_text", *Measure.translation_fields(),
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_date": LocalDateInput(),
            **translation_widgets(Measure),
        }

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_responsible(person)

    def fieldsets(self):
        return translation_fieldsets(self, Measure)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("due_date") and not cleaned.get("rhythm_text"):
            self.add_error("due_date", _("Give a due date, a rhythm, or both."))
        return cleaned


class MeasureCompleteForm(forms.Form):
    completed_on = forms.DateField(
        label=_("completed on"), widget=LocalDateInput()
    )
    result = forms.CharField(label=_("result"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label=_("evidence"), required=False, validators=[validate_evidence],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EscalateForm(forms.Form):
    register_number = forms.IntegerField(
        label=_("number in the register"), required=False, min_value=1,
        help_text=_("Leave empty for the next free number."),
    )
