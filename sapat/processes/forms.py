from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.lib.locking import VersionedFormMixin
from sapat.lib.numbers import DecimalField, LocalNumbersMixin
from sapat.lib.widgets import LocalDateInput, QuickSelect
from sapat.org.models import Period, Unit

from .models import Indicator, MonitoringSettings, Process, ProcessGroup, QualityObjective


class ProcessForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Process
        fields = ["name", "name_ru", "name_en", "number", "group", "goal", "inputs", "outputs",
                  "resources", "owner_text", "owner_position", "owner_person", "owner_units"]
        widgets = {f: forms.Textarea(attrs={"rows": 3})
                   for f in ("goal", "inputs", "outputs", "resources")}


class ProcessCreateForm(ProcessForm):
    class Meta(ProcessForm.Meta):
        fields = ["code", "unit"] + ProcessForm.Meta.fields


class ProcessGroupForm(forms.ModelForm):
    class Meta:
        model = ProcessGroup
        fields = ["code", "name", "name_ru", "name_en", "order"]


class IndicatorForm(LocalNumbersMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "name_ru", "name_en", "process", "owner_unit", "per_unit",
                  "reporting_units", "measure_unit", "target", "direction", "tolerance",
                  "frequency", "data_source", "order"]

    def clean(self):
        cleaned = super().clean()
        owner, listed = cleaned.get("owner_unit"), cleaned.get("reporting_units")
        if owner and listed:
            outside = [u for u in listed if not u.is_within(owner)]
            if outside:
                self.add_error("reporting_units", _(
                    "These units are not under the owner unit: %(units)s."
                ) % {"units": ", ".join(str(u) for u in outside)})
        return cleaned


class MonitoringSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["grace_days"]


class MeasurementForm(forms.Form):
    """Enter (or correct) one value; `seen_version` guards against a silent overwrite."""

    period = forms.ModelChoiceField(Period.objects.none(), label=_("Period"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"), widget=QuickSelect)
    value = DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Evidence"), required=False,
                               help_text=_("PDF, DOCX, XLSX, PNG or JPG, up to 10 MB."))
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=0)
    # Shown as a tick box once a value far from the KPI's history was refused (plausibility).
    confirm_unusual = forms.BooleanField(
        label=_("The value is right: save it although it is far from the previous ones"),
        required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicator, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"].queryset = Period.objects.filter(
            kind=indicator.frequency).select_related("year").order_by("-start")
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
        # The period whose value is asked for: the latest that has ended (sapat.processes.due).
        from django.utils import timezone

        ended = self.fields["period"].queryset.filter(end__lt=timezone.localdate()).first()
        current = ended or Period.current(indicator.frequency)
        if current:
            self.fields["period"].initial = current.pk
        if not self.is_bound:
            self._open_on_saved_value()
        elif self.data.get("confirm_unusual") in ("on", "true", "True", "1"):
            self.ask_to_confirm()

    def ask_to_confirm(self):
        self.fields["confirm_unusual"].widget = forms.CheckboxInput()

    def _open_on_saved_value(self):
        """The form shows the value already saved for its period and unit, to correct it:
        saving a correction of one's own value is then no conflict (issue 12)."""
        period = self.initial.get("period", self.fields["period"].initial)
        unit = self.initial.get("unit", self.fields["unit"].initial)
        unit = getattr(unit, "pk", unit)
        if not (period and unit):
            return
        found = self.indicator.measurements.filter(period_id=period, unit_id=unit).first()
        if found is not None:
            self.initial.update(value=found.value, comment=found.comment,
                                seen_version=found.version)

    def clean_evidence(self):
        from .validators import validate_evidence

        f = self.cleaned_data.get("evidence")
        if f:
            validate_evidence(f)
        return f


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"),
                           help_text=_("Use the template: one value per row."))

    def clean_file(self):
        # The same checks as the passport import: real format by content, size packed and
        # unpacked (a zip bomb of 5 MB would otherwise unpack into gigabytes in openpyxl).
        from sapat.reports.reading import FileProblem, sniff

        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            kind = sniff(f.read(), f.name)
        except FileProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        finally:
            f.seek(0)
        if kind != "xlsx":
            raise forms.ValidationError(_("Upload an .xlsx file."))
        return f


class PolicyDraftForm(forms.Form):
    text = forms.CharField(label=_("Text (Kyrgyz)"), widget=forms.Textarea(attrs={"rows": 8}))
    text_ru = forms.CharField(label=_("Text (Russian)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))
    text_en = forms.CharField(label=_("Text (English)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}))


class ObjectiveForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = QualityObjective
        fields = ["name", "name_ru", "name_en", "unit", "what", "resources",
                  "responsible_position", "responsible_person", "deadline", "evaluation",
                  "indicators"]
        widgets = {"deadline": LocalDateInput(),
                   "what": forms.Textarea(attrs={"rows": 3}),
                   "resources": forms.Textarea(attrs={"rows": 2}),
                   "evaluation": forms.Textarea(attrs={"rows": 2})}
