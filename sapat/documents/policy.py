"""The quality policy as a controlled document.

The policy keeps its own screens and approval in `sapat.processes` (its text is edited
there, version by version); the register of documents holds it too, so that it is found,
exported and acknowledged like every other document. `carry_over_policy` writes each
approved policy version into the register as a version of the document «СМС-С-01» with a
generated DOCX of its text, the approval's decision № and date, and the policy's
acknowledgements; the newest is in force and the earlier ones superseded. It is
idempotent: versions already carried over are skipped. It runs from the demo, from the
`carry_over_policy` command (an existing installation, once), and after every policy
approval (a `post_save` receiver: `sapat.processes` knows nothing of documents).
"""
from __future__ import annotations

import datetime
import logging

from django.db import models, transaction

log = logging.getLogger(__name__)
POLICY_CODE = "СМС-С-01"


@transaction.atomic
def carry_over_policy(*, owner, by):
    from sapat.approvals.models import ApprovalRequest, State
    from sapat.processes.models import PolicyAcknowledgement, QualityPolicy

    from . import services
    from .files import docx_of
    from .models import Acknowledgement, Document, DocumentVersion

    policies = list(QualityPolicy.objects.filter(approved_on__isnull=False)
                    .order_by("version"))
    if not policies:
        return None
    root = int(owner.root_path)
    document = Document.objects.live().filter(university_id=root, code=POLICY_CODE).first()
    if document is None:
        document = Document.objects.create(
            code=POLICY_CODE, title="ЖАМУнун сапат саясаты",
            title_ru="Политика в области качества ЖАГУ", title_en="JASU quality policy",
            doc_type="policy", owner_unit=owner, retention_years=10)
        document.audience_units.set([policies[-1].unit])
    done = set(DocumentVersion.objects.filter(document=document)
               .values_list("change_summary_en", flat=True))
    for policy in policies:
        marker = f"Quality policy version {policy.version}"
        if marker in done:
            continue
        request = (ApprovalRequest.objects.filter(kind="policy", object_id=policy.pk,
                                                  state=State.APPROVED)
                   .order_by("-number").first())
        version = services.new_version(
            document, by, change_summary=f"Сапат саясатынын {policy.version}-версиясы",
            change_summary_ru=f"Политика в области качества, версия {policy.version}",
            change_summary_en=marker)
        files = [("ky", policy.text)]
        if policy.text_ru:
            files.append(("ru", policy.text_ru))
        if policy.text_en:
            files.append(("en", policy.text_en))
        from django.core.files.uploadedfile import SimpleUploadedFile

        for language, text in files:
            data = docx_of(document.text_in("title", language), text.split("\n"))
            services.add_file(version, SimpleUploadedFile(
                f"sapat-sayasaty-{policy.version}-{language}.docx", data), language=language,
                by=by)
        on = policy.approved_on or datetime.date.today()
        services.send_for_review(version, by)
        from sapat.approvals import services as approvals

        # The rector's decision on the policy is the decision on this version.
        approvals.record_past_approval(
            version, policy.approved_by or by,
            (request.decision_no if request else "") or "—",
            request.decision_date if request and request.decision_date else on)
        version.refresh_from_db()
        services.publish(version, by, on=on)
        for person_id, at in PolicyAcknowledgement.objects.filter(policy=policy).values_list(
                "person_id", "acknowledged_at"):
            ack, _created = Acknowledgement.objects.get_or_create(version=version,
                                                                  person_id=person_id)
            Acknowledgement.objects.filter(pk=ack.pk).update(acknowledged_at=at)
    return document


def _owner_for(policy):
    """The unit that keeps the policy document: the QMS office of its university."""
    from sapat.org.models import Role, RoleAssignment, Unit

    root = policy.unit.root_path
    assignment = (RoleAssignment.objects.filter(role=Role.QMS)
                  .filter(models.Q(unit__path=root) | models.Q(unit__path__startswith=root + "."))
                  .select_related("unit").order_by("pk").first())
    return assignment.unit if assignment else Unit.objects.get(pk=int(root))


def _on_policy_saved(sender, instance, created, update_fields=None, **kwargs):
    """A policy version approved in `sapat.processes` becomes the policy document's
    version in force (after the approving transaction commits)."""
    if instance.approved_on is None:
        return
    if update_fields is not None and "approved_on" not in update_fields:
        return

    def carry():
        try:
            carry_over_policy(owner=_owner_for(instance), by=instance.approved_by)
        except Exception:  # noqa: BLE001 — the policy is approved; the register catches up
            log.exception("could not carry the quality policy over into the register")

    transaction.on_commit(carry)


def policy_version_of(version):
    """The `QualityPolicy` a carried-over document version stands for, or None."""
    from sapat.processes.models import QualityPolicy

    marker = (version.change_summary_en or "").removeprefix("Quality policy version ")
    if version.document.code != POLICY_CODE or not marker.isdigit():
        return None
    return QualityPolicy.objects.filter(version=int(marker)).first()


def version_of_policy(policy):
    from .models import DocumentVersion

    return DocumentVersion.objects.filter(
        document__code=POLICY_CODE, document__archived_at__isnull=True,
        change_summary_en=f"Quality policy version {policy.version}").first()


def _on_policy_acknowledged(sender, instance, created, **kwargs):
    """Read in `sapat.processes`: read in the register too (one acknowledgement)."""
    if not created:
        return
    from .models import Acknowledgement

    version = version_of_policy(instance.policy)
    if version is not None:
        Acknowledgement.objects.get_or_create(version=version, person_id=instance.person_id)


def connect() -> None:
    from django.db.models.signals import post_save

    from sapat.processes.models import PolicyAcknowledgement, QualityPolicy

    post_save.connect(_on_policy_saved, sender=QualityPolicy,
                      dispatch_uid="documents-carry-over-policy")
    post_save.connect(_on_policy_acknowledged, sender=PolicyAcknowledgement,
                      dispatch_uid="documents-policy-acknowledged")
