from django import forms
from django.contrib.auth.password_validation import validate_password
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from sapat.lib.locking import VersionedFormMixin
from sapat.lib.widgets import LocalDateInput

from .models import AcademicYear, Person, Position, RoleAssignment, Term, Unit


class UnitForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "name_ru", "name_en", "abbreviation", "code", "kind", "parent",
                  "order", "is_active"]


class PositionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "name_ru", "name_en", "code", "unit", "holder", "order"]


class PersonForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("Leave empty to keep the current password."),
    )

    class Meta:
        model = Person
        fields = ["username", "full_name", "email", "staff_number", "unit", "language",
                  "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["password"].help_text = _(
                "Leave empty and send an invitation: the person sets their own password, or "
                "signs in with the university's account.")

    def clean_staff_number(self):
        number = self.cleaned_data.get("staff_number", "").strip()
        if number and Person.objects.filter(staff_number=number).exclude(
            pk=self.instance.pk
        ).exists():
            raise forms.ValidationError(_("Another person has this staff number."))
        return number

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password, self.instance)
        return password

    def save(self, commit=True):
        person = super().save(commit=False)
        if self.cleaned_data.get("password"):
            person.set_password(self.cleaned_data["password"])
        elif not person.pk:
            person.set_unusable_password()
        if commit:
            person.save()
        return person


RoleFormSet = inlineformset_factory(
    Person, RoleAssignment, fields=["role", "unit"], extra=1, can_delete=True
)


class AcademicYearForm(forms.ModelForm):
    class Meta:
        model = AcademicYear
        fields = ["start", "end", "is_current"]
        widgets = {
            "start": LocalDateInput(),
            "end": LocalDateInput(),
        }


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["abbreviation", "meaning", "meaning_ru", "meaning_en"]
