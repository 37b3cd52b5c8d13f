"""Audits in the one search (see `sapat.search.registry`): found by whoever may read them
(`audits_visible_to`: the team, the audited units' readers, the rector and council).
Gradings are not indexed: the auditee must not find them before the report is issued."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sapat.search.registry import Document, Provider, register

from .models import Audit
from .permissions import audits_visible_to


def audit_document(audit: Audit) -> Document:
    return Document(
        title=audit.title, url=reverse("audits:audit", args=[audit.pk]),
        context=f"№ {audit.number}" if audit.number else "",
        texts=[audit.objectives, audit.criteria_text, audit.regulation_sections],
    )


def register_providers() -> None:
    register(Provider(
        key="audit", label=_("Audits"), model=Audit, visible=audits_visible_to,
        document=audit_document, order=80,
    ))
