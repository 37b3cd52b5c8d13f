"""The search index: one row per findable record, kept by `sapat.search.index`.

The row holds what a hit shows (its title in each language, its address, a short context)
and the record's words twice: as written (`text`, for snippets and PostgreSQL's Russian
configuration) and as search keys (`title_terms`, `terms`, see `stemming`). Who may see a
row is never stored here: it is asked of the record's app at query time, so a change of
roles or units takes effect at once.

A migration that changes this model must end with `sapat.search.fulltext.restore_sqlite`
(SQLite rebuilds the table and loses the triggers that keep its full-text copy).
"""
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"))
    title = models.CharField(_("title"), max_length=500)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    context = models.CharField(_("context"), max_length=300, blank=True)
    context_ru = models.CharField(_("context (Russian)"), max_length=300, blank=True)
    context_en = models.CharField(_("context (English)"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    title_terms = models.TextField(_("title keys"), blank=True)
    terms = models.TextField(_("keys"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        indexes = [
            # What a search reads of every match (sapat.search.index names it on SQLite).
            models.Index(fields=["id", "kind", "object_id"], name="search_entry_found"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

    def title_in(self, language: str | None = None) -> str:
        return self._in("title", language)

    def context_in(self, language: str | None = None) -> str:
        return self._in("context", language)

    def _in(self, name: str, language: str | None) -> str:
        lang = (language or get_language() or "ky")[:2]
        if lang in ("ru", "en"):
            return getattr(self, f"{name}_{lang}") or getattr(self, name)
        return getattr(self, name)
