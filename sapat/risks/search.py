"""Risks, opportunities and measures in the one search (see `sapat.search.registry`)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.search.registry import Document, Provider, register

from .models import Measure, Opportunity, Risk
from .permissions import measures_visible_to, opportunities_visible_to, risks_visible_to


def _texts(record, skip=("title",)) -> list[str]:
    names = [n for n in record.TRANSLATED if n not in skip]
    return [getattr(record, n) for n in names] + [
        getattr(record, f"{n}_{lang}", "") for n in names for lang in ("ru", "en")
    ]


def _unit(unit) -> dict:
    """The unit's name as a hit's context, in each language."""
    if unit is None:
        return {}
    return {"context": unit.name, "context_ru": unit.name_ru, "context_en": unit.name_en}


def risk_document(risk: Risk) -> Document:
    return Document(
        title=risk.title, title_ru=risk.title_ru, title_en=risk.title_en,
        url=reverse("risks:risk_detail", args=[risk.pk]), **_unit(risk.unit),
        texts=_texts(risk),
    )


def opportunity_document(opp: Opportunity) -> Document:
    return Document(
        title=opp.title, title_ru=opp.title_ru, title_en=opp.title_en,
        url=reverse("risks:opportunity_detail", args=[opp.pk]), **_unit(opp.unit),
        texts=_texts(opp),
    )


def measure_document(measure: Measure) -> Document | None:
    owner = measure.owner
    if owner is None:
        return None
    name = "risks:risk_detail" if measure.risk_id else "risks:opportunity_detail"
    return Document(
        title=measure.text, title_ru=measure.text_ru, title_en=measure.text_en,
        url=reverse(name, args=[owner.pk]), **_unit(owner.unit),
        texts=[*_texts(measure, skip=("text",)), measure.result, owner.title,
               owner.title_ru],
    )


def register_providers() -> None:
    register(Provider(
        key="risk", label=_("Risks"), model=Risk, visible=risks_visible_to,
        document=risk_document, records=lambda: Risk.objects.select_related("unit"), order=10,
    ))
    register(Provider(
        key="opportunity", label=_("Opportunities"), model=Opportunity,
        visible=opportunities_visible_to, document=opportunity_document,
        records=lambda: Opportunity.objects.select_related("unit"), order=20,
    ))
    register(Provider(
        key="measure", label=_("Measures"), model=Measure, visible=measures_visible_to,
        document=measure_document,
        records=lambda: Measure.objects.select_related("risk__unit", "opportunity__unit"),
        order=30,
    ))
