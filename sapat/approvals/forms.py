from django import forms
from django.utils.translation import gettext_lazy as _

# The decision's date is typed the way it is printed on the decision: 06.12.2026.
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class ApproveForm(forms.Form):
    decision_no = forms.CharField(label=_("decision number"), max_length=50)
    decision_date = forms.DateField(
        label=_("decision date"), input_formats=DATE_FORMATS,
        help_text=_("dd.mm.yyyy"),
        widget=forms.DateInput(format="%d.%m.%Y", attrs={
            "inputmode": "numeric", "autocomplete": "off",
            "pattern": r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}"}),
        error_messages={"invalid": _("Enter the date as dd.mm.yyyy, for example 06.12.2026.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason for return"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
