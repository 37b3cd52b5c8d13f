"""Nonconformities and corrective action (regulation §8.4, ISO 9001 clause 10.2).

A nonconformity goes through its steps in order, each a record of its own
(`services` enforces the order; nothing here moves a state):

    a) correction  b) decision on corrective action  c) root cause  d) corrective actions
    e) effectiveness review  f) risks and opportunities  → closed

An ineffective verdict sends it back to d). Where it came from is known: an audit finding
(`finding`, never typed again), a red KPI, a complaint, a management review, or anyone
with a role who saw it.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Archivable, ArchivedQuerySet, Translated, Versioned, translation_of
from sapat.lib.uploads import validate_evidence
from sapat.org.models import Person, Unit
from sapat.risks.models import TrackedAction, TrackedActionQuerySet

RECURRENCE_MONTHS = 12
REVIEW_AFTER_DAYS = 30


class Step(models.TextChoices):
    CORRECTION = "correction", _("correction")
    DECISION = "decision", _("decision on corrective action")
    CAUSE = "cause", _("root cause")
    ACTIONS = "actions", _("corrective actions")
    REVIEW = "review", _("effectiveness review")
    RISKS = "risks", _("risks and opportunities")
    CLOSURE = "closure", _("ready to close")
    CLOSED = "closed", _("closed")


STEP_ORDER = list(Step.values)


class CauseCategory(models.TextChoices):
    PEOPLE = "people", _("people")
    METHODS = "methods", _("methods")
    MATERIALS = "materials", _("materials")
    EQUIPMENT = "equipment", _("equipment")
    ENVIRONMENT = "environment", _("environment")
    MEASUREMENT = "measurement", _("measurement")


class NonconformityQuerySet(ArchivedQuerySet):
    def open(self):
        return self.live().exclude(state=Step.CLOSED)


class Nonconformity(Translated, Versioned, Archivable):
    TRANSLATED = ("description",)

    class Source(models.TextChoices):
        AUDIT = "audit", _("audit finding")
        KPI = "kpi", _("KPI turned red")
        COMPLAINT = "complaint", _("complaint")
        REVIEW = "review", _("management review")
        OTHER = "other", _("reported by staff")

    class Grade(models.TextChoices):
        MINOR = "minor", _("minor nonconformity")
        MAJOR = "major", _("major nonconformity")

    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    finding = models.OneToOneField(
        "audits.Finding", verbose_name=_("audit finding"), null=True, blank=True,
        editable=False, on_delete=models.PROTECT, related_name="nonconformity",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nonconformities"
    )
    process = models.ForeignKey(
        "processes.Process", verbose_name=_("process"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="nonconformities",
    )
    clause = models.ForeignKey(
        "audits.Clause", verbose_name=_("ISO 9001 clause"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="nonconformities",
    )
    indicator = models.ForeignKey(
        "processes.Indicator", verbose_name=_("KPI"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="nonconformities",
        help_text=_("The KPI the corrective action should move, where there is one."),
    )
    description = models.TextField(_("description"))
    description_ru = translation_of(description, "ru")
    description_en = translation_of(description, "en")
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices,
                             default=Grade.MINOR)
    state = models.CharField(_("step"), max_length=12, choices=Step.choices,
                             default=Step.CORRECTION, editable=False)
    reported_by = models.ForeignKey(
        Person, verbose_name=_("reported by"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    recurrence_of = models.ForeignKey(
        "self", verbose_name=_("recurrence of"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="recurrences",
    )
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        Person, verbose_name=_("closed by"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )

    objects = NonconformityQuerySet.as_manager()
    history = HistoricalRecords()
    history_children = ("actions",)

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-number"]
        indexes = [models.Index(fields=["state", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.code} {self.text_in('description')[:60]}"

    @property
    def code(self) -> str:
        return self.code_for(self.number)

    @staticmethod
    def code_for(number: int) -> str:
        """The code people see: NC-0007."""
        return f"NC-{number:04d}"

    @staticmethod
    def code_expression(number_path: str = "number"):
        """`code_for` as a query expression, for lists read in one query (the inbox)."""
        return models.functions.Concat(
            models.Value("NC-"),
            models.functions.LPad(models.functions.Cast(number_path, models.CharField()),
                                  4, models.Value("0")),
            output_field=models.CharField())

    @property
    def access_unit(self) -> Unit:
        return self.unit

    @property
    def is_recurrence(self) -> bool:
        return self.recurrence_of_id is not None

    @property
    def is_closed(self) -> bool:
        return self.state == Step.CLOSED

    def step_index(self) -> int:
        return STEP_ORDER.index(self.state)

    def age_days(self, today: datetime.date | None = None) -> int:
        end = self.closed_at.date() if self.closed_at else (today or timezone.localdate())
        return (end - self.reported_on).days


class StepRecord(models.Model):
    """Who recorded a step, and when."""

    recorded_by = models.ForeignKey(
        Person, verbose_name=_("recorded by"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    @property
    def access_unit(self) -> Unit:
        return self.nonconformity.unit


class Correction(Translated, StepRecord):
    """a) What was done at once, by whom, when."""

    TRANSLATED = ("text",)
    nonconformity = models.OneToOneField(
        Nonconformity, on_delete=models.CASCADE, related_name="correction",
        verbose_name=_("nonconformity"),
    )
    text = models.TextField(_("correction"))
    text_ru = translation_of(text, "ru")
    text_en = translation_of(text, "en")
    done_by = models.ForeignKey(
        Person, verbose_name=_("done by"), on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("done on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.nonconformity.code}"


class ActionDecision(Translated, StepRecord):
    """b) Is corrective action needed? A recorded decision with its reason."""

    TRANSLATED = ("reason",)
    nonconformity = models.OneToOneField(
        Nonconformity, on_delete=models.CASCADE, related_name="decision",
        verbose_name=_("nonconformity"),
    )
    needed = models.BooleanField(_("corrective action needed"))
    reason = models.TextField(_("reason"))
    reason_ru = translation_of(reason, "ru")
    reason_en = translation_of(reason, "en")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision on corrective action")
        verbose_name_plural = _("decisions on corrective action")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.nonconformity.code}"


class CauseAnalysis(Translated, StepRecord):
    """c) The root cause: 5 whys or cause categories, each cause with its evidence."""

    TRANSLATED = ("root_cause",)

    class Method(models.TextChoices):
        FIVE_WHYS = "whys", _("5 whys")
        CATEGORIES = "categories", _("cause categories")

    nonconformity = models.OneToOneField(
        Nonconformity, on_delete=models.CASCADE, related_name="cause",
        verbose_name=_("nonconformity"),
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    category = models.CharField(_("cause category"), max_length=12,
                                choices=CauseCategory.choices)
    root_cause = models.TextField(_("root cause"))
    root_cause_ru = translation_of(root_cause, "ru")
    root_cause_en = translation_of(root_cause, "en")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("root cause analysis")
        verbose_name_plural = _("root cause analyses")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.nonconformity.code}"


class Cause(Translated, models.Model):
    """One why of the 5 whys, or one cause of a category, with its evidence."""

    TRANSLATED = ("text", "evidence")
    analysis = models.ForeignKey(
        CauseAnalysis, on_delete=models.CASCADE, related_name="causes",
        verbose_name=_("root cause analysis"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    category = models.CharField(_("cause category"), max_length=12,
                                choices=CauseCategory.choices, blank=True)
    text = models.TextField(_("cause"))
    text_ru = translation_of(text, "ru")
    text_en = translation_of(text, "en")
    evidence = models.TextField(_("evidence"))
    evidence_ru = translation_of(evidence, "ru")
    evidence_en = translation_of(evidence, "en")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.text[:80]}"

    @property
    def access_unit(self) -> Unit:
        return self.analysis.nonconformity.unit


class CorrectiveActionQuerySet(TrackedActionQuerySet):
    def with_nonconformity(self):
        return self.select_related("nonconformity__unit")


def _action_evidence_path(instance, filename):
    return f"improvement/evidence/{instance.nonconformity_id}/{filename}"


class CorrectiveAction(TrackedAction):
    """d) A corrective action: owner, due date, evidence (the measure machinery)."""

    TRANSLATED = ("text", "responsible_text")
    nonconformity = models.ForeignKey(
        Nonconformity, verbose_name=_("nonconformity"), on_delete=models.CASCADE,
        related_name="actions",
    )
    text = models.TextField(_("corrective action"))
    text_ru = translation_of(text, "ru")
    text_en = translation_of(text, "en")
    # Which round of actions: 0 first, +1 after each ineffective verdict.
    round = models.PositiveSmallIntegerField(_("round"), default=0, editable=False)
    evidence = models.FileField(
        _("evidence"), upload_to=_action_evidence_path, blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."),
    )

    objects = CorrectiveActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["responsible_positions", "responsible_people"])

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["due_date"], name="corrective_action_open_due",
                         condition=Q(archived_at__isnull=True,
                                     status__in=TrackedActionQuerySet.OPEN)),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def access_unit(self) -> Unit:
        return self.nonconformity.unit


class EffectivenessReview(Translated, models.Model):
    """e) Was the action effective? Scheduled when the actions are done, judged by a
    named person, tied to the KPI it should move where there is one."""

    TRANSLATED = ("reason",)

    class Verdict(models.TextChoices):
        PENDING = "", _("not yet judged")
        EFFECTIVE = "effective", _("effective")
        INEFFECTIVE = "ineffective", _("ineffective")

    nonconformity = models.ForeignKey(
        Nonconformity, verbose_name=_("nonconformity"), on_delete=models.CASCADE,
        related_name="reviews",
    )
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    scheduled_for = models.DateField(_("review scheduled for"))
    reviewer = models.ForeignKey(
        Person, verbose_name=_("reviewer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices,
                               blank=True, default="")
    reason = models.TextField(_("reason"), blank=True)
    reason_ru = translation_of(reason, "ru")
    reason_en = translation_of(reason, "en")
    judged_by = models.ForeignKey(
        Person, verbose_name=_("judged by"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    judged_at = models.DateTimeField(_("judged at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("effectiveness review")
        verbose_name_plural = _("effectiveness reviews")
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.nonconformity.code}"

    @property
    def access_unit(self) -> Unit:
        return self.nonconformity.unit


class RiskDecision(Translated, StepRecord):
    """f) Risks and opportunities: re-assess a named risk, add one, or no change."""

    TRANSLATED = ("reason",)

    class Kind(models.TextChoices):
        REASSESS = "reassess", _("re-assess a risk")
        NEW_RISK = "new_risk", _("add a risk to the unit's passport")
        NO_CHANGE = "no_change", _("no change")

    nonconformity = models.OneToOneField(
        Nonconformity, on_delete=models.CASCADE, related_name="risk_decision",
        verbose_name=_("nonconformity"),
    )
    kind = models.CharField(_("decision"), max_length=12, choices=Kind.choices)
    risk = models.ForeignKey(
        "risks.Risk", verbose_name=_("risk"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="nonconformity_decisions",
    )
    assessment = models.ForeignKey(
        "risks.Assessment", verbose_name=_("re-assessment"), null=True, blank=True,
        editable=False, on_delete=models.PROTECT, related_name="+",
    )
    reason = models.TextField(_("reason"))
    reason_ru = translation_of(reason, "ru")
    reason_en = translation_of(reason, "en")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk decision")
        verbose_name_plural = _("risk decisions")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.nonconformity.code}"


class FindingOpportunity(models.Model):
    """An audit's opportunity for improvement, taken into the unit's passport as an
    opportunity (the one kind risks already has): which finding made which opportunity."""

    finding = models.OneToOneField(
        "audits.Finding", verbose_name=_("audit finding"), on_delete=models.PROTECT,
        related_name="opportunity_link",
    )
    opportunity = models.OneToOneField(
        "risks.Opportunity", verbose_name=_("opportunity"), on_delete=models.PROTECT,
        related_name="finding_link",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opportunity from an audit")
        verbose_name_plural = _("opportunities from audits")

    def __str__(self) -> str:
        return str(self.opportunity)

    @property
    def access_unit(self) -> Unit:
        return self.opportunity.unit
