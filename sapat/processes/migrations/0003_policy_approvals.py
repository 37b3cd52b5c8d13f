"""Policy versions approved before approvals were recorded get their approval record.

Each approved version gets an approved request of the rector (the decision № unknown,
the date the version was approved on) with its frozen text, and the approver's
acknowledgement: the rector who approved a version is not asked to acknowledge it.
"""
import datetime
import hashlib

from django.db import migrations


def _text(policy) -> str:
    # The same text as sapat.processes.approvals.policy_text.
    parts = [policy.text]
    if policy.text_ru:
        parts += ["— ru —", policy.text_ru]
    if policy.text_en:
        parts += ["— en —", policy.text_en]
    return "\n\n".join(parts)


def forwards(apps, schema_editor):
    QualityPolicy = apps.get_model("processes", "QualityPolicy")
    Acknowledgement = apps.get_model("processes", "PolicyAcknowledgement")
    ApprovalRequest = apps.get_model("approvals", "ApprovalRequest")
    ApprovalEvent = apps.get_model("approvals", "ApprovalEvent")
    for policy in QualityPolicy.objects.filter(approved_on__isnull=False):
        if policy.approved_by_id:
            Acknowledgement.objects.get_or_create(policy_id=policy.pk,
                                                  person_id=policy.approved_by_id)
        if ApprovalRequest.objects.filter(kind="policy", object_id=policy.pk).exists():
            continue
        text = _text(policy)
        data = text.encode("utf-8")
        at = datetime.datetime.combine(policy.approved_on, datetime.time(12),
                                       tzinfo=datetime.UTC)
        request = ApprovalRequest.objects.create(
            kind="policy", object_id=policy.pk, number=1, unit_id=policy.unit_id,
            body="rector", state="approved", title=str(policy.version),
            url=f"/processes/policy/{policy.pk}/", content=text, document=data,
            content_type="text/plain; charset=utf-8",
            sha256=hashlib.sha256(data).hexdigest(), submitted_by_id=policy.approved_by_id,
            submitted_at=at, decided_by_id=policy.approved_by_id, decided_at=at,
            decision_date=policy.approved_on)
        ApprovalEvent.objects.create(request=request, state="approved",
                                     by_id=policy.approved_by_id, at=at,
                                     decision_date=policy.approved_on, sha256=request.sha256)


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0002_kpis_objectives_acknowledgements"),
        ("approvals", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
