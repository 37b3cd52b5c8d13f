"""Risks and opportunities (regulation §7, Appendices 3, 4, 6): scales, risks, measures.

Levels and bands are never stored: `scoring` computes them from L and C. Every editable
record is Versioned (optimistic locking), Archivable (soft delete) and keeps history.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import (
    Archivable,
    ArchivedQuerySet,
    Localized,
    Translated,
    Versioned,
    translation_of,
)
from sapat.org.models import Person, Position, Unit

from . import scoring
from .files import validate_evidence
from .related import attached

SCORE_VALIDATORS = [MinValueValidator(scoring.MIN_SCORE), MaxValueValidator(scoring.MAX_SCORE)]
LEVEL_VALIDATORS = [MinValueValidator(scoring.MIN_LEVEL), MaxValueValidator(scoring.MAX_LEVEL)]


def _in_language(obj, base: str) -> str:
    lang = (get_language() or "ky")[:2]
    if lang in ("ru", "en"):
        return getattr(obj, f"{base}_{lang}") or getattr(obj, base)
    return getattr(obj, base)


# --- Scales --------------------------------------------------------------------------------


class RiskScale(Localized, Versioned):
    """The risk scale: likelihood and consequence descriptions and the level bands.

    One scale is active at a time; the QMS office edits it (with history).
    """

    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk scale")
        verbose_name_plural = _("risk scales")
        ordering = ["-is_active", "pk"]

    @classmethod
    def active(cls) -> RiskScale | None:
        return cls.objects.filter(is_active=True).order_by("pk").first()


class ScaleLevel(models.Model):
    """What a score of 1..5 means on one axis (Appendix 3's tables)."""

    class Axis(models.TextChoices):
        LIKELIHOOD = "likelihood", _("likelihood")
        CONSEQUENCES = "consequences", _("consequences")

    scale = models.ForeignKey(
        RiskScale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="levels"
    )
    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    description = models.CharField(_("description (Kyrgyz)"), max_length=500)
    description_ru = models.CharField(_("description (Russian)"), max_length=500, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["scale", "axis", "score"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "axis", "score"], name="unique_scale_level"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="scale_level_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} — {self.label}"

    @property
    def label(self) -> str:
        return _in_language(self, "description")

    @property
    def access_unit(self) -> Unit | None:
        return None


class RiskBand(models.Model):
    """A band of levels: 1–5 low «төмөн», 6–10 medium «орто», 11–25 high «жогору»."""

    class Code(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    scale = models.ForeignKey(
        RiskScale, verbose_name=_("scale"), on_delete=models.CASCADE, related_name="bands"
    )
    code = models.CharField(_("code"), max_length=10, choices=Code.choices)
    min_level = models.PositiveSmallIntegerField(_("from level"), validators=LEVEL_VALIDATORS)
    max_level = models.PositiveSmallIntegerField(_("to level"), validators=LEVEL_VALIDATORS)
    label = models.CharField(_("label (Kyrgyz)"), max_length=60)
    label_ru = models.CharField(_("label (Russian)"), max_length=60, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=60, blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#999999",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #c62828."))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk band")
        verbose_name_plural = _("risk bands")
        ordering = ["scale", "min_level"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="unique_band_code"),
        ]

    def __str__(self) -> str:
        return f"{self.min_level}–{self.max_level} {self.display_label}"

    @property
    def display_label(self) -> str:
        return _in_language(self, "label")

    def as_band(self) -> scoring.Band:
        return scoring.Band(
            self.code, self.min_level, self.max_level, self.label, self.label_ru,
            self.label_en, self.colour,
        )

    def clean(self):
        if self.min_level and self.max_level and self.min_level > self.max_level:
            raise ValidationError({"max_level": _("A band must end at or after its start.")})

    @property
    def access_unit(self) -> Unit | None:
        return None


class RiskCategory(Localized):
    """A risk category of Appendix 4: academic, management, financial…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk category")
        verbose_name_plural = _("risk categories")
        ordering = ["order", "name"]

    @property
    def access_unit(self) -> Unit | None:
        return None


# --- Responsible: a position, a person, several, or the regulation's words ----------------


class Responsible(Translated, models.Model):
    """Who answers for a record: positions, people and/or the regulation's own text.

    The regulation names posts ("Vice-rector for academic affairs; department heads"), so
    the text is kept as written and linked to positions and people where they exist.
    """

    responsible_positions = models.ManyToManyField(
        Position, verbose_name=_("responsible positions"), blank=True,
        related_name="responsible_for_%(class)ss",
    )
    responsible_people = models.ManyToManyField(
        Person, verbose_name=_("responsible people"), blank=True,
        related_name="responsible_for_%(class)ss",
    )
    responsible_text = models.CharField(
        _("responsible (as written)"), max_length=500, blank=True,
        help_text=_("As the regulation words it, e.g. “Vice-rector for academic affairs; "
                    "department heads”."),
    )
    responsible_text_ru = translation_of(responsible_text, "ru")
    responsible_text_en = translation_of(responsible_text, "en")

    class Meta:
        abstract = True

    def responsible_labels(self) -> list[str]:
        """Names to print; uses prefetched positions/people (no query when prefetched)."""
        if self.responsible_text:
            return [self.text_in("responsible_text")]
        labels = [p.label for p in attached(self, "responsible_positions")]
        labels += [str(p) for p in attached(self, "responsible_people")]
        return labels

    @property
    def responsible_display(self) -> str:
        return "; ".join(self.responsible_labels())


# --- A row of the integrated table: its own inputs/outputs and indicators ------------------


class RowCells(models.Model):
    """Appendix 6 gives each risk and opportunity its own inputs/outputs and indicators
    («Жумуш берүүчүнүн талаптары / Окууну аяктаган студенттер»). Empty: the process
    card's inputs and outputs, and its KPIs, are printed instead."""

    inputs = models.TextField(
        _("inputs"), blank=True,
        help_text=_("Only when this row's inputs differ from the process card's."),
    )
    inputs_ru = translation_of(inputs, "ru")
    inputs_en = translation_of(inputs, "en")
    outputs = models.TextField(
        _("outputs"), blank=True,
        help_text=_("Only when this row's outputs differ from the process card's."),
    )
    outputs_ru = translation_of(outputs, "ru")
    outputs_en = translation_of(outputs, "en")
    indicators_text = models.TextField(
        _("performance indicators"), blank=True,
        help_text=_("As the integrated table words them, e.g. “Timetable fulfilment %; "
                    "graduate employment %”. Empty: the process's KPIs."),
    )
    indicators_text_ru = translation_of(indicators_text, "ru")
    indicators_text_en = translation_of(indicators_text, "en")

    class Meta:
        abstract = True

    @property
    def has_own_cells(self) -> bool:
        return bool(self.inputs or self.outputs or self.indicators_text)


# --- Risks ---------------------------------------------------------------------------------


class RiskQuerySet(ArchivedQuerySet):
    """Risks with scoring helpers: `with_scoring()` annotates levels and attaches bands."""

    _attach_bands = False

    def _clone(self):
        clone = super()._clone()
        clone._attach_bands = self._attach_bands
        return clone

    def with_scoring(self):
        """Annotate computed levels and give every fetched risk the bands (one query)."""
        qs = scoring.annotate_levels(self)
        qs._attach_bands = True
        return qs

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._attach_bands and self._result_cache:
            bands = scoring.load_bands()
            for obj in self._result_cache:
                if isinstance(obj, Risk):
                    obj._bands = bands

    def escalated(self):
        return self.filter(escalated=True)


class Risk(Responsible, RowCells, Versioned, Archivable):
    """A risk of a unit's passport (Appendix 3), possibly escalated to the register (App. 4)."""

    TRANSLATED = ("title", "process_goal", "cause", "consequences_text", "measures_text",
                  "deadline_text", "responsible_text", "inputs", "outputs", "indicators_text")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("identified")
        ASSESSED = "assessed", _("assessed")
        TREATING = "treating", _("being treated")
        MONITORED = "monitored", _("monitored")
        CLOSED = "closed", _("closed")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="risks",
        help_text=_("The unit whose risk passport holds this risk."),
    )
    process = models.ForeignKey(
        "processes.Process", verbose_name=_("process"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="risks",
    )
    category = models.ForeignKey(
        RiskCategory, verbose_name=_("category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="risks",
    )
    title = models.CharField(_("risk"), max_length=500)
    title_ru = translation_of(title, "ru")
    title_en = translation_of(title, "en")
    process_goal = models.TextField(
        _("process goal (as this row words it)"), blank=True,
        help_text=_("Only when the integrated table words the process goal differently for "
                    "this risk; empty: the process card's goal."),
    )
    process_goal_ru = translation_of(process_goal, "ru")
    process_goal_en = translation_of(process_goal, "en")
    cause = models.TextField(_("cause"), blank=True)
    cause_ru = translation_of(cause, "ru")
    cause_en = translation_of(cause, "en")
    consequences_text = models.TextField(_("consequences (what happens)"), blank=True)
    consequences_text_ru = translation_of(consequences_text, "ru")
    consequences_text_en = translation_of(consequences_text, "en")
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=SCORE_VALIDATORS)
    consequences = models.PositiveSmallIntegerField(
        _("consequences"), validators=SCORE_VALIDATORS
    )
    measures_text = models.TextField(
        _("measures (summary)"), blank=True,
        help_text=_("Optional summary; the measures themselves are listed below the risk."),
    )
    measures_text_ru = translation_of(measures_text, "ru")
    measures_text_en = translation_of(measures_text, "en")
    deadline_text = models.CharField(
        _("deadline or rhythm"), max_length=200, blank=True,
        help_text=_("E.g. “Every year, quarter IV”."),
    )
    deadline_text_ru = translation_of(deadline_text, "ru")
    deadline_text_en = translation_of(deadline_text, "en")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    residual_consequences = models.PositiveSmallIntegerField(
        _("residual consequences"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    residual_score = models.PositiveSmallIntegerField(
        _("residual level (without L and C)"), null=True, blank=True,
        validators=LEVEL_VALIDATORS,
        help_text=_("Only when the residual risk is known as a level alone, as in the "
                    "university register."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    next_review = models.DateField(_("next review"), null=True, blank=True)
    escalated = models.BooleanField(
        _("in the university register"), default=False, editable=False
    )
    register_number = models.PositiveSmallIntegerField(
        _("number in the register"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        Person, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = RiskQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["responsible_positions", "responsible_people"])
    # Its measures' changes show in its history (sapat.lib.history.changes_of).
    history_children = ("measures",)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["unit__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5)
                & Q(consequences__gte=1, consequences__lte=5),
                name="risk_scores_1_5",
            ),
            # Two escalations at the same moment both read the same highest number; the
            # database lets only one of them have it (services.risk_escalate retries).
            models.UniqueConstraint(
                fields=["register_number"],
                condition=Q(escalated=True, archived_at__isnull=True),
                name="one_live_risk_per_register_number",
            ),
        ]
        indexes = [models.Index(fields=["escalated", "register_number"])]

    def __str__(self) -> str:
        return self.title

    @property
    def access_unit(self) -> Unit:
        return self.unit

    # Scoring: always computed, never stored.
    def _band_set(self) -> scoring.BandSet:
        bands = getattr(self, "_bands", None)
        if bands is None:
            bands = self._bands = scoring.load_bands()
        return bands

    @property
    def level(self) -> int:
        return scoring.level(self.likelihood, self.consequences)

    @property
    def score(self) -> scoring.Score:
        return scoring.Score.of(self.likelihood, self.consequences, self._band_set())

    @property
    def band(self) -> scoring.Band | None:
        return self.score.band

    @property
    def residual(self) -> scoring.Score | None:
        return scoring.residual(
            self.residual_likelihood, self.residual_consequences, self.residual_score,
            self._band_set(),
        )

    @property
    def residual_level(self) -> int | None:
        r = self.residual
        return r.level if r else None

    @property
    def residual_band(self) -> scoring.Band | None:
        r = self.residual
        return r.band if r else None

    def clean(self):
        errors = {}
        rl, rc = self.residual_likelihood, self.residual_consequences
        if (rl is None) != (rc is None):
            errors["residual_consequences"] = _(
                "Give both residual likelihood and residual consequences, or neither."
            )
        elif rl is not None and self.residual_score is not None:
            errors["residual_score"] = _(
                "Give the residual risk either as likelihood and consequences or as a level "
                "alone, not both."
            )
        if not errors and self.likelihood and self.consequences:
            try:
                residual = scoring.residual_level(rl, rc, self.residual_score)
                inherent = scoring.level(self.likelihood, self.consequences)
            except ValidationError:
                residual = inherent = None  # the field validators report bad scores
            if residual is not None and inherent is not None and residual > inherent:
                field = "residual_score" if rl is None else "residual_likelihood"
                errors[field] = _(
                    "The residual risk (%(residual)s) cannot be higher than the risk before "
                    "measures (%(inherent)s)."
                ) % {"residual": residual, "inherent": inherent}
        if self.escalated and not self.register_number:
            errors["register_number"] = _("A risk in the register needs its number.")
        if errors:
            raise ValidationError(errors)

    # State changes: named, so that every move is deliberate.
    def mark_assessed(self) -> None:
        self.status = self.Status.ASSESSED

    def start_treatment(self) -> None:
        self.status = self.Status.TREATING

    def start_monitoring(self) -> None:
        self.status = self.Status.MONITORED

    def close(self) -> None:
        self.status = self.Status.CLOSED

    def reopen(self) -> None:
        self.status = self.Status.IDENTIFIED

    def escalate(self, number: int) -> None:
        self.escalated = True
        self.register_number = number

    def deescalate(self) -> None:
        self.escalated = False
        self.register_number = None


class Assessment(models.Model):
    """One re-assessment of a risk: who, when, old → new scores, and why (the trend)."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="assessments"
    )
    by = models.ForeignKey(
        Person, verbose_name=_("assessed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    at = models.DateTimeField(_("assessed at"), default=timezone.now)
    old_likelihood = models.PositiveSmallIntegerField(_("old likelihood"), null=True, blank=True)
    old_consequences = models.PositiveSmallIntegerField(
        _("old consequences"), null=True, blank=True
    )
    new_likelihood = models.PositiveSmallIntegerField(
        _("new likelihood"), validators=SCORE_VALIDATORS
    )
    new_consequences = models.PositiveSmallIntegerField(
        _("new consequences"), validators=SCORE_VALIDATORS
    )
    old_residual_likelihood = models.PositiveSmallIntegerField(
        _("old residual likelihood"), null=True, blank=True
    )
    old_residual_consequences = models.PositiveSmallIntegerField(
        _("old residual consequences"), null=True, blank=True
    )
    old_residual_score = models.PositiveSmallIntegerField(
        _("old residual level"), null=True, blank=True
    )
    new_residual_likelihood = models.PositiveSmallIntegerField(
        _("new residual likelihood"), null=True, blank=True
    )
    new_residual_consequences = models.PositiveSmallIntegerField(
        _("new residual consequences"), null=True, blank=True
    )
    new_residual_score = models.PositiveSmallIntegerField(
        _("new residual level"), null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("re-assessment")
        verbose_name_plural = _("re-assessments")
        ordering = ["risk", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.risk}: {self.old_level or '–'} → {self.new_level}"

    @property
    def access_unit(self) -> Unit:
        return self.risk.unit

    @property
    def old_level(self) -> int | None:
        if self.old_likelihood is None or self.old_consequences is None:
            return None
        return scoring.level(self.old_likelihood, self.old_consequences)

    @property
    def new_level(self) -> int:
        return scoring.level(self.new_likelihood, self.new_consequences)

    @property
    def old_residual_level(self) -> int | None:
        return scoring.residual_level(
            self.old_residual_likelihood, self.old_residual_consequences, self.old_residual_score
        )

    @property
    def new_residual_level(self) -> int | None:
        return scoring.residual_level(
            self.new_residual_likelihood, self.new_residual_consequences, self.new_residual_score
        )


# --- Opportunities -------------------------------------------------------------------------


class Opportunity(Responsible, RowCells, Versioned, Archivable):
    """An opportunity of a process (Appendix 6): essence, expected effect, completion mark."""

    TRANSLATED = ("title", "essence", "expected_effect", "measures_text", "deadline_text",
                  "responsible_text", "inputs", "outputs", "indicators_text")

    class Status(models.TextChoices):
        # Appendix 6's completion mark: «Иштеп жатат» / «Аякталды», not a measure's status.
        IN_PROGRESS = "in_progress", pgettext_lazy("completion mark", "in progress")
        COMPLETED = "completed", pgettext_lazy("completion mark", "completed")

    class Result(models.TextChoices):
        NONE = "", _("not yet judged")
        POSITIVE = "positive", _("positive result")
        MEDIUM = "medium", _("medium")
        NEGATIVE = "negative", _("no result")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="opportunities"
    )
    process = models.ForeignKey(
        "processes.Process", verbose_name=_("process"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="opportunities",
    )
    title = models.CharField(_("opportunity"), max_length=500)
    title_ru = translation_of(title, "ru")
    title_en = translation_of(title, "en")
    essence = models.TextField(_("essence"), blank=True)
    essence_ru = translation_of(essence, "ru")
    essence_en = translation_of(essence, "en")
    expected_effect = models.TextField(_("expected effect"), blank=True)
    expected_effect_ru = translation_of(expected_effect, "ru")
    expected_effect_en = translation_of(expected_effect, "en")
    measures_text = models.TextField(_("measures (summary)"), blank=True)
    measures_text_ru = translation_of(measures_text, "ru")
    measures_text_en = translation_of(measures_text, "en")
    deadline_text = models.CharField(_("deadline or rhythm"), max_length=200, blank=True)
    deadline_text_ru = translation_of(deadline_text, "ru")
    deadline_text_en = translation_of(deadline_text, "en")
    status = models.CharField(
        _("completion mark"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.NONE, blank=True
    )
    benefit = models.PositiveSmallIntegerField(
        _("benefit (1–5)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    feasibility = models.PositiveSmallIntegerField(
        _("feasibility (1–5)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    created_by = models.ForeignKey(
        Person, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ArchivedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["responsible_positions", "responsible_people"])
    history_children = ("measures",)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["unit__path", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def access_unit(self) -> Unit:
        return self.unit

    @property
    def priority(self) -> int | None:
        """Benefit × feasibility, when both are given (optional, never required)."""
        if self.benefit is None or self.feasibility is None:
            return None
        return self.benefit * self.feasibility

    def complete(self, result: str) -> None:
        self.status = self.Status.COMPLETED
        self.result = result

    def resume(self) -> None:
        self.status = self.Status.IN_PROGRESS


# --- Measures ------------------------------------------------------------------------------


class TrackedActionQuerySet(ArchivedQuerySet):
    """Queries every tracked action answers: open, overdue, due soon, assigned to a person."""

    OPEN = ("planned", "in_progress")

    def open(self):
        return self.filter(status__in=self.OPEN)

    def overdue(self, today: datetime.date | None = None):
        """Open actions whose due date has passed."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def due_within(self, days: int, today: datetime.date | None = None):
        """Open actions due from today to `days` days ahead (overdue ones not included)."""
        today = today or timezone.localdate()
        return self.open().filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
        )

    def assigned_to(self, person):
        """Actions the person answers for: directly, or through a position they hold."""
        people = self.model.responsible_people.through
        positions = self.model.responsible_positions.through
        own = self.model._meta.model_name
        return self.filter(
            Q(pk__in=people.objects.filter(person_id=person.pk).values(f"{own}_id"))
            | Q(pk__in=positions.objects.filter(
                position__holder_id=person.pk).values(f"{own}_id"))
        )


class TrackedAction(Responsible, Versioned, Archivable):
    """The measure machinery: an action someone answers for — who, by when, done or not,
    with its result and evidence, reminders and overdue marks.

    Measures of risks and opportunities are one kind; corrective actions of
    nonconformities, management-review outputs and meeting decisions are others. A
    subclass adds its text and what it belongs to, and gets the states, the queries
    (`TrackedActionQuerySet`) and, through `sapat.risks.tracked`, its inbox items and
    reminders. Subclasses may redeclare `evidence` to store files in their own folder.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="actions/evidence/%Y/%m/", blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."),
    )
    created_by = models.ForeignKey(
        Person, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)

    def is_overdue_on(self, today: datetime.date) -> bool:
        return bool(self.is_open and self.due_date and self.due_date < today)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def clean_tracking(self):
        """The checks every tracked action shares; call from `clean`."""
        if self.status == self.Status.DONE and not self.completed_on:
            raise ValidationError({"completed_on": _("Give the date the measure was done.")})
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": _("The completion date cannot be in the "
                                                     "future.")})

    def clean(self):
        self.clean_tracking()

    # State changes.
    def start(self) -> None:
        self.status = self.Status.IN_PROGRESS

    def complete(self, *, on: datetime.date, result: str = "") -> None:
        self.status = self.Status.DONE
        self.completed_on = on
        self.result = result

    def cancel(self) -> None:
        self.status = self.Status.CANCELLED

    def reopen(self) -> None:
        self.status = self.Status.PLANNED
        self.completed_on = None


class MeasureQuerySet(TrackedActionQuerySet):
    def with_owner(self):
        """Fetch the risk/opportunity and its unit with each measure (for lists)."""
        return self.select_related("risk__unit", "opportunity__unit")


class Measure(TrackedAction):
    """An action behind a risk or an opportunity: who, by when, done or not, evidence."""

    TRANSLATED = ("text", "rhythm_text", "responsible_text")

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="measures",
    )
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="measures",
    )
    text = models.TextField(_("measure"))
    text_ru = translation_of(text, "ru")
    text_en = translation_of(text, "en")
    rhythm_text = models.CharField(
        _("rhythm"), max_length=200, blank=True,
        help_text=_("For recurring work, e.g. “Every year, quarter IV”."),
    )
    rhythm_text_ru = translation_of(rhythm_text, "ru")
    rhythm_text_en = translation_of(rhythm_text, "en")
    evidence = models.FileField(
        _("evidence"), upload_to="risks/evidence/%Y/%m/", blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."),
    )

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["responsible_positions", "responsible_people"])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(risk__isnull=False) & Q(opportunity__isnull=True))
                | (Q(risk__isnull=True) & Q(opportunity__isnull=False)),
                name="measure_belongs_to_exactly_one",
            ),
        ]
        indexes = [
            # Dashboards count the open measures past or near their date on every view:
            # a tenth of 20,000, found without reading the rest.
            models.Index(fields=["due_date"], name="measure_open_due",
                         condition=Q(archived_at__isnull=True,
                                     status__in=MeasureQuerySet.OPEN)),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner(self) -> Risk | Opportunity | None:
        return self.risk if self.risk_id else self.opportunity

    @property
    def access_unit(self) -> Unit | None:
        owner = self.owner
        return owner.unit if owner else None

    def clean(self):
        if bool(self.risk_id) == bool(self.opportunity_id):
            raise ValidationError(_("A measure belongs to exactly one risk or opportunity."))
        self.clean_tracking()


class ReminderLog(models.Model):
    """One reminder digest sent to one person on one day: makes send_reminders idempotent."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    measures = models.PositiveIntegerField(_("measures in the digest"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day}"

