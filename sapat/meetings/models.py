"""Meetings of the university's bodies and their decisions (regulation §9.1).

A body (the rectorate, the Academic Council, the QMS council, an institute's or a
department's meeting) belongs to a unit; its meetings have an agenda, attendees, documents
and minutes; each decision is a tracked action (`risks.models.TrackedAction`) followed
until it is done. Editable records are Versioned, Archivable and keep history.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
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
from sapat.org.models import Person, Unit
from sapat.risks.models import TrackedAction, TrackedActionQuerySet

from .files import validate_document


class Body(Localized, Versioned, Archivable):
    """A body that meets and decides: its unit, its secretary and (for councils) members."""

    class Kind(models.TextChoices):
        RECTORATE = "rectorate", _("rectorate")
        COUNCIL = "council", _("Academic Council")
        QMS_COUNCIL = "qms_council", _("QMS council")
        INSTITUTE = "institute", _("institute meeting")
        DEPARTMENT = "department", _("department meeting")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="bodies")
    secretary = models.ForeignKey(
        Person, verbose_name=_("secretary"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="bodies_as_secretary",
        help_text=_("Records the minutes of every meeting of the body."))
    members = models.ManyToManyField(Person, verbose_name=_("members"), blank=True,
                                     related_name="bodies")

    history = HistoricalRecords(m2m_fields=["members"])

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["unit__path", "kind", "pk"]

    @property
    def access_unit(self) -> Unit:
        return self.unit


class MeetingQuerySet(ArchivedQuerySet):
    def with_body(self):
        return self.select_related("body__unit", "secretary", "chair")


class Meeting(Translated, Versioned, Archivable):
    """One sitting of a body: when, who chaired and wrote, and its minutes."""

    TRANSLATED = ("title", "minutes", "place")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="meetings")
    number = models.CharField(_("minutes №"), max_length=40)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    title_ru = translation_of(title, "ru")
    title_en = translation_of(title, "en")
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_ru = translation_of(place, "ru")
    place_en = translation_of(place, "en")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    chair = models.ForeignKey(Person, verbose_name=_("chair"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    secretary = models.ForeignKey(
        Person, verbose_name=_("secretary"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="meetings_as_secretary",
        help_text=_("Records the minutes of this meeting (besides the body's secretary)."))
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_ru = translation_of(minutes, "ru")
    minutes_en = translation_of(minutes, "en")
    created_by = models.ForeignKey(Person, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["body", "held_on"], name="meeting_body_date")]

    def __str__(self) -> str:
        return f"{self.body.label} № {self.number}, {self.held_on:%d.%m.%Y}"

    @property
    def access_unit(self) -> Unit:
        return self.body.unit

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("meetings:meeting", args=[self.pk])


class AgendaItem(Translated, Versioned, Archivable):
    TRANSLATED = ("title",)

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="agenda")
    order = models.PositiveSmallIntegerField(_("item №"), default=1)
    title = models.CharField(_("agenda item"), max_length=500)
    title_ru = translation_of(title, "ru")
    title_en = translation_of(title, "en")
    speaker = models.ForeignKey(Person, verbose_name=_("speaker"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.tr.title}"

    @property
    def access_unit(self) -> Unit:
        return self.meeting.body.unit


class Attendance(Versioned):
    """Whether a person was at the meeting; a row per person invited."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="attendance")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="+")
    present = models.BooleanField(_("present"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("E.g. the reason of absence."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"],
                                               name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.person} — {_('present') if self.present else _('absent')}"

    @property
    def access_unit(self) -> Unit:
        return self.meeting.body.unit


class MeetingDocument(Archivable):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to="meetings/documents/%Y/%m/", validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."))
    uploaded_by = models.ForeignKey(Person, verbose_name=_("uploaded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def access_unit(self) -> Unit:
        return self.meeting.body.unit


class DecisionQuerySet(TrackedActionQuerySet):
    def with_meeting(self):
        return self.select_related("meeting__body__unit", "responsible_unit")


class Decision(TrackedAction):
    """A decision of a meeting: its number and text, who does it by when, until done."""

    TRANSLATED = ("text", "responsible_text")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), null=True,
                                    blank=True, on_delete=models.SET_NULL,
                                    related_name="decisions")
    number = models.CharField(_("decision №"), max_length=40)
    text = models.TextField(_("decision"))
    text_ru = translation_of(text, "ru")
    text_en = translation_of(text, "en")
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="decisions",
        help_text=_("Its heads see and follow the decision."))
    evidence = models.FileField(
        _("evidence"), upload_to="meetings/evidence/%Y/%m/", blank=True,
        validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX, PNG or JPG, at most 10 MB."),
    )

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["responsible_positions", "responsible_people"])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["meeting", "number"], condition=Q(archived_at__isnull=True),
            name="decision_number_once_per_meeting")]
        indexes = [models.Index(fields=["due_date"], name="decision_open_due",
                                condition=Q(archived_at__isnull=True,
                                            status__in=DecisionQuerySet.OPEN))]

    def __str__(self) -> str:
        return f"№ {self.number}: {self.tr.text[:80]}"

    @property
    def access_unit(self) -> Unit:
        return self.meeting.body.unit

    def clean(self):
        if self.status == self.Status.DONE and not self.completed_on:
            raise ValidationError({"completed_on": _("Give the date the decision was done.")})
        self.clean_tracking()
