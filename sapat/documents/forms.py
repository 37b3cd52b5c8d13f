from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.lib.locking import VersionedFormMixin
from sapat.lib.widgets import LocalDateInput
from sapat.org.models import Person, Role, Unit
from sapat.risks.forms import use_people_search

from .files import validate_document_file
from .models import DisposalDecision, Document, Language


class DocumentForm(VersionedFormMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(label=_("audience roles"), choices=Role.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Document
        fields = ["code", "title", "title_ru", "title_en", "doc_type", "owner_unit",
                  "processes", "clauses", "audience_units", "confidentiality",
                  "retention_years", "review_months", "next_review"]
        widgets = {"next_review": LocalDateInput()}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        from sapat.audits.models import Clause
        from sapat.processes.models import Process

        if units is not None:
            self.fields["owner_unit"].queryset = units
        self.fields["audience_units"].queryset = Unit.objects.order_by("path")
        self.fields["processes"].queryset = Process.objects.live().order_by("code")
        self.fields["clauses"].queryset = Clause.objects.order_by("order")
        if self.instance and self.instance.pk:
            self.fields["roles"].initial = self.instance.roles

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        owner = self.data.get(self.add_prefix("owner_unit"))
        qs = Document.objects.live().filter(code=code)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        unit = Unit.objects.filter(pk=owner).first() if str(owner).isdigit() else None
        if unit is not None and qs.filter(university_id=int(unit.root_path)).exists():
            raise forms.ValidationError(_("A document with this code is already registered."))
        return code

    def save(self, commit=True):
        self.instance.roles = self.cleaned_data.get("roles") or []
        if self.instance.owner_unit_id:
            self.instance.university_id = int(self.instance.owner_unit.root_path)
        return super().save(commit=commit)


class VersionForm(forms.Form):
    change_summary = forms.CharField(label=_("change summary"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    change_summary_ru = forms.CharField(label=_("change summary (Russian)"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    reviewers = forms.ModelMultipleChoiceField(label=_("reviewers"), required=False,
                                               queryset=Person.objects.none())

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        if document is not None:
            # Searched, not listed: a university has thousands of people.
            use_people_search(self.fields["reviewers"], reviewer_people(document),
                              "documents:people_search", url_args=(document.pk,))


def reviewer_people(document):
    """Who may be asked to review a document's draft: the active people holding a role in
    its university (the form accepts them; `documents:people_search` offers them)."""
    return Person.objects.filter(is_active=True, roles__unit__path__startswith=(
        document.university.path)).distinct()


class FileForm(forms.Form):
    language = forms.ChoiceField(label=_("language"), choices=Language.choices)
    file = forms.FileField(label=_("file (PDF, DOCX or XLSX, at most 10 MB)"),
                           validators=[validate_document_file])


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}))


class DisposalForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=DisposalDecision.Decision.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))
    hold_until = forms.DateField(label=_("hold until"), required=False,
                                 widget=LocalDateInput())


class CitationForm(forms.Form):
    """A record that cites the document: a process card, a KPI or an internal audit."""

    process = forms.ModelChoiceField(label=_("process"), required=False,
                                     queryset=None)
    indicator = forms.ModelChoiceField(label=_("KPI"), required=False, queryset=None)
    audit = forms.ModelChoiceField(label=_("internal audit"), required=False, queryset=None)
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        from sapat.audits.permissions import audits_visible_to
        from sapat.processes.models import Indicator, Process

        self.fields["process"].queryset = Process.objects.live().order_by("number", "code")
        self.fields["indicator"].queryset = Indicator.objects.live().order_by("code")
        self.fields["audit"].queryset = (audits_visible_to(person) if person is not None
                                         else Indicator.objects.none()).order_by("number")

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(k) for k in ("process", "indicator", "audit") if cleaned.get(k)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one record that cites the document."))
        cleaned["record"] = chosen[0]
        return cleaned
