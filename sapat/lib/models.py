"""Abstract models shared by every QMS app: translated names, versions, archiving."""
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
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


# Records' own texts in more than one language -------------------------------------------

TRANSLATION_LANGUAGES = ("ru", "en")
LANGUAGE_NAMES = {"ru": _("Russian"), "en": _("English")}


def translation_of(field: models.Field, language: str) -> models.Field:
    """An optional copy of a text field for one more language: `title_ru = translation_of(
    title, "ru")`. The original (the Kyrgyz text, as the regulation words it) stays the
    record's text; the copy is used in that language where it is filled in."""
    name, path, args, kwargs = field.deconstruct()
    kwargs.update(blank=True, default="", help_text="",
                  verbose_name=format_lazy("{} ({})", field.verbose_name,
                                           LANGUAGE_NAMES[language]))
    kwargs.pop("validators", None)
    return type(field)(*args, **kwargs)



def translated(path: str, lang: str):
    """`Translated.text_in` as a query expression: the field at `path` in `lang` where its
    `_ru`/`_en` copy is filled in, else the original (Kyrgyz) text."""
    if lang in ("ru", "en"):
        return models.functions.Coalesce(
            models.functions.NullIf(models.F(f"{path}_{lang}"), models.Value("")),
            models.F(path), output_field=models.TextField())
    return models.F(path)

class _TextsIn:
    """`record.tr.title`: the record's title in the active language (see `Translated`)."""

    def __init__(self, record, language):
        self._record, self._language = record, language

    def __getattr__(self, name):
        return self._record.text_in(name, self._language)


class Translated:
    """A record whose texts (`TRANSLATED`) may carry `<name>_ru` and `<name>_en` copies
    (made with `translation_of`). `text_in` falls back to the original where a copy is
    empty; `record.tr.<name>` gives the text in the active language (templates too)."""

    TRANSLATED: tuple[str, ...] = ()

    def text_in(self, name: str, language: str | None = None) -> str:
        lang = (language or get_language() or "ky")[:2]
        if lang in TRANSLATION_LANGUAGES and name in self.TRANSLATED:
            value = getattr(self, f"{name}_{lang}", "")
            if value:
                return value
        return getattr(self, name)

    @property
    def tr(self) -> _TextsIn:
        return _TextsIn(self, None)

    @classmethod
    def translation_fields(cls) -> list[str]:
        return [f"{name}_{lang}" for name in cls.TRANSLATED for lang in TRANSLATION_LANGUAGES]


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
