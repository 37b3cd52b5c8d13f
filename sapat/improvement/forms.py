"""Forms of the corrective-action steps; the services validate the order and the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sapat.lib.uploads import validate_evidence
from sapat.lib.widgets import LocalDateInput
from sapat.org.access import Action, units_in_scope
from sapat.risks.forms import use_people_search

from .models import (
    CauseAnalysis,
    CauseCategory,
    EffectivenessReview,
    Nonconformity,
    RiskDecision,
    Step,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})
CAUSE_ROWS = 5


def _people(person):
    from sapat.risks.permissions import assignable_people

    return assignable_people(person).order_by("full_name")


class FilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None, required=False)
    state = forms.ChoiceField(label=_("step"), required=False,
                              choices=[("", "—"), ("open", _("open")), *Step.choices])
    source = forms.ChoiceField(label=_("source"), required=False,
                               choices=[("", "—"), *Nonconformity.Source.choices])
    grade = forms.ChoiceField(label=_("grade"), required=False,
                              choices=[("", "—"), *Nonconformity.Grade.choices])
    overdue = forms.BooleanField(label=_("with overdue actions"), required=False)
    recurrence = forms.BooleanField(label=_("recurrences only"), required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(person, Action.READ).order_by("path")
        self.fields["unit"].to_field_name = "code"


class ActionFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("status"), required=False,
        choices=[("", "—"), ("open", _("open")), ("overdue", _("overdue")),
                 ("done", _("done")), ("cancelled", _("cancelled"))])
    mine = forms.BooleanField(label=_("mine only"), required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(person, Action.READ).order_by("path")
        self.fields["unit"].to_field_name = "code"


class NonconformityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None)
    source = forms.ChoiceField(label=_("source"), choices=[
        c for c in Nonconformity.Source.choices if c[0] != Nonconformity.Source.AUDIT])
    grade = forms.ChoiceField(label=_("grade"), choices=Nonconformity.Grade.choices)
    description = forms.CharField(label=_("description"), widget=TEXTAREA)
    description_ru = forms.CharField(label=_("description (Russian)"), widget=TEXTAREA,
                                     required=False)
    process = forms.ModelChoiceField(label=_("process"), queryset=None, required=False)
    clause = forms.ModelChoiceField(label=_("ISO 9001 clause"), queryset=None, required=False)
    indicator = forms.ModelChoiceField(label=_("KPI"), queryset=None, required=False)

    def __init__(self, *args, person, **kwargs):
        from sapat.audits.models import Clause
        from sapat.processes.models import Indicator, Process

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(person, Action.READ).order_by("path")
        self.fields["process"].queryset = Process.objects.live().order_by("number")
        self.fields["clause"].queryset = Clause.objects.order_by("order")
        self.fields["indicator"].queryset = Indicator.objects.select_related("process").order_by(
            "process__number", "order")


class CorrectionForm(forms.Form):
    text = forms.CharField(label=_("what was done at once"), widget=TEXTAREA)
    text_ru = forms.CharField(label=_("what was done at once (Russian)"), widget=TEXTAREA,
                              required=False)
    done_by = forms.ModelChoiceField(label=_("done by"), queryset=None)
    done_on = forms.DateField(label=_("done on"), widget=LocalDateInput(),
                              initial=timezone.localdate)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        use_people_search(self.fields["done_by"], _people(person))
        self.fields["done_by"].initial = person.pk


class DecisionForm(forms.Form):
    needed = forms.TypedChoiceField(
        label=_("is corrective action needed?"), widget=forms.RadioSelect,
        choices=[("yes", _("yes")), ("no", _("no"))], coerce=lambda v: v == "yes")
    reason = forms.CharField(label=_("reason"), widget=TEXTAREA)
    reason_ru = forms.CharField(label=_("reason (Russian)"), widget=TEXTAREA, required=False)


class CauseForm(forms.Form):
    method = forms.ChoiceField(label=_("method"), choices=CauseAnalysis.Method.choices,
                               widget=forms.RadioSelect)
    category = forms.ChoiceField(label=_("category of the root cause"),
                                 choices=CauseCategory.choices)
    root_cause = forms.CharField(label=_("root cause"), widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cats = [("", "—"), *CauseCategory.choices]
        for i in range(1, CAUSE_ROWS + 1):
            self.fields[f"cause_{i}"] = forms.CharField(
                label=_("why / cause %(n)s") % {"n": i}, required=i == 1)
            self.fields[f"category_{i}"] = forms.ChoiceField(
                label=_("its category (for cause categories)"), choices=cats, required=False)
            self.fields[f"evidence_{i}"] = forms.CharField(
                label=_("its evidence"), required=i == 1)

    def causes(self) -> list[dict]:
        data = self.cleaned_data
        return [{"text": data.get(f"cause_{i}", ""), "category": data.get(f"category_{i}", ""),
                 "evidence": data.get(f"evidence_{i}", "")} for i in range(1, CAUSE_ROWS + 1)]


class ActionForm(forms.Form):
    text = forms.CharField(label=_("corrective action"), widget=TEXTAREA)
    text_ru = forms.CharField(label=_("corrective action (Russian)"), widget=TEXTAREA,
                              required=False)
    due_date = forms.DateField(label=_("due date"), widget=LocalDateInput())
    people = forms.ModelMultipleChoiceField(label=_("responsible people"), queryset=None)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        # 3,000 people at the scale we design for: searched, not listed.
        use_people_search(self.fields["people"], _people(person))


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=LocalDateInput(),
                                   initial=timezone.localdate)
    result = forms.CharField(label=_("result"), widget=TEXTAREA)
    evidence = forms.FileField(label=_("evidence"), required=False,
                               validators=[validate_evidence],
                               help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class JudgeForm(forms.Form):
    verdict = forms.ChoiceField(label=_("verdict"), widget=forms.RadioSelect, choices=[
        c for c in EffectivenessReview.Verdict.choices if c[0]])
    reason = forms.CharField(label=_("reason"), widget=TEXTAREA)
    reason_ru = forms.CharField(label=_("reason (Russian)"), widget=TEXTAREA, required=False)


class ReviewPlanForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("reviewer"), queryset=None)
    scheduled_for = forms.DateField(label=_("review scheduled for"), widget=LocalDateInput())

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        use_people_search(self.fields["reviewer"], _people(person))


class RiskDecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("decision"), choices=RiskDecision.Kind.choices,
                             widget=forms.RadioSelect)
    risk = forms.ModelChoiceField(label=_("risk to re-assess"), queryset=None, required=False)
    title = forms.CharField(label=_("new risk"), required=False)
    likelihood = forms.TypedChoiceField(label=_("likelihood"), required=False, coerce=int,
                                        empty_value=None,
                                        choices=[("", "—")] + [(i, i) for i in range(1, 6)])
    consequences = forms.TypedChoiceField(label=_("consequences"), required=False, coerce=int,
                                          empty_value=None,
                                          choices=[("", "—")] + [(i, i) for i in range(1, 6)])
    reason = forms.CharField(label=_("reason"), widget=TEXTAREA)

    def __init__(self, *args, nc, person, **kwargs):
        from sapat.risks.permissions import risks_visible_to

        super().__init__(*args, **kwargs)
        self.fields["risk"].queryset = (
            risks_visible_to(person, Action.UPDATE).filter(unit=nc.unit).order_by("pk"))
