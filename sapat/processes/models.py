"""The process map (regulation §6) and the quality policy (§5, Appendix 5)."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Archivable, Localized, Versioned
from sapat.org.models import Period, Person, Position, Unit

from .validators import validate_evidence


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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("processes:card", args=[self.pk])

    @property
    def owner(self) -> str:
        """The owner as the card names it: the position (and its holder), a person, or text."""
        if self.owner_position_id:
            holder = self.owner_position.holder
            return f"{self.owner_position} ({holder})" if holder else str(self.owner_position)
        if self.owner_person_id:
            return str(self.owner_person)
        return self.owner_text

    def owner_heads(self) -> str:
        """The heads of the units that run the process: each unit's first position (by
        its order) and its holder, «Директор (Н. Жумабаев); …»; units without a position
        are left out. The card prints this when it names no owner of its own."""
        heads = []
        for unit in self.owner_units.order_by("order", "name").prefetch_related(
                models.Prefetch("positions", queryset=Position.objects.select_related(
                    "holder").order_by("order", "name"))):
            position = next(iter(unit.positions.all()), None)
            if position is not None:
                holder = position.holder
                heads.append(f"{position.label} ({holder})" if holder else position.label)
        return "; ".join(heads)

    @property
    def owner_or_heads(self) -> str:
        return self.owner or self.owner_heads()


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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("processes:policy_version", args=[self.pk])

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

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(Localized, Versioned, Archivable):
    """A key performance indicator (KPI) of a process (regulation §6.2, §8.1).

    Measured per period (of the indicator's frequency) and per unit: the owner unit
    itself, or any unit under it when `per_unit` says each unit reports its own value.
    Its red/amber/green status against target is computed in `kpi_status`, never stored.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.PROTECT, related_name="indicators",
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="indicators",
    )
    per_unit = models.BooleanField(
        _("each unit reports its own value"), default=False,
        help_text=_("Departments and commissions under the owner unit enter their own values."),
    )
    measure_unit = models.CharField(_("unit of measure"), max_length=40, blank=True,
                                    help_text=_("For example: %, points, count."))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.HIGHER)
    tolerance = models.DecimalField(
        _("amber tolerance"), max_digits=12, decimal_places=2, default=0,
        help_text=_("How far from the target a value is still amber rather than red, "
                    "in the indicator's unit of measure."),
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Period.Kind.choices,
                                 default=Period.Kind.YEAR)
    reporting_units = models.ManyToManyField(
        Unit, verbose_name=_("units that report it"), blank=True,
        related_name="reported_indicators",
        help_text=_("When each unit reports its own value: the units asked for it. Empty: "
                    "the departments and subject-cycle commissions under the owner unit."),
    )
    data_source = models.CharField(_("data source"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=[reporting_units])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["process__number", "order", "name"]

    @property
    def access_unit(self) -> Unit:
        return self.owner_unit

    def clean(self):
        from sapat.lib.numbers import is_percentage

        errors = {}
        if self.tolerance is not None and self.tolerance < 0:
            errors["tolerance"] = _("The tolerance cannot be negative.")
        if is_percentage(self.measure_unit):
            if self.target is not None and not (0 <= self.target <= 100):
                errors["target"] = _("A percentage is between 0 and 100.")
            if "tolerance" not in errors and self.tolerance is not None and self.tolerance > 100:
                errors["tolerance"] = _("A percentage is between 0 and 100.")
        if errors:
            raise ValidationError(errors)


class MonitoringSettings(Versioned):
    """How KPI monitoring asks for values (one row, set by the QMS office).

    A value of a period is due once the period has ended and `grace_days` more have
    passed (`sapat.processes.due`); before then nobody is told it is missing.
    """

    grace_days = models.PositiveSmallIntegerField(
        _("days to enter a value after its period ends"), default=14,
        validators=[MaxValueValidator(366)],
        help_text=_("A value is asked for once its period has ended and these days have "
                    "passed."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("KPI monitoring settings")
        verbose_name_plural = _("KPI monitoring settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> "MonitoringSettings":
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls(pk=1)


def _evidence_path(instance, filename):
    return f"evidence/kpi/{instance.indicator_id}/{filename}"


class Measurement(Versioned):
    """One value of an indicator for one period and one unit."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
        related_name="measurements",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="measurements",
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to=_evidence_path, blank=True, validators=[validate_evidence],
    )
    entered_by = models.ForeignKey(
        Person, verbose_name=_("entered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["period__start", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "unit"],
                                    name="one_measurement_per_period_and_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.period} — {self.unit}: {self.value}"

    @property
    def access_unit(self) -> Unit:
        return self.unit

    def clean(self):
        errors = {}
        if self.indicator_id and self.period_id:
            if self.period.kind != self.indicator.frequency:
                errors["period"] = _("This indicator is measured per %(kind)s.") % {
                    "kind": self.indicator.get_frequency_display()}
        if self.indicator_id and self.unit_id:
            if not self.unit.is_within(self.indicator.owner_unit):
                errors["unit"] = _("The unit must be the indicator's owner unit or under it.")
            elif not self.indicator.per_unit and self.unit_id != self.indicator.owner_unit_id:
                errors["unit"] = _("Only the owner unit reports this indicator.")
        if self.indicator_id and self.value is not None:
            from sapat.lib.numbers import is_percentage

            if is_percentage(self.indicator.measure_unit) and not (0 <= self.value <= 100):
                errors["value"] = _("A percentage is between 0 and 100.")
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        from .kpi_status import status_of

        return status_of(self.indicator, self.value)


class PolicyAcknowledgement(models.Model):
    """A person has read and understood a version of the quality policy."""

    policy = models.ForeignKey(
        QualityPolicy, verbose_name=_("quality policy"), on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="policy_acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy acknowledgement")
        verbose_name_plural = _("policy acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["policy", "person"], name="acknowledge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.policy}"


class QualityObjective(Localized, Versioned, Archivable):
    """A measurable quality objective (ISO 9001 §6.2); progress comes from its KPIs."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="objectives",
    )
    what = models.TextField(_("what will be done"))
    resources = models.TextField(_("resources"), blank=True)
    responsible_position = models.ForeignKey(
        Position, verbose_name=_("responsible position"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="objectives",
    )
    responsible_person = models.ForeignKey(
        Person, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="objectives",
    )
    deadline = models.DateField(_("deadline"))
    evaluation = models.TextField(_("how results are evaluated"), blank=True)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("linked indicators"), blank=True, related_name="objectives",
    )

    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["deadline", "name"]

    @property
    def access_unit(self) -> Unit:
        return self.unit

    @property
    def responsible(self) -> str:
        parts = [str(p) for p in (self.responsible_position, self.responsible_person) if p]
        return "; ".join(parts)
