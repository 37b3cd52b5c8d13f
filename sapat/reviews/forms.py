from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.lib.locking import VersionedFormMixin
from sapat.lib.uploads import validate_evidence
from sapat.lib.widgets import LocalDateInput
from sapat.org.models import AcademicYear, Person, Unit
from sapat.risks.forms import use_people_search

from .models import ContextIssue, ResourceReport, ReviewOutput


class ReviewCreateForm(forms.Form):
    year = forms.ModelChoiceField(label=_("academic year"), queryset=AcademicYear.objects.all())
    planned_on = forms.DateField(label=_("planned date"), required=False,
                                 widget=LocalDateInput())


class HoldForm(forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=LocalDateInput())
    attendees = forms.CharField(label=_("attendees"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=_("minutes"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    minutes_ru = forms.CharField(label=_("minutes (Russian)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of decision"), choices=ReviewOutput.Kind.choices)
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))
    text_ru = forms.CharField(label=_("decision (Russian)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none())
    person = forms.ModelChoiceField(label=_("responsible person"), required=False,
                                    queryset=Person.objects.none())
    due_date = forms.DateField(label=_("due date"), widget=LocalDateInput())

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        if review is not None:
            self.fields["unit"].queryset = Unit.objects.filter(
                path__startswith=review.university.path, is_active=True).order_by("path")
            # Searched, not listed: a university has thousands of people.
            use_people_search(self.fields["person"], output_people(review),
                              "reviews:people_search", url_args=(review.pk,))


def output_people(review):
    """Who may be named responsible for a review's decision: the active people of its
    university (the form accepts them; `reviews:people_search` offers them)."""
    return Person.objects.filter(is_active=True, unit__path__startswith=review.university.path)


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=LocalDateInput())
    result = forms.CharField(label=_("result"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("evidence"), required=False,
                               validators=[validate_evidence],
                               help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContextIssueForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ContextIssue
        fields = ["kind", "text", "text_ru", "change", "change_ru", "changed_on"]
        widgets = {"changed_on": LocalDateInput(),
                   "text": forms.Textarea(attrs={"rows": 2}),
                   "text_ru": forms.Textarea(attrs={"rows": 2}),
                   "change": forms.Textarea(attrs={"rows": 2}),
                   "change_ru": forms.Textarea(attrs={"rows": 2})}


class ResourceReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ResourceReport
        fields = ["unit", "year", "adequacy", "text", "text_ru", "reported_on"]
        widgets = {"reported_on": LocalDateInput(),
                   "text": forms.Textarea(attrs={"rows": 2}),
                   "text_ru": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, university_scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        if university_scope is not None:
            self.fields["unit"].queryset = Unit.objects.filter(
                path__startswith=university_scope.path, is_active=True).order_by("path")


class AnnualTextsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"] = forms.CharField(
            label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
        for s in sections:
            self.fields[s["key"]] = forms.CharField(
                label=f"{s['clause']} {s['title']}", required=False,
                widget=forms.Textarea(attrs={"rows": 3}))
