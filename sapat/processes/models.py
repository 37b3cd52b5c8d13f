"""The process map (regulation §6) and the quality policy (§5, Appendix 5)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Archivable, Localized, Versioned
from sapat.org.models import Person, Position, Unit


class ProcessGroup(Localized):
    """Management, core or support processes (editable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("process group")
        verbose_name_plural = _("process groups")
        ordering = ["order"]


class Process(Localized, Versioned, Archivable):
    """A process of the university with its card (regulation Appendix 2)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    group = models.ForeignKey(
        ProcessGroup, verbose_name=_("group"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="processes",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT,
        related_name="owned_processes",
        help_text=_("The unit whose people may edit this card (usually the university)."),
    )
    goal = models.TextField(_("process goal"), blank=True)
    inputs = models.TextField(_("inputs"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    owner_text = models.CharField(
        _("process owner"), max_length=500, blank=True,
        help_text=_("As the card names it, e.g. “Institute directors / department heads”."),
    )
    owner_position = models.ForeignKey(
        Position, verbose_name=_("owner position"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_processes",
    )
    owner_person = models.ForeignKey(
        Person, verbose_name=_("owner person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_processes",
    )
    owner_units = models.ManyToManyField(
        Unit, verbose_name=_("units that run it"), blank=True, related_name="processes",
    )

    history = HistoricalRecords(m2m_fields=[owner_units])

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["number", "name"]

    @property
    def access_unit(self) -> Unit:
        return self.unit


class QualityPolicy(models.Model):
    """A version of the quality policy text; the newest approved one is in force."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text (Kyrgyz)"))
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    approved_by = models.ForeignKey(
        Person, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("university"), on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quality policy")
        verbose_name_plural = _("quality policy versions")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("Quality policy, version %(v)s") % {"v": self.version}

    @property
    def access_unit(self) -> Unit:
        return self.unit

    def text_in(self, language: str | None) -> str:
        lang = (language or "ky")[:2]
        if lang in ("ru", "en"):
            return getattr(self, f"text_{lang}") or self.text
        return self.text

    @classmethod
    def in_force(cls) -> "QualityPolicy | None":
        return cls.objects.filter(approved_on__isnull=False).order_by("-version").first()
