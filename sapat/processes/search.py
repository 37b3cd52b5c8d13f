"""Processes and KPIs in the one search (see `sapat.search.registry`): the university's
common records, read by everyone with a role in the university, as the map and KPI list
show them."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.search.registry import Document, Provider, register

from .models import Indicator, Process
from .permissions import university_q


def processes_visible_to(person):
    return Process.objects.live().filter(university_q(person))


def indicators_visible_to(person):
    return Indicator.objects.live().filter(university_q(person, "owner_unit"))


def process_document(process: Process) -> Document:
    return Document(
        title=process.name, title_ru=process.name_ru, title_en=process.name_en,
        url=reverse("processes:card", args=[process.pk]), context=process.code,
        texts=[process.goal, process.inputs, process.outputs, process.resources,
               process.owner_text],
    )


def indicator_document(indicator: Indicator) -> Document:
    return Document(
        title=indicator.name, title_ru=indicator.name_ru, title_en=indicator.name_en,
        url=reverse("processes:kpi", args=[indicator.pk]), context=indicator.process.name,
        context_ru=indicator.process.name_ru, context_en=indicator.process.name_en,
        texts=[indicator.code, indicator.data_source, indicator.measure_unit],
    )


def register_providers() -> None:
    register(Provider(
        key="process", label=_("Processes"), model=Process, visible=processes_visible_to,
        document=process_document, order=40,
    ))
    register(Provider(
        key="kpi", label=_("KPIs"), model=Indicator, visible=indicators_visible_to,
        document=indicator_document,
        records=lambda: Indicator.objects.select_related("process"), order=50,
    ))
