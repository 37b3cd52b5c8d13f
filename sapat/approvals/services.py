"""The approval workflow: submit, approve, return; what state a record is in; its history.

Every function takes the app's own record (`obj`) and finds its kind in the registry.
Each is atomic and validated: a wrong transition, a missing decision number or reason,
or a record changed after it was submitted raises ValidationError and writes nothing.
"""
from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sapat.lib.locking import one_at_a_time

from . import permissions, registry
from .models import ApprovalEvent, ApprovalRequest, State


def _frozen(kind, obj) -> tuple[str, bytes, str, str]:
    text = kind.text(obj)
    data, content_type = kind.rendered(obj)
    return text, data, content_type, hashlib.sha256(data).hexdigest()


def requests_of(obj):
    """The requests of `obj`, newest version first."""
    kind = registry.kind_of(obj)
    return ApprovalRequest.objects.for_record(kind.key, obj.pk).order_by("-number")


def latest(obj) -> ApprovalRequest | None:
    return requests_of(obj).first()


def current_state(obj) -> str:
    """DRAFT, SUBMITTED, APPROVED or RETURNED: the state of `obj`'s newest version."""
    request = latest(obj)
    return request.state if request else State.DRAFT


def approved_request(obj) -> ApprovalRequest | None:
    """The newest approved version of `obj`, with its frozen copy."""
    return requests_of(obj).filter(state=State.APPROVED).first()


def history(obj) -> list[ApprovalEvent]:
    """Every step of every version of `obj`, oldest first."""
    kind = registry.kind_of(obj)
    return list(ApprovalEvent.objects.filter(request__kind=kind.key, request__object_id=obj.pk)
                .select_related("by", "request").order_by("at", "pk"))


def changed_since_approval(obj) -> bool:
    """Does `obj` now differ from its newest approved copy (a new version to submit)?"""
    approved = approved_request(obj)
    if approved is None:
        return False
    return _frozen(registry.kind_of(obj), obj)[3] != approved.sha256


@transaction.atomic
def submit(obj, by, *, check: bool = True) -> ApprovalRequest:
    """Submit `obj` to its approving body: freezes what is submitted.

    A returned version is submitted again as the same version; a record approved before
    is submitted as the next version, and only when it has changed since.
    """
    kind = registry.kind_of(obj)
    if check and not permissions.may_submit(by, kind, obj):
        raise PermissionDenied
    one_at_a_time(f"approval:{kind.key}:{obj.pk}")
    request = (ApprovalRequest.objects.select_for_update().for_record(kind.key, obj.pk)
               .order_by("-number").first())
    text, data, content_type, digest = _frozen(kind, obj)
    now = timezone.now()
    if request is not None and request.state == State.SUBMITTED:
        raise ValidationError(_("This version is already waiting for approval."))
    if request is not None and request.state == State.APPROVED:
        if request.sha256 == digest:
            raise ValidationError(_("Nothing has changed since version %(n)s was approved.")
                                  % {"n": request.number})
        request = None
        number = requests_of(obj).count() + 1
    elif request is not None:  # returned: the corrected version goes back to the body
        number = request.number
    else:
        number = 1
    unit = kind.unit(obj)
    values = {
        "unit": unit, "body": kind.body_of(obj), "state": State.SUBMITTED,
        "title": str(kind.title(obj))[:500], "url": kind.url_of(obj)[:500],
        "content": text, "document": data, "content_type": content_type, "sha256": digest,
        "submitted_by": by, "submitted_at": now, "reason": "",
    }
    if request is None:
        request = ApprovalRequest(kind=kind.key, object_id=obj.pk, number=number, **values)
        try:
            request.save()
        except IntegrityError as exc:
            raise ValidationError(_("This version is already waiting for approval.")) from exc
    else:
        for name, value in values.items():
            setattr(request, name, value)
        request.version += 1
        request.save()
    ApprovalEvent.objects.create(request=request, state=State.SUBMITTED, by=by, at=now,
                                 sha256=digest)
    return request


def _waiting(obj) -> ApprovalRequest:
    kind = registry.kind_of(obj)
    request = (ApprovalRequest.objects.select_for_update().for_record(kind.key, obj.pk)
               .filter(state=State.SUBMITTED).first())
    if request is None:
        raise ValidationError(_("Nothing of this record is waiting for approval."))
    return request


@transaction.atomic
def approve(obj, by, decision_no: str, decision_date: datetime.date, *,
            check: bool = True) -> ApprovalRequest:
    """The body approves the submitted version of `obj` by its decision № and date."""
    kind = registry.kind_of(obj)
    request = _waiting(obj)
    if check and not permissions.may_decide(by, request.body, request.unit):
        raise PermissionDenied
    decision_no = (decision_no or "").strip()
    errors = {}
    if not decision_no:
        errors["decision_no"] = _("Enter the number of the body's decision.")
    if decision_date is None:
        errors["decision_date"] = _("Enter the date of the body's decision.")
    elif decision_date > timezone.localdate():
        errors["decision_date"] = _("The decision date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if _frozen(kind, obj)[3] != request.sha256:
        raise ValidationError(_("The record has changed since it was submitted; it has to "
                                "be submitted again."))
    now = timezone.now()
    request.state = State.APPROVED
    request.decided_by, request.decided_at = by, now
    request.decision_no, request.decision_date = decision_no, decision_date
    request.version += 1
    request.save()
    ApprovalEvent.objects.create(request=request, state=State.APPROVED, by=by, at=now,
                                 decision_no=decision_no, decision_date=decision_date,
                                 sha256=request.sha256)
    if kind.on_approved is not None:
        kind.on_approved(obj, request)
    return request


@transaction.atomic
def return_(obj, by, reason: str, *, check: bool = True) -> ApprovalRequest:
    """The body returns the submitted version of `obj` for correction, saying why."""
    request = _waiting(obj)
    if check and not permissions.may_decide(by, request.body, request.unit):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is returned.")})
    now = timezone.now()
    request.state = State.RETURNED
    request.decided_by, request.decided_at = by, now
    request.reason = reason
    request.version += 1
    request.save()
    ApprovalEvent.objects.create(request=request, state=State.RETURNED, by=by, at=now,
                                 reason=reason)
    return request


@transaction.atomic
def record_past_approval(obj, by, decision_no: str, decision_date: datetime.date,
                         ) -> ApprovalRequest | None:
    """Record an approval made before Sapat kept them (an import, the demo): the record as
    it is now, approved by `by` with the decision's № and date. Does nothing when the
    record already has an approval history; returns the request made, or None."""
    kind = registry.kind_of(obj)
    if requests_of(obj).exists():
        return None
    text, data, content_type, digest = _frozen(kind, obj)
    at = timezone.now()
    request = ApprovalRequest.objects.create(
        kind=kind.key, object_id=obj.pk, number=1, unit=kind.unit(obj),
        body=kind.body_of(obj), state=State.APPROVED, title=str(kind.title(obj))[:500],
        url=kind.url_of(obj)[:500], content=text, document=data, content_type=content_type,
        sha256=digest, submitted_by=by, submitted_at=at, decided_by=by, decided_at=at,
        decision_no=decision_no, decision_date=decision_date)
    ApprovalEvent.objects.create(request=request, state=State.APPROVED, by=by, at=at,
                                 decision_no=decision_no, decision_date=decision_date,
                                 sha256=digest)
    if kind.on_approved is not None:
        kind.on_approved(obj, request)
    return request


def record_of(request: ApprovalRequest):
    """The app's record a request is about (None when it is gone or its kind is not
    registered any more)."""
    try:
        kind = registry.get(request.kind)
    except KeyError:
        return None
    manager = getattr(kind.model, "all_objects", kind.model._base_manager)
    return manager.filter(pk=request.object_id).first()


def in_force_text(request: ApprovalRequest) -> tuple[ApprovalRequest | None, str | None]:
    """The version in force to compare `request` with: its approved request (if any) and
    its text (None when nothing is in force yet)."""
    try:
        kind = registry.get(request.kind)
    except KeyError:
        kind = None
    if kind is not None and kind.in_force is not None:
        record = record_of(request)
        obj = kind.in_force(record) if record is not None else None
        if obj is None or obj.pk == request.object_id:
            return None, None
        approved = (ApprovalRequest.objects.for_record(kind.key, obj.pk)
                    .filter(state=State.APPROVED).order_by("-number").first())
        return approved, approved.content if approved else kind.text(obj)
    approved = (ApprovalRequest.objects.for_record(request.kind, request.object_id)
                .filter(state=State.APPROVED, number__lt=request.number)
                .order_by("-number").first())
    if approved is None:
        return None, None
    return approved, approved.content
