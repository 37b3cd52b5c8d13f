"""Decisions assigned to a person wait in their inbox and digest (rule: `risks.tracked`)."""
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.risks.tracked import register_actions, translated

from .models import Decision

register_actions(
    "decisions", label=_("Decision"),
    actions=lambda: Decision.objects.live(),
    url=lambda d: reverse("meetings:decision", args=[d.pk]),
    order=22,
    columns=lambda lang: (
        Concat(Value("№ "), F("number"), Value(": "), translated("text", lang),
               output_field=CharField()),
        translated("meeting__body__name", lang)),
)
