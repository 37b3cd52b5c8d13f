from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sapat.lib.locking import VersionedFormMixin
from sapat.org.models import AcademicYear, Person, Unit

from . import impartiality
from .models import (
    Audit,
    AuditorQualification,
    AuditProgramme,
    Clause,
    ConflictDeclaration,
    Finding,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = AuditProgramme
        fields = ["year", "cycle_months", "objectives"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = AcademicYear.objects.order_by("-start")


class ReviseForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AuditForm(VersionedFormMixin, forms.ModelForm):
    """The plan of an audit. Impartiality is checked here so the planner sees every reason
    next to the field; the service checks it again on save."""

    class Meta:
        model = Audit
        fields = list(Audit.PLAN_FIELDS)
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "opening_meeting": DATE,
            "closing_meeting": DATE,
            "objectives": forms.Textarea(attrs={"rows": 2}),
            "criteria_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme: AuditProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        from sapat.processes.models import Process

        university = programme.university
        self.fields["units"].queryset = university.subtree().filter(is_active=True)
        self.fields["processes"].queryset = Process.objects.live().order_by("number")
        self.fields["clauses"].queryset = Clause.objects.order_by("order")
        pool = Person.objects.filter(
            is_active=True,
            auditor_qualifications__archived_at__isnull=True,
            auditor_qualifications__university=university,
        ).distinct()
        self.fields["lead_auditor"].queryset = pool
        self.fields["team"].queryset = pool
        self.fields["team"].required = False
        for name in ("units", "processes", "clauses", "team"):
            self.fields[name].widget.attrs["size"] = 6

    def clean(self):
        cleaned = super().clean()
        units = cleaned.get("units") or []
        if not units:
            return cleaned
        processes = cleaned.get("processes") or []
        on = cleaned.get("planned_start")
        lead = cleaned.get("lead_auditor")
        if lead is not None:
            for refusal in impartiality.refusals(lead, units=units, processes=processes, on=on):
                self.add_error("lead_auditor", refusal.message)
        members = [p for p in cleaned.get("team") or [] if lead is None or p.pk != lead.pk]
        for refusal in impartiality.team_refusals(members, units=units, processes=processes, on=on):
            self.add_error("team", refusal.message)
        return cleaned


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("question"), widget=forms.Textarea(attrs={"rows": 2}))
    clause = forms.ModelChoiceField(
        label=_("clause"), queryset=Clause.objects.order_by("order"), required=False
    )


class FindingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Finding
        fields = ["grade", "evidence", "sample"]
        widgets = {"grade": forms.RadioSelect, "evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A grade is one of the five; no empty radio button.
        self.fields["grade"].choices = Finding.Grade.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # The service validates the whole finding (with its question); the form only its
        # own fields, so that a grade is never half-saved.
        try:
            self.instance.grade = self.cleaned_data.get("grade")
            self.instance.evidence = self.cleaned_data.get("evidence", "")
            Finding.clean(self.instance)
        except ValidationError as error:
            self._update_errors(error)


class EvidenceFileForm(forms.Form):
    file = forms.FileField(label=_("evidence file"))


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 4}))
    strengths = forms.CharField(
        label=_("strengths"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcknowledgeForm(forms.Form):
    text = forms.CharField(
        label=_("comment of the audited unit"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class QualificationForm(forms.ModelForm):
    class Meta:
        model = AuditorQualification
        fields = ["person", "basis", "qualified_on", "valid_until"]
        widgets = {"qualified_on": DATE, "valid_until": DATE}

    def __init__(self, *args, university: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            is_active=True, unit__path__startswith=university.path
        )


class ConflictForm(forms.ModelForm):
    class Meta:
        model = ConflictDeclaration
        fields = ["unit", "process", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, university: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        from sapat.processes.models import Process

        self.fields["unit"].queryset = university.subtree().filter(is_active=True)
        self.fields["process"].queryset = Process.objects.live().order_by("number")
