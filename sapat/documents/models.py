"""Documented information under control (ISO 9001:2015 clause 7.5; regulation §9).

A `Document` is an entry of the register: code, title in three languages, type, owner
unit, the processes and ISO clauses it serves, its audiences, confidentiality, retention
and its next review. Its content lives in `DocumentVersion`s, each with its files (one per
language), a change summary and an author, moving draft → in review → approved → in force
→ superseded / withdrawn. A version in force is immutable; superseded versions stay
readable and are marked obsolete everywhere (`sapat.documents.stamp`).

Approval goes through `sapat.approvals` (see `approval.py`): the approving body is set by
the document's type. Publishing a version asks its audiences to acknowledge *that*
version (`Acknowledgement`). `Citation` links any record (a process card, a KPI, an audit
checklist question) to a document; `DisposalDecision` logs the retention decisions.
"""
from __future__ import annotations

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Archivable, Translated, Versioned, translation_of
from sapat.org.models import Person, Role, Unit

from .files import validate_document_file


class DocType(models.TextChoices):
    POLICY = "policy", _("policy")
    REGULATION = "regulation", _("regulation")
    PROCEDURE = "procedure", _("procedure")
    INSTRUCTION = "instruction", _("instruction")
    FORM = "form", _("form")
    REGISTER = "register", _("register")
    MINUTES = "minutes", _("minutes")
    EXTERNAL = "external", _("external document")


class Confidentiality(models.TextChoices):
    INTERNAL = "internal", _("internal: everyone at the university")
    CONFIDENTIAL = "confidential", _("confidential: the owner and the audiences only")


class Disposal(models.TextChoices):
    NONE = "", _("kept")
    HOLD = "hold", _("held")
    DISPOSED = "disposed", _("disposed of")


class Document(Translated, Versioned, Archivable):
    TRANSLATED = ("title",)

    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    title_ru = translation_of(title, "ru")
    title_en = translation_of(title, "en")
    doc_type = models.CharField(_("type"), max_length=20, choices=DocType.choices)
    owner_unit = models.ForeignKey(Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT,
                                   related_name="owned_documents")
    # The university the document belongs to (the owner unit's root): lists filter on it.
    university = models.ForeignKey(Unit, verbose_name=_("university"), on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    processes = models.ManyToManyField("processes.Process", verbose_name=_("processes"),
                                       blank=True, related_name="documents")
    clauses = models.ManyToManyField("audits.Clause", verbose_name=_("ISO 9001 clauses"),
                                     blank=True, related_name="documents")
    audience_units = models.ManyToManyField(
        Unit, verbose_name=_("audience units"), blank=True, related_name="audience_documents",
        help_text=_("Everyone holding a role in these units (and the units below) must "
                    "know the document."))
    # Role codes, comma-wrapped (",head,staff,") so that one LIKE finds a role on any database.
    audience_roles = models.CharField(_("audience roles"), max_length=200, blank=True,
                                      default="")
    confidentiality = models.CharField(_("confidentiality"), max_length=20,
                                       choices=Confidentiality.choices,
                                       default=Confidentiality.INTERNAL)
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"), default=5,
        help_text=_("Counted from the day the document stops being in force."))
    review_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    disposal = models.CharField(_("disposal"), max_length=10, choices=Disposal.choices,
                                blank=True, default=Disposal.NONE, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["university", "code"],
                                    condition=models.Q(archived_at__isnull=True),
                                    name="document_code_once"),
        ]
        indexes = [models.Index(fields=["next_review"])]

    def __str__(self) -> str:
        return f"{self.code} {self.tr.title}"

    def save(self, *args, **kwargs):
        if self.owner_unit_id and not self.university_id:
            root = self.owner_unit.root_path.split(".")[0]
            self.university_id = int(root)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "owner_unit" in update_fields:
            kwargs["update_fields"] = [*update_fields, "university"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def access_unit(self) -> Unit:
        return self.owner_unit

    @property
    def roles(self) -> list[str]:
        return [r for r in self.audience_roles.split(",") if r]

    @roles.setter
    def roles(self, values) -> None:
        values = [v for v in values if v in Role.values]
        self.audience_roles = f",{','.join(values)}," if values else ""

    def roles_display(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels[r]) for r in self.roles if r in labels]

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality == Confidentiality.CONFIDENTIAL

    def review_overdue(self, today: datetime.date) -> bool:
        return self.next_review is not None and self.next_review < today


class VersionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    APPROVED = "approved", _("approved")
    IN_FORCE = "in_force", _("in force")
    SUPERSEDED = "superseded", _("superseded")
    WITHDRAWN = "withdrawn", _("withdrawn")


OBSOLETE_STATES = (VersionState.SUPERSEDED, VersionState.WITHDRAWN)
FROZEN_STATES = (VersionState.APPROVED, VersionState.IN_FORCE, *OBSOLETE_STATES)


class DocumentVersion(Translated, Versioned):
    TRANSLATED = ("change_summary",)

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version number"))
    state = models.CharField(_("state"), max_length=20, choices=VersionState.choices,
                             default=VersionState.DRAFT, editable=False)
    change_summary = models.TextField(_("change summary"), blank=True)
    change_summary_ru = translation_of(change_summary, "ru")
    change_summary_en = translation_of(change_summary, "en")
    author = models.ForeignKey(Person, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewers = models.ManyToManyField(Person, verbose_name=_("reviewers"), blank=True,
                                       related_name="documents_to_review")
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True,
                                   editable=False)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(Person, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    in_force_from = models.DateField(_("in force from"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("superseded or withdrawn on"), null=True, blank=True,
                                editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once"),
            models.UniqueConstraint(fields=["document"],
                                    condition=models.Q(state="in_force"),
                                    name="document_one_in_force"),
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return _("%(doc)s, version %(n)s") % {"doc": self.document, "n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("documents:version", args=[self.pk])

    @property
    def access_unit(self) -> Unit:
        return self.document.owner_unit

    @property
    def is_obsolete(self) -> bool:
        return self.state in OBSOLETE_STATES

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES


class Language(models.TextChoices):
    KY = "ky", _("Kyrgyz")
    RU = "ru", _("Russian")
    EN = "en", _("English")


class VersionFile(models.Model):
    """One file of a version, in one language: checked, hashed, its text extracted."""

    version = models.ForeignKey(DocumentVersion, verbose_name=_("document version"),
                                on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices,
                                default=Language.KY)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/",
                            validators=[validate_document_file])
    name = models.CharField(_("file name"), max_length=255, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    # The file's plain text (DOCX paragraphs and tables, PDF text), for search.
    text = models.TextField(_("extracted text"), blank=True, default="", editable=False)
    uploaded_by = models.ForeignKey(Person, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="one_file_per_language"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("documents:file", args=[self.pk])

    @property
    def extension(self) -> str:
        from sapat.lib.uploads import extension_of

        return extension_of(self.name)


class ReviewComment(models.Model):
    """A reviewer's comment on a version in review. Written once, never changed."""

    version = models.ForeignKey(DocumentVersion, verbose_name=_("document version"),
                                on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} — {self.version}"


class Acknowledgement(models.Model):
    """A person has read and understood one version of a document."""

    version = models.ForeignKey(DocumentVersion, verbose_name=_("document version"),
                                on_delete=models.CASCADE, related_name="acknowledgements")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="document_acknowledgements")
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document acknowledgement")
        verbose_name_plural = _("document acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "person"],
                                    name="document_acknowledged_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.version}"


class DisposalDecision(models.Model):
    """The QMS office's logged decision on a document past its retention period."""

    class Decision(models.TextChoices):
        DISPOSE = "dispose", _("dispose of")
        HOLD = "hold", _("hold")

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="disposal_decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    hold_until = models.DateField(_("hold until"), null=True, blank=True)
    by = models.ForeignKey(Person, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disposal decision")
        verbose_name_plural = _("disposal decisions")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} — {self.get_decision_display()}"


class Citation(models.Model):
    """A record (a process card, a KPI, an audit checklist question…) cites a document."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="citations")
    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of record"),
                                     on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["content_type", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "content_type", "object_id"],
                                    name="cite_once"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.record} → {self.document}"
