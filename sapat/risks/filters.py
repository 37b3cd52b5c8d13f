"""The consolidated register's filters, shared by the register, the heat map and exports.

Filters arrive as GET parameters with stable, readable values (unit, process and category
by code), so a filtered screen can be bookmarked, linked from a heat-map cell
(`?l=4&c=5`, `?rl=2&rc=3`) and exported with the same rows:

    form = RiskFilterForm(request.GET, person=request.user)
    risks = form.filter_risks(Risk.objects.live().with_scoring())

Bands are filtered on the level computed in the database (`scoring.annotate_levels`) and
the active scale's thresholds, never on anything stored.
"""
from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sapat.lib.widgets import QuickSelect
from sapat.org.access import Action, scope_q, units_in_scope
from sapat.org.models import Person, Position

from . import scoring
from .models import Measure, Opportunity, Risk, RiskCategory

SCORE_CHOICES = [("", "—")] + [(str(s), str(s)) for s in scoring.SCORES]


class Kind:
    ALL = ""
    RISK = "risk"
    OPPORTUNITY = "opportunity"


# Filters only a risk can meet: when one is set, opportunities drop out of the list.
RISK_ONLY = ("category", "band", "residual_band", "l", "c", "rl", "rc", "residual_score_only")


def _subtree_q(unit, field: str = "unit") -> Q:
    return Q(**{f"{field}__path": unit.path}) | Q(**{f"{field}__path__startswith": unit.path + "."})


class RiskFilterForm(forms.Form):
    """GET filters of the consolidated register; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    unit = forms.ChoiceField(label=_("Unit (with the units below it)"), required=False,
                             widget=QuickSelect)
    process = forms.ChoiceField(label=_("Process"), required=False, widget=QuickSelect)
    category = forms.ChoiceField(label=_("Category"), required=False)
    kind = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[(Kind.ALL, _("risks and opportunities")), (Kind.RISK, _("risks only")),
                 (Kind.OPPORTUNITY, _("opportunities only"))],
    )
    band = forms.ChoiceField(label=_("Risk level"), required=False)
    residual_band = forms.ChoiceField(label=_("Residual risk"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    responsible = forms.ChoiceField(label=_("Responsible"), required=False,
                                    widget=QuickSelect)
    overdue = forms.BooleanField(label=_("with overdue measures"), required=False)
    # Set by heat-map links; shown as a removable note rather than as inputs.
    l = forms.TypedChoiceField(  # noqa: E741 — the regulation's own letter, kept in URLs
        label=_("Likelihood"), required=False, choices=SCORE_CHOICES, coerce=int,
        empty_value=None,
    )
    c = forms.TypedChoiceField(
        label=_("Consequences"), required=False, choices=SCORE_CHOICES, coerce=int,
        empty_value=None,
    )
    rl = forms.TypedChoiceField(
        label=_("Residual likelihood"), required=False, choices=SCORE_CHOICES, coerce=int,
        empty_value=None,
    )
    rc = forms.TypedChoiceField(
        label=_("Residual consequences"), required=False, choices=SCORE_CHOICES, coerce=int,
        empty_value=None,
    )
    residual_score_only = forms.BooleanField(
        label=_("residual given as a level only"), required=False
    )

    CELL_FIELDS = ("l", "c", "rl", "rc", "residual_score_only")

    def __init__(self, data=None, *, person, bands: scoring.BandSet | None = None,
                 with_responsible: bool = True, **kwargs):
        super().__init__(data, **kwargs)
        self.person = person
        self.bands = bands if bands is not None else scoring.load_bands()
        from sapat.processes.models import Process

        units = units_in_scope(person, Action.READ).order_by("path").only(
            "code", "name", "name_ru", "name_en", "path"
        )
        any_choice = [("", _("all"))]
        self.fields["unit"].choices = any_choice + [
            (u.code, "\u00a0\u00a0" * u.path.count(".") + u.label) for u in units
        ]
        self.fields["process"].choices = any_choice + [
            (p.code, p.label) for p in Process.objects.live().order_by("number", "name")
        ]
        self.fields["category"].choices = any_choice + [
            (c.code, c.label) for c in RiskCategory.objects.filter(is_active=True)
        ]
        band_choices = any_choice + [(b.code, b.label) for b in self.bands]
        self.fields["band"].choices = band_choices
        self.fields["residual_band"].choices = band_choices
        self.fields["status"].choices = any_choice + status_choices()
        self.fields["responsible"].choices = any_choice + (
            self._responsible_choices() if with_responsible else []
        )

    def _responsible_choices(self):
        """Positions and people named responsible for a live risk or opportunity in scope."""
        def named(relation: str, target: str) -> Q:
            # Read from the through tables, one subquery per kind of record: joining both
            # relations at once and DISTINCT-ing the product costs far more.
            found = Q(pk__in=[])
            for model in (Risk, Opportunity):
                owner = model._meta.model_name
                through = model._meta.get_field(relation).remote_field.through
                found |= Q(pk__in=through.objects.filter(
                    scope_q(self.person, Action.READ, f"{owner}__unit"),
                    **{f"{owner}__archived_at__isnull": True},
                ).values(target))
            return found

        positions = Position.objects.filter(
            named("responsible_positions", "position")).order_by("order", "name")
        # A person answers for what they are named for and for the posts they hold.
        # Read as values: a university names a thousand people or more.
        people = Person.objects.filter(
            named("responsible_people", "person")
            | Q(pk__in=positions.filter(holder__isnull=False).values("holder"))
        ).order_by("full_name", "username").values_list("pk", *Person.NAME_FIELDS)
        groups = []
        if positions:
            groups.append((_("Positions"), [(f"position-{p.pk}", p.label) for p in positions]))
        if people:
            groups.append((_("People"), [(f"person-{pk}", Person.name_of(*names))
                                         for pk, *names in people]))
        return groups

    # --- what the filters mean -------------------------------------------------------------

    def values(self) -> dict:
        """The valid filters only: a bad value is ignored rather than failing the page."""
        if not self.is_bound:
            return {}
        if not hasattr(self, "_values"):
            self.is_valid()
            self._values = {
                k: v for k, v in self.cleaned_data.items() if v not in ("", None, False)
            }
        return self._values

    @property
    def effective_kind(self) -> str:
        """What the list shows: a risk-only filter leaves no opportunity in it."""
        values = self.values()
        if any(values.get(name) for name in RISK_ONLY):
            return Kind.RISK
        return values.get("kind", Kind.ALL)

    @property
    def cell_filters(self) -> dict:
        values = self.values()
        return {k: values[k] for k in self.CELL_FIELDS if k in values}

    def selected_unit(self):
        code = self.values().get("unit")
        if not code:
            return None
        return units_in_scope(self.person, Action.READ).filter(code=code).first()

    def _common(self, qs: QuerySet, values: dict, unit) -> QuerySet:
        if unit is not None:
            qs = qs.filter(_subtree_q(unit))
        if values.get("process"):
            qs = qs.filter(process__code=values["process"])
        if values.get("status"):
            qs = qs.filter(status=values["status"])
        if values.get("q"):
            # SQLite folds case for ASCII letters only; trying the usual spellings too
            # lets "мотивация" find "Мотивация…" there (PostgreSQL folds every letter).
            text = values["q"].strip()
            spellings = {text, text.lower(), text.capitalize(), text.upper()}
            match = Q()
            for spelling in spellings:
                match |= Q(title__icontains=spelling)
            qs = qs.filter(match)
        if values.get("overdue"):
            today = timezone.localdate()
            field = "risk" if qs.model is Risk else "opportunity"
            late = Measure.objects.live().overdue(today).filter(**{field: OuterRef("pk")})
            qs = qs.filter(Exists(late))
        responsible = values.get("responsible", "")
        kind, _sep, pk = responsible.partition("-")
        if pk.isdigit():
            if kind == "position":
                qs = qs.filter(responsible_positions=int(pk))
            elif kind == "person":
                # A person answers for what they are named for, and for their posts' work.
                qs = qs.filter(
                    Q(responsible_people=int(pk)) | Q(responsible_positions__holder=int(pk))
                ).distinct()
        return qs

    def filter_risks(self, qs: QuerySet, *, unit=None, cells: bool = True) -> QuerySet:
        """Apply the filters to a Risk queryset annotated by `scoring.annotate_levels`.

        `cells=False` leaves out the heat-map cell filters (the heat map itself counts
        every cell). The unit is looked up once when not given.
        """
        values = self.values()
        if values.get("kind") == Kind.OPPORTUNITY and not any(values.get(n) for n in RISK_ONLY):
            return qs.none()
        unit = unit if unit is not None else self.selected_unit()
        qs = self._common(qs, values, unit)
        if values.get("category"):
            qs = qs.filter(category__code=values["category"])
        for name, field in (("band", scoring.LEVEL), ("residual_band", scoring.RESIDUAL_LEVEL)):
            band = self.bands.by_code(values.get(name, ""))
            if band is not None:
                qs = qs.filter(scoring.band_q(band, field))
        if cells:
            for name, field in (("l", "likelihood"), ("c", "consequences"),
                                ("rl", "residual_likelihood"), ("rc", "residual_consequences")):
                if values.get(name):
                    qs = qs.filter(**{field: values[name]})
            if values.get("residual_score_only"):
                qs = qs.filter(residual_likelihood__isnull=True, residual_score__isnull=False)
        return qs

    def filter_opportunities(self, qs: QuerySet, *, unit=None) -> QuerySet:
        """Apply the filters to an Opportunity queryset (none left when a risk-only filter
        is set, since opportunities carry no score or category)."""
        if self.effective_kind == Kind.RISK:
            return qs.none()
        unit = unit if unit is not None else self.selected_unit()
        return self._common(qs, self.values(), unit)


def apply_risk_filters(qs: QuerySet, params, *, person) -> QuerySet:
    """Filter a `with_scoring()` Risk queryset by GET-style `params` (exports call this)."""
    params = params or {}
    form = RiskFilterForm(params, person=person,
                          with_responsible=bool(params.get("responsible")))
    return form.filter_risks(qs)


def status_choices() -> list:
    """The states of risks and of opportunities, as two groups of a status filter; every
    label starts with a capital letter (the two sets are worded differently)."""
    return [
        (group, [(value, capfirst(label)) for value, label in choices])
        for group, choices in ((_("Risks"), Risk.Status.choices),
                               (_("Opportunities"), Opportunity.Status.choices))
    ]
