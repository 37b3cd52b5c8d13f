"""Internal audit (regulation §8.2, ISO 9001 clause 9.2): the clause catalogue, the
programme of an academic year, audits, the auditor pool, conflicts, checklists, findings.

A finding graded a nonconformity is where corrective action starts (§8.4); the
improvement app links its records to `Finding` (see `Finding.needs_action`), so this app
knows nothing of it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Archivable, Localized, Versioned
from sapat.lib.uploads import validate_evidence
from sapat.org.models import AcademicYear, Person, Unit


class Clause(Localized):
    """An ISO 9001:2015 clause or sub-clause; titles in ky, ru, en (see `clauses_data`)."""

    code = models.CharField(_("clause"), max_length=10, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    ky_source = models.CharField(
        _("source of the Kyrgyz title"),
        max_length=200,
        blank=True,
        help_text=_("“regulation §…” where the regulation names it; “translation” otherwise."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ISO 9001 clause")
        verbose_name_plural = _("ISO 9001 clauses")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def access_unit(self) -> Unit | None:
        return None


class AuditProgramme(Versioned, Archivable):
    """The internal audit programme of one academic year (ISO 9.2.2 a).

    Drafted by the QMS office and approved by the rector: an approval records who, when,
    the decision number and its date. An approved programme is frozen; changing it
    (`services.programme_revise`) makes it the draft of its next edition, and the approved
    edition stays readable in the history with the plan it approved (`approved_plan`).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    university = models.ForeignKey(
        Unit,
        verbose_name=_("university"),
        on_delete=models.PROTECT,
        related_name="audit_programmes",
    )
    year = models.ForeignKey(
        AcademicYear,
        verbose_name=_("academic year"),
        on_delete=models.PROTECT,
        related_name="audit_programmes",
    )
    edition = models.PositiveIntegerField(_("edition"), default=1, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False
    )
    cycle_months = models.PositiveSmallIntegerField(
        _("audit cycle (months)"),
        default=12,
        help_text=_(
            "Every process is audited at least once in this many months "
            "(the regulation: every year)."
        ),
    )
    objectives = models.TextField(_("objectives of the programme"), blank=True)
    approved_by = models.ForeignKey(
        Person,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True, editable=False)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, editable=False)
    approved_plan = models.JSONField(_("approved plan"), default=list, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["university", "year"],
                condition=models.Q(archived_at__isnull=True),
                name="one_live_programme_per_year",
            ),
        ]

    def __str__(self) -> str:
        return _("Internal audit programme %(year)s") % {"year": self.year}

    @property
    def access_unit(self) -> Unit:
        return self.university

    def history_readable_by(self, person) -> bool:
        """Whoever sees the programme reads its history (the record history screen)."""
        from .permissions import may_read_programme

        return may_read_programme(person, self)

    @property
    def is_frozen(self) -> bool:
        return self.state == self.State.APPROVED


class Audit(Versioned, Archivable):
    """One audit of the programme (ISO 9.2.2 b–c): scope, criteria, team, dates, state."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        REPORTED = "reported", _("report issued")
        CLOSED = "closed", _("closed")

    # The named transitions (`services.audit_move`): from → allowed next states.
    TRANSITIONS = {
        State.PLANNED: {State.IN_PROGRESS},
        State.IN_PROGRESS: {State.REPORTED},
        State.REPORTED: {State.CLOSED},
        State.CLOSED: set(),
    }

    # What planning writes, in the order the form and the API show it: one list for
    # `forms.AuditForm`, `api.audits_api.AuditSerializer` and `services.audit_plan`.
    # PLAN_RELATIONS are the many-to-many parts, passed to the service by name.
    PLAN_FIELDS = (
        "title",
        "units",
        "processes",
        "clauses",
        "regulation_sections",
        "criteria_text",
        "objectives",
        "lead_auditor",
        "team",
        "planned_start",
        "planned_end",
        "opening_meeting",
        "closing_meeting",
    )
    PLAN_RELATIONS = ("units", "processes", "clauses", "team")

    programme = models.ForeignKey(
        AuditProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    number = models.PositiveIntegerField(_("number"), default=0, editable=False)
    title = models.CharField(_("title"), max_length=300)
    units = models.ManyToManyField(Unit, verbose_name=_("audited units"), related_name="audits")
    processes = models.ManyToManyField(
        "processes.Process", verbose_name=_("audited processes"), blank=True, related_name="audits"
    )
    clauses = models.ManyToManyField(
        Clause, verbose_name=_("ISO 9001 clauses"), blank=True, related_name="audits"
    )
    regulation_sections = models.CharField(
        _("sections of the regulation"),
        max_length=200,
        blank=True,
        help_text=_("For example: 6.2, 7.2, 8.2"),
    )
    criteria_text = models.TextField(
        _("other criteria"),
        blank=True,
        help_text=_("The unit's own documents and other requirements audited against."),
    )
    objectives = models.TextField(_("objectives"), blank=True)
    lead_auditor = models.ForeignKey(
        Person,
        verbose_name=_("lead auditor"),
        on_delete=models.PROTECT,
        related_name="audits_led",
    )
    team = models.ManyToManyField(
        Person, verbose_name=_("audit team"), blank=True, related_name="audits_on_team"
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    opening_meeting = models.DateField(_("opening meeting"), null=True, blank=True)
    closing_meeting = models.DateField(_("closing meeting"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PLANNED, editable=False
    )
    summary = models.TextField(_("summary"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    report_issued_at = models.DateTimeField(
        _("report issued"), null=True, blank=True, editable=False
    )
    acknowledgement = models.TextField(_("auditee's acknowledgement"), blank=True, editable=False)
    acknowledged_by = models.ForeignKey(
        Person,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(
        _("acknowledged at"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(m2m_fields=[units, processes, clauses, team])

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["planned_start", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def access_unit(self) -> Unit:
        return self.programme.university

    def history_readable_by(self, person) -> bool:
        """Whoever opens the audit reads its history: its team wherever the audited unit
        is, the auditees, the QMS office, the rector (`permissions.audits_visible_to`)."""
        from .permissions import may_read_audit

        return may_read_audit(person, self)

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The audit must end on or after its start.")})
        for name in ("opening_meeting", "closing_meeting"):
            day = getattr(self, name)
            if (
                day
                and self.planned_start
                and self.planned_end
                and not (self.planned_start <= day <= self.planned_end)
            ):
                raise ValidationError({name: _("The meeting is held within the audit's dates.")})

    def is_overdue_on(self, today: datetime.date) -> bool:
        return (
            self.state in (self.State.PLANNED, self.State.IN_PROGRESS) and self.planned_end < today
        )

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def gradings_published(self) -> bool:
        return self.state in (self.State.REPORTED, self.State.CLOSED)

    def team_ids(self) -> set[int]:
        """The lead auditor and the team (prefetch `team` to save the query)."""
        return {self.lead_auditor_id, *(p.pk for p in self.team.all())}


class AuditorQualification(Versioned, Archivable):
    """A person the QMS office marks as a qualified internal auditor: the auditor pool."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="auditor_qualifications",
    )
    university = models.ForeignKey(
        Unit, verbose_name=_("university"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(
        _("basis"),
        max_length=300,
        help_text=_("Training, certificate or decision that qualifies the person."),
    )
    qualified_on = models.DateField(_("qualified on"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("auditor qualification")
        verbose_name_plural = _("auditor qualifications")
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return f"{self.person} — {self.basis}"

    @property
    def access_unit(self) -> Unit:
        return self.university

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.archived_at is None
            and self.qualified_on <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class ConflictDeclaration(Versioned, Archivable):
    """A person declares a conflict of interest with a unit or a process (ISO 19011)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at"]

    def __str__(self) -> str:
        return f"{self.person}: {self.unit or self.process}"

    @property
    def access_unit(self) -> Unit | None:
        return self.unit or (self.process.unit if self.process_id else None)

    def clean(self):
        if not self.unit_id and not self.process_id:
            raise ValidationError(_("Name the unit or the process the conflict is with."))


class ChecklistQuestion(Versioned, Archivable):
    """A question of an audit's checklist: written by Sapat from the data, or added."""

    class Source(models.TextChoices):
        PROCESS = "process", _("process card")
        KPI = "kpi", _("KPI")
        RISK = "risk", _("risk passport")
        MEASURE = "measure", _("overdue measure")
        CLAUSE = "clause", _("ISO 9001 clause")
        ADDED = "added", _("added by the auditor")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ADDED, editable=False
    )
    # The record the question was written from (a process, KPI, risk, measure or clause).
    source_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def access_unit(self) -> Unit:
        return self.audit.access_unit

    def history_readable_by(self, person) -> bool:
        """The checklist is shown with the gradings, and so is its history."""
        from .permissions import may_read_audit, may_see_gradings

        return may_read_audit(person, self.audit) and may_see_gradings(person, self.audit)

    def source_url(self) -> str:
        """Where the record the question was written from is shown."""
        from django.urls import reverse

        if self.source_id is None:
            return ""
        names = {
            self.Source.PROCESS: "processes:card",
            self.Source.KPI: "processes:kpi",
            self.Source.RISK: "risks:risk_detail",
        }
        name = names.get(self.source)
        return reverse(name, args=[self.source_id]) if name else ""


class Finding(Versioned):
    """The auditor's answer to one question: grade, evidence seen, sample."""

    class Grade(models.TextChoices):
        CONFORMING = "conforming", _("conforming")
        MINOR = "minor", _("minor nonconformity")
        MAJOR = "major", _("major nonconformity")
        OBSERVATION = "observation", _("observation")
        OFI = "ofi", _("opportunity for improvement")

    # Grades that call for corrective action (regulation §8.4, ISO 10.2).
    NONCONFORMITIES = (Grade.MINOR, Grade.MAJOR)

    question = models.OneToOneField(
        ChecklistQuestion,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="finding",
    )
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)
    evidence = models.TextField(_("evidence seen"), blank=True)
    sample = models.CharField(
        _("sample"),
        max_length=300,
        blank=True,
        help_text=_("What was sampled, e.g. “5 of 40 syllabuses”."),
    )
    graded_by = models.ForeignKey(
        Person,
        verbose_name=_("graded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    graded_at = models.DateTimeField(_("graded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.get_grade_display()}: {self.question}"

    @property
    def access_unit(self) -> Unit:
        return self.question.audit.access_unit

    def history_readable_by(self, person) -> bool:
        """The gradings' history follows the gradings: hidden until the report is issued."""
        return self.question.history_readable_by(person)

    @property
    def needs_action(self) -> bool:
        """A nonconformity: the improvement app opens its record from this finding."""
        return self.grade in self.NONCONFORMITIES

    def clean(self):
        if self.grade in self.NONCONFORMITIES and not (self.evidence or "").strip():
            raise ValidationError({"evidence": _("A nonconformity names the evidence seen.")})


def _finding_file_path(instance, filename):
    return f"evidence/audit/{instance.finding_id}/{filename}"


class FindingFile(Archivable):
    """A file of evidence seen for a finding (a photo, a scanned record)."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=_finding_file_path, validators=[validate_evidence])
    uploaded_by = models.ForeignKey(
        Person,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        from pathlib import PurePath

        return PurePath(self.file.name).name

    @property
    def access_unit(self) -> Unit:
        return self.finding.access_unit

    def history_readable_by(self, person) -> bool:
        return self.finding.history_readable_by(person)
