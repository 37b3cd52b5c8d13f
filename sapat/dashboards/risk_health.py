"""The risks side of the process map and card: high risks and overdue measures per process.

Registered with `processes.health` so that `processes` never imports `risks`.
"""
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.processes import health
from sapat.risks import scoring
from sapat.risks.models import Measure
from sapat.risks.permissions import opportunities_visible_to, risks_visible_to


def high_band(bands):
    return max(bands, key=lambda b: b.max_level, default=None)


def map_figures(processes, person) -> dict:
    """Per process: risks in the highest band, overdue measures (two queries)."""
    ids = [p.pk for p in processes]
    if not ids:
        return {}
    bands = scoring.load_bands()
    top = high_band(bands)
    risks = risks_visible_to(person).with_scoring().filter(process_id__in=ids)
    high = dict(
        risks.filter(scoring.band_q(top, scoring.LEVEL)).values_list("process_id")
        .annotate(n=Count("pk")).values_list("process_id", "n")
    ) if top else {}
    today = timezone.localdate()
    overdue = dict(
        Measure.objects.live().overdue(today)
        .filter(Q(risk__in=risks_visible_to(person).filter(process_id__in=ids))
                | Q(opportunity__in=opportunities_visible_to(person)
                    .filter(process_id__in=ids)))
        .annotate(owner_process=Coalesce(F("risk__process_id"), F("opportunity__process_id")))
        .values("owner_process").annotate(n=Count("pk")).values_list("owner_process", "n")
    )
    url = reverse("dashboards:integrated")
    result = {}
    for p in processes:
        result[p.pk] = {
            "high": health.Figure(_("high risks"), high.get(p.pk, 0), "badge-bad",
                                  f"{url}?process={p.code}&band={top.code if top else ''}"),
            "overdue": health.Figure(_("overdue measures"), overdue.get(p.pk, 0), "badge-bad",
                                     f"{url}?process={p.code}"),
        }
    return result


def card_section(request, process):
    """The card's "related risks and opportunities" (Appendix 2 + §6.2)."""
    risks = list(risks_visible_to(request.user).with_scoring().filter(process=process)
                 .select_related("unit").order_by("-computed_level", "pk"))
    opportunities = list(opportunities_visible_to(request.user).filter(process=process)
                         .select_related("unit"))
    return "dashboards/_card_risks.html", {"risks": risks, "opportunities": opportunities,
                                           "process": process}


health.register_map_provider(map_figures)
health.register_card_provider(card_section)
