"""The organisation: the unit tree, positions, people, their roles, academic periods."""
import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sapat.lib.models import Localized, Versioned

PATH_STEP = 5  # digits per level of Unit.path: 99,999 siblings is plenty


class Unit(Localized, Versioned):
    """A structural unit: the university, an institute, a department, a service…

    `path` is a materialised path ("00001.00004.00012") so that "this unit and everything
    under it" is one indexed `startswith` lookup, whatever the depth of the tree.
    """

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("university")
        INSTITUTE = "institute", _("institute")
        COLLEGE = "college", _("college")
        FACULTY = "faculty", _("faculty")
        DEPARTMENT = "department", _("department")
        COMMISSION = "commission", _("subject-cycle commission")
        SERVICE = "service", _("service")
        CENTRE = "centre", _("centre")
        GOVERNANCE = "governance", _("governing body")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    from_hr_file = models.BooleanField(
        _("from the HR file"), default=False, editable=False,
        help_text=_("Brought in by the HR department's file: a later file that no longer "
                    "lists it closes it."),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["path", "depth"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    @property
    def access_unit(self) -> "Unit":
        return self

    def clean(self):
        if self.parent_id and self.pk:
            parent = Unit.objects.get(pk=self.parent_id)
            if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or under its own units.")}
                )
        if self.kind == self.Kind.UNIVERSITY and self.parent_id:
            raise ValidationError({"parent": _("A university is the top of its tree.")})
        if self.kind != self.Kind.UNIVERSITY and not self.parent_id:
            raise ValidationError({"parent": _("Choose the unit this one belongs to.")})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = self.path
            parent = (
                Unit.objects.only("path", "depth").get(pk=self.parent_id)
                if self.parent_id
                else None
            )
            self.depth = parent.depth + 1 if parent else 0
            if self.pk:
                self.path = self._path_under(parent)
                super().save(*args, **kwargs)
                if old_path and old_path != self.path:
                    self._rewrite_descendant_paths(old_path)
            else:
                # The path needs the primary key, which exists only after the insert.
                super().save(*args, **kwargs)
                self.path = self._path_under(parent)
                Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def _path_under(self, parent: "Unit | None") -> str:
        own = f"{self.pk:0{PATH_STEP}d}"
        return f"{parent.path}.{own}" if parent else own

    def _rewrite_descendant_paths(self, old_path: str) -> None:
        # A move re-roots the whole subtree; paths are rewritten in place so that
        # scope checks stay one lookup.
        shift = self.depth - old_path.count(".")
        for unit in Unit.objects.filter(path__startswith=old_path + "."):
            unit.path = self.path + unit.path[len(old_path) :]
            unit.depth = unit.depth + shift
            Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)

    def subtree(self):
        """This unit and every unit below it."""
        return Unit.objects.filter(path__startswith=self.path).filter(
            models.Q(path=self.path) | models.Q(path__startswith=self.path + ".")
        )

    def ancestors(self):
        ids = [int(part) for part in self.path.split(".")[:-1]]
        return Unit.objects.filter(pk__in=ids).order_by("depth")

    def is_within(self, other: "Unit") -> bool:
        return self.path == other.path or self.path.startswith(other.path + ".")

    @property
    def root_path(self) -> str:
        return self.path.split(".")[0]


class Person(AbstractUser):
    """A person who signs in: a rector, a head, an employee…"""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("The unit where this person works."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")],
        default="ky",
    )
    staff_number = models.CharField(
        _("staff number"), max_length=40, blank=True, default="",
        help_text=_("The number the HR department gives this person; re-imports match by it."),
    )
    from_hr_file = models.BooleanField(
        _("from the HR file"), default=False, editable=False,
        help_text=_("Brought in by the HR department's file: a later file that no longer "
                    "lists this person deactivates them (never deletes)."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "username"]
        constraints = [
            # One person per staff number; people without one are many.
            models.UniqueConstraint(
                fields=["staff_number"], condition=~models.Q(staff_number=""),
                name="unique_staff_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name_of(self.full_name, self.first_name, self.last_name, self.username)

    # The fields `name_of` needs, for lists read as values rather than as people.
    NAME_FIELDS = ("full_name", "first_name", "last_name", "username")

    @staticmethod
    def name_of(full_name: str, first_name: str, last_name: str, username: str) -> str:
        """The name a person is shown by (AbstractUser's full name, then the login)."""
        return full_name or f"{first_name} {last_name}".strip() or username

    @property
    def access_unit(self) -> Unit | None:
        return self.unit


class Position(Localized, Versioned):
    """A post the regulation names as responsible: "vice-rector for academic affairs"…

    A position belongs to a unit and is held by one person at a time (or is vacant).
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    holder = models.ForeignKey(
        Person,
        verbose_name=_("held by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["order", "name"]

    @property
    def access_unit(self) -> Unit:
        return self.unit


class Role(models.TextChoices):
    """The roles of the regulation's Appendix 7; what each may do is in `access.py`."""

    RECTOR = "rector", _("Rector / vice-rector")
    QMS = "qms", _("Academic Policy Department (QMS office)")
    DIRECTOR = "director", _("Director / dean")
    HEAD = "head", _("Head of department / subject-cycle commission")
    SERVICE_HEAD = "service_head", _("Head of service")
    COUNCIL = "council", _("Academic Council member")
    AUDITOR = "auditor", _("Internal auditor")
    STAFF = "staff", _("Employee")


class RoleAssignment(models.Model):
    """A person holds a role in a unit; the role reaches that unit and everything below."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "unit"], name="unique_role_in_unit")
        ]
        ordering = ["person", "role"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()} — {self.unit}"

    @property
    def access_unit(self) -> Unit:
        return self.unit


class AcademicYear(models.Model):
    """An academic year ("2025–2026") with its semesters and quarters as periods."""

    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    is_current = models.BooleanField(_("current"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start"]

    def __str__(self) -> str:
        return f"{self.start.year}–{self.end.year}"

    @property
    def name(self) -> str:
        return str(self)

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The year must end after it starts.")})


class Period(models.Model):
    """A reporting period: a whole academic year, one of its semesters or quarters."""

    class Kind(models.TextChoices):
        YEAR = "year", _("year")
        SEMESTER = "semester", _("semester")
        QUARTER = "quarter", _("quarter")

    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE,
        related_name="periods",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "number"], name="unique_period")
        ]

    def __str__(self) -> str:
        roman = ["", "I", "II", "III", "IV"][self.number] if self.number <= 4 else self.number
        if self.kind == self.Kind.YEAR:
            return str(self.year)
        if self.kind == self.Kind.SEMESTER:
            return _("%(year)s, semester %(n)s") % {"year": self.year, "n": roman}
        return _("%(year)s, quarter %(n)s") % {"year": self.year, "n": roman}

    @classmethod
    def current(cls, kind: str, on: datetime.date | None = None) -> "Period | None":
        from django.utils import timezone

        on = on or timezone.localdate()
        return cls.objects.filter(kind=kind, start__lte=on, end__gte=on).first()


class Term(models.Model):
    """An abbreviation of the glossary (regulation Appendix 1): ЖАМУ, СМС, ПЦК…"""

    abbreviation = models.CharField(_("abbreviation"), max_length=40, unique=True)
    meaning = models.CharField(_("meaning (Kyrgyz)"), max_length=300)
    meaning_ru = models.CharField(_("meaning (Russian)"), max_length=300, blank=True)
    meaning_en = models.CharField(_("meaning (English)"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["abbreviation"]

    def __str__(self) -> str:
        return self.abbreviation

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        lang = (get_language() or "ky")[:2]
        if lang in ("ru", "en"):
            return getattr(self, f"meaning_{lang}") or self.meaning
        return self.meaning
