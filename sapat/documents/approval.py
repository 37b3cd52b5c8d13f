"""Document versions go through the one approval workflow (`sapat.approvals`).

The approving body is set by the document's type (regulation §9, Appendix 7): the
Academic Council approves the QMS regulations, the rector the policy and procedures, the
QMS office the working documents (instructions, forms, registers, minutes, external
documents taken into the system). What is frozen is the version as text: the register
entry, the change summary and the SHA-256 of every file — a file changed after submission
makes the approval refuse.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

BODY_OF_TYPE = {
    "policy": "rector",
    "regulation": "council",
    "procedure": "rector",
    "instruction": "qms",
    "form": "qms",
    "register": "qms",
    "minutes": "qms",
    "external": "qms",
}
TYPES_OF_BODY: dict[str, tuple[str, ...]] = {}
for _type, _body in BODY_OF_TYPE.items():
    TYPES_OF_BODY[_body] = (*TYPES_OF_BODY.get(_body, ()), _type)


def body_of_type(doc_type: str) -> str:
    return BODY_OF_TYPE.get(doc_type, "qms")


def version_text(version) -> str:
    document = version.document
    lines = [
        f"{document.code} {document.title}",
        f"{_('version')}: {version.number}",
        version.change_summary,
        "",
    ]
    for f in version.files.all().order_by("language", "pk"):
        lines.append(f"{f.language}: {f.name} SHA-256 {f.sha256}")
    return "\n".join(lines)


def _may_submit(person, version) -> bool:
    from . import permissions
    from .models import VersionState

    return version.state == VersionState.REVIEW and permissions.may_draft(
        person, version.document)


def _on_approved(version, request) -> None:
    from . import services

    services.mark_approved(version, request)


def register() -> None:
    from sapat.approvals.registry import ApprovableKind
    from sapat.approvals.registry import register as register_kind

    from .models import DocumentVersion

    register_kind(ApprovableKind(
        key="document-version",
        model=DocumentVersion,
        label=_("document version"),
        body=lambda v: body_of_type(v.document.doc_type),
        text=version_text,
        title=lambda v: f"{v.document.code} {v.document.title}"[:480],
        describe=lambda r: gettext("Document %(title)s") % {"title": r.title},
        url=lambda v: reverse("documents:version", args=[v.pk]),
        unit=lambda v: v.document.owner_unit,
        may_submit=_may_submit,
        in_force=lambda v: v.document.versions.filter(state="in_force").exclude(
            pk=v.pk).first(),
        on_approved=_on_approved,
    ))
