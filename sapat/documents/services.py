"""Everything that changes documents: each function is one transaction, validated, and
raises ValidationError (in the user's language) or PermissionDenied and writes nothing.

Permission checks are the callers' (views and API ask `permissions` first); the state
rules are here, so that no caller can put a version in force twice or change one in force.
"""
from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .files import extract_text, sha256_of, validate_document_file
from .models import (
    Acknowledgement,
    Citation,
    Disposal,
    DisposalDecision,
    Document,
    DocumentVersion,
    ReviewComment,
    VersionFile,
    VersionState,
)
from .search import reindex


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` ahead (the 31st becomes the month's last day)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


OPEN_STATES = (VersionState.DRAFT, VersionState.REVIEW, VersionState.APPROVED)


def _locked(version: DocumentVersion) -> DocumentVersion:
    return DocumentVersion.objects.select_for_update().select_related(
        "document__owner_unit").get(pk=version.pk)


def _move(version: DocumentVersion, expected, state: str, **fields) -> DocumentVersion:
    current = _locked(version)
    expected = expected if isinstance(expected, tuple | list) else (expected,)
    if current.state not in expected:
        raise ValidationError(_("This version is %(state)s now; reload the page.")
                              % {"state": current.get_state_display()})
    current.state = state
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    version.__dict__.update({k: getattr(current, k) for k in ("state", "version", *fields)})
    return current


@transaction.atomic
def new_version(document: Document, by, *, change_summary: str = "",
                change_summary_ru: str = "", change_summary_en: str = "",
                reviewers=()) -> DocumentVersion:
    """A new draft version of `document`; refused while another is open."""
    Document.objects.select_for_update().filter(pk=document.pk).first()
    versions = DocumentVersion.objects.filter(document=document)
    if versions.filter(state__in=OPEN_STATES).exists():
        raise ValidationError(_("A new version is already being prepared; finish or "
                                "delete it first."))
    number = (versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DocumentVersion.objects.create(
        document=document, number=number, change_summary=change_summary,
        change_summary_ru=change_summary_ru, change_summary_en=change_summary_en, author=by)
    if reviewers:
        version.reviewers.set(reviewers)
    return version


@transaction.atomic
def delete_draft(version: DocumentVersion) -> None:
    current = _locked(version)
    if current.state != VersionState.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."))
    for f in current.files.all():
        f.file.delete(save=False)
    current.delete()


@transaction.atomic
def add_file(version: DocumentVersion, upload, *, language: str, by) -> VersionFile:
    """Attach (or replace) the file of one language; only while the version is a draft."""
    current = _locked(version)
    if current.state != VersionState.DRAFT:
        raise ValidationError(_("Files can be changed only while the version is a draft."))
    validate_document_file(upload)
    data = upload.read()
    upload.seek(0)
    from sapat.lib.uploads import extension_of

    extension = extension_of(upload.name)
    old = VersionFile.objects.filter(version=current, language=language).first()
    if old is not None:
        old.file.delete(save=False)
        old.delete()
    record = VersionFile(version=current, language=language, uploaded_by=by,
                         name=upload.name.rsplit("/", 1)[-1][:255], size=len(data),
                         sha256=sha256_of(upload), text=extract_text(data, extension))
    record.file.save(record.name, upload, save=False)
    record.save()
    reindex(current.document_id)
    return record


@transaction.atomic
def send_for_review(version: DocumentVersion, by, reviewers=None) -> DocumentVersion:
    if not VersionFile.objects.filter(version=version).exists():
        raise ValidationError(_("Attach at least one file before sending the version for "
                                "review."))
    current = _move(version, VersionState.DRAFT, VersionState.REVIEW)
    if reviewers is not None:
        current.reviewers.set(reviewers)
    return current


@transaction.atomic
def back_to_draft(version: DocumentVersion, by) -> DocumentVersion:
    from sapat.approvals import services as approvals
    from sapat.approvals.models import State

    if approvals.current_state(version) == State.SUBMITTED:
        raise ValidationError(_("The version is waiting for approval; it cannot be changed "
                                "now."))
    return _move(version, VersionState.REVIEW, VersionState.DRAFT)


@transaction.atomic
def comment(version: DocumentVersion, by, text: str) -> ReviewComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    current = _locked(version)
    if current.state != VersionState.REVIEW:
        raise ValidationError(_("Comments are taken while the version is in review."))
    return ReviewComment.objects.create(version=current, author=by, text=text)


def mark_approved(version: DocumentVersion, request) -> None:
    """Called by `sapat.approvals` in the approving transaction."""
    _move(version, VersionState.REVIEW, VersionState.APPROVED,
          decision_no=request.decision_no, decision_date=request.decision_date,
          approved_by=request.decided_by)


@transaction.atomic
def publish(version: DocumentVersion, by, *, on: datetime.date | None = None) -> list:
    """Put an approved version in force; the one in force before is superseded.

    Returns the citations of the document: the places to check now.
    """
    today = timezone.localdate()
    on = on or today
    document = Document.objects.select_for_update().get(pk=version.document_id)
    previous = (DocumentVersion.objects.select_for_update()
                .filter(document=document, state=VersionState.IN_FORCE).first())
    if previous is not None:
        _move(previous, VersionState.IN_FORCE, VersionState.SUPERSEDED, ended_on=on)
    _move(version, VersionState.APPROVED, VersionState.IN_FORCE, in_force_from=on)
    document.next_review = add_months(on, document.review_months or 12)
    document.save_state(["next_review"])
    reindex(document.pk)  # the new version's text found, the superseded one's no more
    return list(Citation.objects.filter(document=document).select_related("content_type"))


@transaction.atomic
def withdraw(version: DocumentVersion, by, *, on: datetime.date | None = None):
    on = on or timezone.localdate()
    current = _move(version, VersionState.IN_FORCE, VersionState.WITHDRAWN, ended_on=on)
    document = Document.objects.get(pk=current.document_id)
    document.next_review = None
    document.save_state(["next_review"])
    reindex(document.pk)
    return current


@transaction.atomic
def acknowledge(version: DocumentVersion, person) -> Acknowledgement:
    if version.state != VersionState.IN_FORCE:
        raise ValidationError(_("Only the version in force is acknowledged."))
    try:
        with transaction.atomic():
            ack, _created = Acknowledgement.objects.get_or_create(version=version,
                                                                  person=person)
    except IntegrityError:
        ack = Acknowledgement.objects.get(version=version, person=person)
    # The quality policy is read in one place: its own page's record is kept too.
    from .policy import policy_version_of

    policy = policy_version_of(version)
    if policy is not None:
        from sapat.processes.models import PolicyAcknowledgement

        PolicyAcknowledgement.objects.get_or_create(policy=policy, person=person)
    from sapat.inbox import registry as inbox

    inbox.forget(person)
    return ack


@transaction.atomic
def mark_reviewed(document: Document, by, *, on: datetime.date | None = None) -> Document:
    """The owner reviewed the document and it stays as it is: the next review is set."""
    on = on or timezone.localdate()
    document.next_review = add_months(on, document.review_months or 12)
    document.save_state(["next_review"])
    return document


def retention_end(document: Document, ended_on: datetime.date | None):
    if ended_on is None:
        return None
    return add_months(ended_on, 12 * document.retention_years)


@transaction.atomic
def decide_disposal(document: Document, by, *, decision: str, reason: str,
                    hold_until: datetime.date | None = None) -> DisposalDecision:
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why.")
    if decision not in DisposalDecision.Decision.values:
        errors["decision"] = _("Choose a decision.")
    if decision == DisposalDecision.Decision.HOLD and hold_until is None:
        errors["hold_until"] = _("Say until when the document is held.")
    if errors:
        raise ValidationError(errors)
    record = DisposalDecision.objects.create(document=document, decision=decision,
                                             reason=reason, hold_until=hold_until, by=by)
    document.disposal = (Disposal.DISPOSED if decision == DisposalDecision.Decision.DISPOSE
                         else Disposal.HOLD)
    document.save_state(["disposal"])
    if decision == DisposalDecision.Decision.DISPOSE:
        document.archive()
    return record


@transaction.atomic
def cite(document: Document, record, note: str = "") -> Citation:
    ct = ContentType.objects.get_for_model(type(record))
    citation, _created = Citation.objects.get_or_create(
        document=document, content_type=ct, object_id=record.pk, defaults={"note": note})
    return citation
