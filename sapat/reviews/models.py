"""Management review (ISO 9001 9.3) and the annual QMS report.

A review covers a period of the university's work. While it is prepared its inputs
(9.3.2, `sections`) are compiled live from the records; when management holds it they
are frozen into `snapshot` with the date and a SHA-256 of the content, so the record keeps
what management saw while the live pages move on. Its outputs (9.3.3) are tracked actions
whose status is input a) of the next review.
"""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Archivable, Translated, Versioned, translation_of
from sapat.lib.uploads import validate_evidence
from sapat.org.models import AcademicYear, Person, Unit
from sapat.risks.models import TrackedAction, TrackedActionQuerySet


class ManagementReview(Versioned, Archivable):
    class State(models.TextChoices):
        PREPARATION = "preparation", _("in preparation")
        HELD = "held", _("held")

    university = models.ForeignKey(Unit, verbose_name=_("university"), on_delete=models.PROTECT,
                                   related_name="management_reviews")
    year = models.ForeignKey(AcademicYear, verbose_name=_("academic year"),
                             on_delete=models.PROTECT, related_name="management_reviews")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PREPARATION, editable=False)
    held_on = models.DateField(_("held on"), null=True, blank=True, editable=False)
    chair = models.ForeignKey(Person, verbose_name=_("chair"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+", editable=False)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_ru = translation_of(minutes, "ru")
    # The inputs as management saw them: {language: [section, …]} and its SHA-256.
    snapshot = models.JSONField(_("frozen inputs"), default=dict, blank=True, editable=False)
    snapshot_at = models.DateTimeField(_("inputs frozen at"), null=True, blank=True,
                                       editable=False)
    snapshot_sha256 = models.CharField(_("SHA-256 of the inputs"), max_length=64, blank=True,
                                       editable=False)
    created_by = models.ForeignKey(Person, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-period_end", "-pk"]

    def __str__(self) -> str:
        return str(_("Management review %(from)s – %(to)s") % {
            "from": f"{self.period_start:%d.%m.%Y}", "to": f"{self.period_end:%d.%m.%Y}"})

    @property
    def access_unit(self) -> Unit:
        return self.university

    @property
    def is_held(self) -> bool:
        return self.state == self.State.HELD

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", args=[self.pk])


class OutputQuerySet(TrackedActionQuerySet):
    def with_review(self):
        return self.select_related("review", "unit")


class ReviewOutput(TrackedAction):
    """A decision of a management review (9.3.3), followed up as a tracked action."""

    TRANSLATED = ("text", "responsible_text")

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("improvement opportunity")
        CHANGE = "change", _("change to the QMS")
        RESOURCE = "resource", _("resource need")

    review = models.ForeignKey(ManagementReview, verbose_name=_("management review"),
                               on_delete=models.PROTECT, related_name="outputs")
    kind = models.CharField(_("kind of decision"), max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"), default=0, editable=False)
    text = models.TextField(_("decision"))
    text_ru = translation_of(text, "ru")
    # Whose unit the action belongs to: its heads read it and answer for it.
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="review_outputs")
    evidence = models.FileField(
        _("evidence"), upload_to="reviews/evidence/%Y/%m/", blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."),
    )

    objects = OutputQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["responsible_positions", "responsible_people"])

    class Meta:
        verbose_name = _("review output")
        verbose_name_plural = _("review outputs")
        ordering = ["review", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.tr.text}"[:300]

    @property
    def access_unit(self) -> Unit:
        return self.unit

    def get_absolute_url(self) -> str:
        return reverse("reviews:output", args=[self.pk])


class ContextIssue(Translated, Versioned, Archivable):
    """The register of context (ISO 4.1) and interested parties (4.2) the QMS office keeps:
    input b) reads what changed in it since the last review."""

    TRANSLATED = ("text", "change")

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("external issue")
        INTERNAL = "internal", _("internal issue")
        PARTY = "party", _("interested party")

    university = models.ForeignKey(Unit, verbose_name=_("university"), on_delete=models.PROTECT,
                                   related_name="context_issues")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("issue or party and its requirements"))
    text_ru = translation_of(text, "ru")
    change = models.TextField(_("what changed"), blank=True)
    change_ru = translation_of(change, "ru")
    changed_on = models.DateField(_("changed on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        ordering = ["kind", "-changed_on", "pk"]

    def __str__(self) -> str:
        return self.tr.text[:200]

    @property
    def access_unit(self) -> Unit:
        return self.university


class ResourceReport(Translated, Versioned, Archivable):
    """What a unit reported on the adequacy of its resources for a year (input d)."""

    TRANSLATED = ("text",)

    class Adequacy(models.TextChoices):
        ADEQUATE = "adequate", _("adequate")
        PARTLY = "partly", _("partly adequate")
        LACKING = "lacking", _("not adequate")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="resource_reports")
    year = models.ForeignKey(AcademicYear, verbose_name=_("academic year"),
                             on_delete=models.PROTECT, related_name="+")
    adequacy = models.CharField(_("adequacy"), max_length=20, choices=Adequacy.choices)
    text = models.TextField(_("what was reported"))
    text_ru = translation_of(text, "ru")
    reported_on = models.DateField(_("reported on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource report")
        verbose_name_plural = _("resource reports")
        ordering = ["-reported_on", "unit__path"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_adequacy_display()}"

    @property
    def access_unit(self) -> Unit:
        return self.unit


class AnnualReport(Versioned, Archivable):
    """The annual QMS report for the Academic Council: figures generated from the year's
    records (the same sections as the review), text the QMS office edits per section."""

    university = models.ForeignKey(Unit, verbose_name=_("university"), on_delete=models.PROTECT,
                                   related_name="annual_reports")
    year = models.ForeignKey(AcademicYear, verbose_name=_("academic year"),
                             on_delete=models.PROTECT, related_name="annual_reports")
    # {language: [section, …]}: the figures as generated (regenerated on demand).
    data = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True,
                                        editable=False)
    # {section key: text} written by the QMS office.
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    created_by = models.ForeignKey(Person, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = _("annual QMS report")
        verbose_name_plural = _("annual QMS reports")
        ordering = ["-year__start", "-pk"]
        constraints = [models.UniqueConstraint(fields=["university", "year"],
                                               name="one_annual_report_a_year")]

    def __str__(self) -> str:
        return str(_("Annual QMS report %(year)s") % {"year": self.year})

    @property
    def access_unit(self) -> Unit:
        return self.university

    def get_absolute_url(self) -> str:
        return reverse("reviews:annual", args=[self.pk])
