from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.lib.locking import VersionedFormMixin
from sapat.lib.widgets import LocalDateInput
from sapat.org.models import Person, Unit
from sapat.risks.forms import use_people_search, use_position_search

from .files import validate_document
from .models import Body, Decision, Meeting


def people():
    """Anyone active may sit in a meeting or be named in its decisions."""
    return Person.objects.filter(is_active=True).order_by("full_name", "username")


def _searched(field) -> None:
    # 3,000 people at the scale we design for: searched (meetings:people_search, the same
    # people as `people()`), not listed.
    use_people_search(field, people(), "meetings:people_search")


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["body", "number", "held_on", "status", "title", "place", "chair",
                  "secretary", "minutes", "title_ru", "place_ru", "minutes_ru"]
        widgets = {"held_on": LocalDateInput(),
                   "minutes": forms.Textarea(attrs={"rows": 8}),
                   "minutes_ru": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = bodies.select_related("unit")
            del self.fields["minutes"], self.fields["minutes_ru"]
        for name in ("chair", "secretary"):
            _searched(self.fields[name])


class BodyForm(VersionedFormMixin, forms.ModelForm):
    """A body the QMS office keeps: its kind, unit, names, secretary and members."""

    class Meta:
        model = Body
        fields = ["kind", "unit", "name", "name_ru", "name_en", "secretary", "members"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.filter(is_active=True).order_by("path")
        _searched(self.fields["secretary"])
        _searched(self.fields["members"])


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("agenda item"), max_length=500)
    title_ru = forms.CharField(label=_("agenda item (Russian)"), max_length=500, required=False)
    speaker = forms.ModelChoiceField(label=_("speaker"), queryset=people(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _searched(self.fields["speaker"])


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=people())
    present = forms.TypedChoiceField(
        label=_("attendance"), coerce=lambda v: v == "1",
        choices=[("1", _("present")), ("0", _("absent"))], initial="1")
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _searched(self.fields["person"])


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300)
    file = forms.FileField(label=_("file"), validators=[validate_document],
                           help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."))


class DecisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["number", "text", "agenda_item", "responsible_unit", "responsible_people",
                  "responsible_positions", "responsible_text", "due_date", "text_ru",
                  "responsible_text_ru"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}),
                   "text_ru": forms.Textarea(attrs={"rows": 3}),
                   "due_date": LocalDateInput()}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = meeting or self.instance.meeting
        self.fields["agenda_item"].queryset = meeting.agenda.live()
        self.fields["responsible_unit"].queryset = Unit.objects.filter(is_active=True)
        _searched(self.fields["responsible_people"])
        use_position_search(self.fields["responsible_positions"])
        self.fields["due_date"].required = True


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("completed on"), widget=LocalDateInput())
    result = forms.CharField(label=_("result"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("evidence"), required=False,
                               validators=[validate_document],
                               help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RegisterFilter(forms.Form):
    body = forms.ModelChoiceField(label=_("body"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", "—"), *Decision.Status.choices])
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    unit = forms.ModelChoiceField(label=_("responsible unit"), queryset=None, required=False,
                                  to_field_name="code")

    def __init__(self, *args, bodies=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["unit"].queryset = units
