"""The quality policy as an approvable record: drafted by the QMS office, approved by
the rector with the number and date of the decision (regulation §5)."""
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sapat.approvals.registry import ApprovableKind, Body, register

from .models import PolicyAcknowledgement, QualityPolicy
from .permissions import may_draft_policy, may_read_university_record


def policy_text(policy: QualityPolicy) -> str:
    """The text that is frozen and compared: the Kyrgyz text, then the translations.

    The data migration that recorded earlier approvals writes the same text; change both
    together."""
    parts = [policy.text]
    if policy.text_ru:
        parts += ["— ru —", policy.text_ru]
    if policy.text_en:
        parts += ["— en —", policy.text_en]
    return "\n\n".join(parts)


def _on_approved(policy: QualityPolicy, request) -> None:
    """The approved draft is in force from the decision's date; the approver has read it."""
    policy.approved_by = request.decided_by
    policy.approved_on = request.decision_date
    policy.save(update_fields=["approved_by", "approved_on"])
    if request.decided_by is not None:
        PolicyAcknowledgement.objects.get_or_create(policy=policy, person=request.decided_by)


def _may_submit(person, policy: QualityPolicy) -> bool:
    return not policy.is_approved and may_draft_policy(person)


register(ApprovableKind(
    key="policy", model=QualityPolicy, label=_("quality policy"), body=Body.RECTOR,
    text=policy_text,
    # The version number is kept with the request; the name is said in the reader's language.
    title=lambda p: str(p.version),
    describe=lambda r: gettext("Quality policy, version %(v)s") % {"v": r.title},
    url=lambda p: reverse("processes:policy_version", args=[p.pk]),
    may_submit=_may_submit,
    may_read=may_read_university_record,
    in_force=lambda p: QualityPolicy.objects.filter(
        approved_on__isnull=False, version__lt=p.version).order_by("-version").first(),
    on_approved=_on_approved,
))
