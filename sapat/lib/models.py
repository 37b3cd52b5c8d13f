"""Abstract models shared by every QMS app: translated names, versions, archiving."""
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized(models.Model):
    """A record whose name is data in three languages.

    `name` is the Kyrgyz name (the regulation's wording); `name_ru` and `name_en` are
    optional, and `label` falls back to the Kyrgyz name where a translation is missing.
    """

    name = models.CharField(_("name (Kyrgyz)"), max_length=500)
    name_ru = models.CharField(_("name (Russian)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str | None) -> str:
        lang = (language or "ky")[:2]
        if lang in ("ru", "en"):
            return getattr(self, f"name_{lang}") or self.name
        return self.name

    @property
    def label(self) -> str:
        return self.label_in(get_language())


class Versioned(models.Model):
    """Optimistic locking: a version number that every save through a form must match.

    Forms send the version they were rendered with; `sapat.lib.locking` refuses a save
    whose version is no longer current, so that two people editing one record never
    overwrite each other silently.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    # The version this object was read at: a whole-row save from an object read before
    # someone else's change would undo that change, so `save_versioned` refuses it.
    loaded_version: int | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.loaded_version = instance.__dict__.get("version")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.loaded_version = self.__dict__.get("version")

    def save_state(self, fields: list[str]) -> None:
        """Save a change of state (archived, status, escalation, a mark) and move the version.

        The row is locked and its version moved on, so that an edit loaded before this
        change is refused as stale (`sapat.lib.locking.save_versioned`) instead of writing
        the old state back. The other fields are taken from the stored row, so that the
        history row shows the record as it now is.
        """
        model = type(self)
        with transaction.atomic():
            current = model._base_manager.select_for_update().get(pk=self.pk)
            for field in model._meta.concrete_fields:
                if field.attname not in fields and field.name not in fields:
                    setattr(self, field.attname, getattr(current, field.attname))
            before = self.version
            self.version = current.version + 1
            try:
                self.save(update_fields=[*fields, "version"])
            except BaseException:
                self.version = before
                raise
        self.loaded_version = self.version


class ArchivedQuerySet(models.QuerySet):
    def live(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Archivable(models.Model):
    """Soft delete: a QMS record is archived, never removed, so its history stays."""

    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, editable=False)

    objects = ArchivedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def _save_archived(self) -> None:
        if isinstance(self, Versioned):
            self.save_state(["archived_at"])
        else:
            self.save(update_fields=["archived_at"])

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self._save_archived()

    def restore(self) -> None:
        self.archived_at = None
        self._save_archived()
