from django import forms
from django.utils.translation import gettext_lazy as _

from sapat.org.access import Action, scope_q
from sapat.org.models import Unit

from .reading import MAX_BYTES


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("passport", _("A unit's risk passport")),
                 ("register", _("The university risk register"))],
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False,
        help_text=_("The unit whose passport the risks go to. For the register: the unit "
                    "that owns them (the university when empty)."),
    )
    file = forms.FileField(
        label=_("File (.xlsx or .docx)"),
        help_text=_("At most 5 MB and 2,000 rows. Headings in Kyrgyz, Russian or English."),
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            scope_q(person, Action.CREATE, field="")
        ).order_by("path")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large; the limit is %(limit)s MB.")
                % {"limit": MAX_BYTES // 1024 // 1024}
            )
        return upload
