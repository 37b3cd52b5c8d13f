"""Documents in the one search (see `sapat.search.registry`): the register's title in each
language, the code, and the text extracted from the files of the version in force — never
of a draft (nobody else should find it yet) nor of a superseded or withdrawn version (it is
not what the document says any more). Found by whoever may read the document
(`documents_visible_to`: a confidential one by its owners, audiences, reviewers, approvers
and the QMS office only).

`services` re-indexes a document when a version comes into force, is superseded or
withdrawn, and when a file is added (`reindex`).
"""
from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.search import index
from sapat.search.registry import Document as Hit
from sapat.search.registry import Provider, register

from .models import Document, DocumentVersion, VersionFile, VersionState
from .permissions import documents_visible_to

KEY = "document"


def records():
    in_force = (DocumentVersion.objects.filter(state=VersionState.IN_FORCE)
                .prefetch_related(Prefetch("files", queryset=VersionFile.objects.only(
                    "pk", "version_id", "language", "text"))))
    return (Document.objects.select_related("owner_unit")
            .prefetch_related(Prefetch("versions", queryset=in_force, to_attr="in_force")))


def document_entry(document: Document) -> Hit | None:
    if document.archived_at is not None:
        return None
    in_force = getattr(document, "in_force", None)
    if in_force is None:  # saved on its own (the signal): read the version in force
        in_force = list(DocumentVersion.objects.filter(document=document,
                                                       state=VersionState.IN_FORCE)
                        .prefetch_related("files"))
    unit = document.owner_unit
    return Hit(
        title=document.title, title_ru=document.title_ru, title_en=document.title_en,
        url=reverse("documents:detail", args=[document.pk]),
        context=f"{document.code} · {unit.name}",
        context_ru=f"{document.code} · {unit.name_ru}" if unit.name_ru else "",
        context_en=f"{document.code} · {unit.name_en}" if unit.name_en else "",
        texts=[document.code, *(f.text for v in in_force for f in v.files.all())],
    )


def reindex(document_id: int) -> None:
    """Re-index the document once the current transaction commits."""
    transaction.on_commit(partial(index.refresh, KEY, [document_id]))


def register_providers() -> None:
    register(Provider(
        key=KEY, label=_("Documents"), model=Document, visible=documents_visible_to,
        document=document_entry, records=records, order=5,
    ))
