"""An approval request: one version of a record on its way to the approving body.

A record (a policy version, a programme, a report) is a draft until it is submitted.
Submitting freezes what was submitted (its text, its bytes and their SHA-256); the body
approves it — with the number and date of its decision — or returns it with the reason.
A returned request is corrected and submitted again as the same version; a change after
approval is submitted as the next version, and the approved copies stay readable.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Versioned
from sapat.org.models import Person, Unit

from .registry import Body


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for correction")


class ApprovalRequestQuerySet(models.QuerySet):
    def for_record(self, kind: str, object_id: int):
        return self.filter(kind=kind, object_id=object_id)

    def waiting(self):
        return self.filter(state=State.SUBMITTED)


class ApprovalRequest(Versioned):
    kind = models.CharField(_("kind of record"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"))
    number = models.PositiveIntegerField(_("version"), default=1)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    body = models.CharField(_("approving body"), max_length=20, choices=Body.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.SUBMITTED)
    # Kept with the request so that lists and the inbox need no query into the app.
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("address"), max_length=500, blank=True)
    # The frozen copy of what was submitted (and, once approved, of what is approved).
    content = models.TextField(_("content"), blank=True)
    document = models.BinaryField(_("document"), blank=True, default=b"")
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    submitted_by = models.ForeignKey(Person, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(Person, verbose_name=_("decided by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    reason = models.TextField(_("reason for return"), blank=True)

    objects = ApprovalRequestQuerySet.as_manager()
    # The frozen bytes stay out of the history: the request's own row keeps them.
    history = HistoricalRecords(excluded_fields=["document", "content"])

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "number"],
                                    name="approval_version_once"),
            models.UniqueConstraint(fields=["kind", "object_id"],
                                    condition=models.Q(state="submitted"),
                                    name="approval_one_waiting"),
        ]
        indexes = [models.Index(fields=["state", "body"])]

    def __str__(self) -> str:
        from . import registry

        try:
            describe = registry.get(self.kind).describe
        except KeyError:
            describe = None
        title = describe(self) if describe else self.title
        if self.number > 1:
            return _("%(title)s, version %(n)s") % {"title": title, "n": self.number}
        return str(title)

    @property
    def access_unit(self) -> Unit:
        return self.unit

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("approvals:detail", args=[self.pk])

    @property
    def record_url(self) -> str:
        """The record's page on this site; anything else stored there is not a link."""
        url = self.url or ""
        return url if url.startswith("/") and not url.startswith("//") else ""


class ApprovalEvent(models.Model):
    """One step of a request: submitted, returned, approved. Written once, never changed,
    so it is itself the readable history of the request."""

    request = models.ForeignKey(ApprovalRequest, verbose_name=_("approval request"),
                                on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    by = models.ForeignKey(Person, verbose_name=_("by"), null=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    decision_no = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    reason = models.TextField(_("reason for return"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} — {self.get_state_display()}"
