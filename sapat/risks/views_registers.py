"""The university risk register (Appendix 4) and the consolidated register of all units.

The university register holds the risks the QMS office escalates; the consolidated
register every risk and opportunity the person may read, filtered and sorted. Both are
read through `permissions`; escalation, de-escalation and renumbering go through the
services, which check that the person is the QMS office.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sapat.lib.redirects import redirect_back
from sapat.org.access import Action, may_anywhere, may_configure

from . import headings, permissions, scoring, services
from .consolidated import SORT_LABELS, consolidated_page, with_lists
from .filters import RiskFilterForm


def require_reader(person) -> None:
    """Lists are for people who may read somewhere; others get 404, as for any record."""
    if not may_anywhere(person, Action.READ):
        raise Http404


@login_required
def register(request):
    """The escalated risks in their register order, as far as the person may read."""
    require_reader(request.user)
    bands = scoring.load_bands()
    risks = with_lists(
        permissions.register_risks(request.user)
        .select_related("category", "unit")
        .order_by("register_number", "pk")
    )
    # Everyone reads the whole register; a risk's own page only where the person may read.
    readable = set(permissions.risks_visible_to(request.user).escalated()
                   .values_list("pk", flat=True))
    for risk in risks:
        risk._bands = bands  # loaded once for the whole register
        risk.readable = risk.pk in readable
    return render(request, "risks/register.html", {
        "h": headings,
        "risks": risks,
        "may_escalate": permissions.may_escalate(request.user),
        "bands": bands,
        "section": "register",
    })


def _sort_links(request, current: tuple[str, bool]) -> dict:
    """For each sortable column: the URL that sorts by it (toggling direction) and an arrow."""
    params = request.GET.copy()
    params.pop("page", None)
    key, descending = current
    links = {}
    for name in SORT_LABELS:
        params["sort"] = f"-{name}" if name == key and not descending else name
        arrow = ("↓" if descending else "↑") if name == key else ""
        links[name] = {"url": "?" + params.urlencode(), "arrow": arrow}
    return links


@login_required
def consolidated(request):
    """Every unit's risks and opportunities in the person's scope, filtered and sorted."""
    require_reader(request.user)
    form = RiskFilterForm(request.GET or None, person=request.user)
    page_obj, rows, current = consolidated_page(
        form, sort=request.GET.get("sort"), page=request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    cell_params = request.GET.copy()
    for name in (*RiskFilterForm.CELL_FIELDS, "page"):
        cell_params.pop(name, None)
    export = request.GET.copy()
    for name in ("page", "sort"):
        export.pop(name, None)
    return render(request, "risks/consolidated.html", {
        "h": headings,
        "export_query": export.urlencode(),
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "sort_links": _sort_links(request, current),
        "query": params.urlencode(),
        "cells": form.cell_filters,
        "without_cells": cell_params.urlencode(),
        "may_escalate": permissions.may_escalate(request.user),
        "may_restore": may_configure(request.user),  # the check risks:archived makes
        # A filtered view says so: "3 of 9" (by the filters, or by the units one may read).
        "university_total": _university_total(request.user),
        "here": request.get_full_path(),
        "bands": form.bands,
        "section": "consolidated",
    })


def _university_total(person) -> int:
    """Live risks and opportunities in the universities where `person` has a role."""
    from sapat.processes.permissions import university_q

    from .models import Opportunity, Risk

    where = university_q(person, "unit")
    return (Risk.objects.live().filter(where).count()
            + Opportunity.objects.live().filter(where).count())


def _number(request) -> int | None:
    raw = (request.POST.get("number") or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationError(_("The number in the register must be a whole number."))
    return int(raw)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_POST
def escalate(request, pk: int):
    """Put a risk in the university register (QMS office)."""
    risk = permissions.risk_for(request.user, pk, Action.READ)
    permissions.require_escalate(request.user)
    if risk.escalated:
        messages.info(request, _("“%(risk)s” is already number %(n)s in the university "
                                 "register.") % {"risk": risk.title, "n": risk.register_number})
        return redirect_back(request, reverse("risks:register"))
    try:
        services.risk_escalate(risk=risk, by=request.user, number=_number(request))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("“%(risk)s” is now number %(n)s in the university "
                                    "register.") % {"risk": risk.title,
                                                    "n": risk.register_number})
    return redirect_back(request, reverse("risks:register"))


@login_required
@require_POST
def deescalate(request, pk: int):
    """Take a risk out of the university register; it stays in its unit's passport."""
    risk = permissions.risk_for(request.user, pk, Action.READ)
    permissions.require_escalate(request.user)
    services.risk_deescalate(risk=risk, by=request.user)
    messages.success(request, _("“%(risk)s” is no longer in the university register; it "
                                "stays in its unit's passport.") % {"risk": risk.title})
    return redirect_back(request, reverse("risks:register"))


@login_required
@require_POST
def renumber(request, pk: int):
    """Give an escalated risk another number in the register (unused numbers only)."""
    risk = permissions.risk_for(request.user, pk, Action.READ)
    permissions.require_escalate(request.user)
    if not risk.escalated:
        messages.error(request, _("This risk is not in the university register."))
        return redirect_back(request, reverse("risks:register"))
    try:
        number = _number(request)
        if number is None:
            raise ValidationError(_("Give the new number."))
        services.risk_escalate(risk=risk, by=request.user, number=number)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("“%(risk)s” is now number %(n)s.")
                         % {"risk": risk.title, "n": number})
    return redirect_back(request, reverse("risks:register"))
