"""The QMS office's screens for the organisation: units, positions, people, years."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sapat.lib.locking import save_form

from .access import forget, may_configure, require_configure
from .forms import (
    AcademicYearForm,
    PersonForm,
    PositionForm,
    RoleFormSet,
    TermForm,
    UnitForm,
)
from .models import AcademicYear, Person, Position, RoleAssignment, Term, Unit
from .services import academic_year_create


@login_required
def unit_list(request):
    require_configure(request.user)
    units = Unit.objects.select_related("parent").annotate(
        people_count=Count("people", distinct=True)
    )
    return render(request, "org/unit_list.html", {"units": units, "section": "units"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk=None):
    require_configure(request.user)
    unit = get_object_or_404(Unit, pk=pk) if pk else None
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and save_form(request, form):
        return redirect("org:units")
    return render(request, "org/form.html", {
        "form": form, "object": unit, "section": "units",
        "title": _("Edit unit") if unit else _("New unit"), "cancel": "org:units",
    })


@login_required
def position_list(request):
    require_configure(request.user)
    positions = Position.objects.select_related("unit", "holder").order_by("unit__path", "order")
    return render(request, "org/position_list.html",
                  {"positions": positions, "section": "positions"})


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request, pk=None):
    require_configure(request.user)
    position = get_object_or_404(Position, pk=pk) if pk else None
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and save_form(request, form):
        return redirect("org:positions")
    return render(request, "org/form.html", {
        "form": form, "object": position, "section": "positions",
        "title": _("Edit position") if position else _("New position"),
        "cancel": "org:positions",
    })


@login_required
def person_list(request):
    require_configure(request.user)
    query = request.GET.get("q", "").strip()
    people = Person.objects.select_related("unit").prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.select_related("unit"))
    )
    if query:
        people = people.filter(full_name__icontains=query) | people.filter(
            username__icontains=query
        )
    return render(request, "org/person_list.html",
                  {"people": people.order_by("full_name", "username"), "q": query,
                   "section": "people"})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk=None):
    require_configure(request.user)
    person = get_object_or_404(Person, pk=pk) if pk else Person()
    form = PersonForm(request.POST or None, instance=person)
    roles = RoleFormSet(request.POST or None, instance=person, prefix="roles")
    if request.method == "POST" and form.is_valid() and roles.is_valid():
        with transaction.atomic():
            saved = form.save()
            roles.instance = saved
            roles.save()
        forget(saved)
        messages.success(request, _("Saved."))
        return redirect("org:people")
    return render(request, "org/person_form.html", {
        "form": form, "roles": roles, "object": person if person.pk else None,
        "section": "people",
        "title": _("Edit person") if person.pk else _("New person"),
    })


@login_required
def year_list(request):
    require_configure(request.user)
    years = AcademicYear.objects.prefetch_related("periods")
    return render(request, "org/year_list.html", {"years": years, "section": "years"})


@login_required
@require_http_methods(["GET", "POST"])
def year_create(request):
    require_configure(request.user)
    form = AcademicYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        academic_year_create(
            start=form.cleaned_data["start"], end=form.cleaned_data["end"],
            is_current=form.cleaned_data["is_current"],
        )
        messages.success(request, _("Saved."))
        return redirect("org:years")
    return render(request, "org/form.html", {
        "form": form, "section": "years", "title": _("New academic year"),
        "cancel": "org:years",
    })


@login_required
def glossary(request):
    terms = Term.objects.all()
    return render(request, "org/glossary.html",
                  {"terms": terms, "can_edit": may_configure(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request, pk=None):
    require_configure(request.user)
    term = get_object_or_404(Term, pk=pk) if pk else None
    form = TermForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("org:glossary")
    return render(request, "org/form.html", {
        "form": form, "object": term, "title": _("Glossary term"), "cancel": "org:glossary",
    })
