from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.lib.widgets import QuickSelect
from sapat.org.access import Action, units_in_scope
from sapat.org.models import Period
from sapat.processes.models import Process
from sapat.processes.permissions import university_q
from sapat.risks.filters import status_choices
from sapat.risks.models import RiskCategory


class IntegratedFilterForm(forms.Form):
    """The integrated table's filters: codes in the URL, so a view can be bookmarked."""

    unit = forms.ChoiceField(label=_("Unit (with the units below it)"), required=False,
                             widget=QuickSelect)
    process = forms.ChoiceField(label=_("Process"), required=False, widget=QuickSelect)
    category = forms.ChoiceField(label=_("Risk category"), required=False)
    band = forms.ChoiceField(label=_("Risk level"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, data=None, *, person, bands, **kwargs):
        super().__init__(data, **kwargs)
        every = [("", _("all"))]
        units = units_in_scope(person, Action.READ).order_by("path")
        self.fields["unit"].choices = every + [
            (u.code, "\u00a0\u00a0" * u.path.count(".") + u.label) for u in units]
        self.fields["process"].choices = every + [
            (p.code, f"{p.number}. {p.label}")
            for p in Process.objects.live().filter(university_q(person))]
        self.fields["category"].choices = every + [
            (c.code, c.label) for c in RiskCategory.objects.filter(is_active=True)]
        self.fields["band"].choices = every + [(b.code, b.label) for b in bands]
        self.fields["status"].choices = every + status_choices()
        self.fields["period"].choices = [("", _("latest values"))] + [
            (str(p.pk), str(p)) for p in Period.objects.select_related("year")
            .filter(kind=Period.Kind.YEAR).order_by("-start")]
