"""Workflows of the process side: keyword-only, validated, atomic."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sapat.lib.locking import StaleRecord
from sapat.org.models import Period, Person, Unit

from . import plausibility
from .models import Indicator, Measurement, PolicyAcknowledgement, QualityPolicy


@transaction.atomic
def measurement_record(
    *, indicator: Indicator, period: Period, unit: Unit, value: Decimal, by: Person,
    comment: str = "", evidence=None, expected_version: int | None = None,
    confirmed: bool = False,
) -> Measurement:
    """Create or replace the value of `indicator` for `period` and `unit`.

    `expected_version` is the version the editor saw (0: no value yet); when someone else
    saved in between, `StaleRecord` is raised and nothing is written. A value far from
    the KPI's history (`plausibility`) raises `UnusualValue` unless `confirmed`.
    """
    measurement = (
        Measurement.objects.select_for_update()
        .filter(indicator=indicator, period=period, unit=unit).first()
    )
    seen = measurement.version if measurement else 0
    if expected_version is not None and expected_version != seen:
        raise StaleRecord(measurement)
    if measurement is None:
        measurement = Measurement(indicator=indicator, period=period, unit=unit)
    else:
        measurement.version += 1
    measurement.value = value
    measurement.comment = comment
    measurement.entered_by = by
    if evidence is not None:
        measurement.evidence = evidence
    measurement.full_clean(validate_unique=False)
    if not confirmed and (found := plausibility.unusual(indicator, unit, period, value)):
        raise plausibility.UnusualValue(found)
    measurement.save()
    return measurement


@transaction.atomic
def policy_draft_create(*, unit: Unit, text: str, text_ru: str = "", text_en: str = "",
                        ) -> QualityPolicy:
    """A new draft version of the quality policy, numbered after the newest one."""
    newest = QualityPolicy.objects.select_for_update().order_by("-version").first()
    policy = QualityPolicy(
        version=(newest.version + 1) if newest else 1, unit=unit,
        text=text, text_ru=text_ru, text_en=text_en,
    )
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def policy_draft_update(*, policy: QualityPolicy, text: str, text_ru: str = "",
                        text_en: str = "") -> QualityPolicy:
    """Correct a draft that is not approved and not waiting for approval."""
    from sapat.approvals.models import State
    from sapat.approvals.services import current_state

    policy = QualityPolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.is_approved or current_state(policy) == State.SUBMITTED:
        raise ValidationError(_("An approved or submitted version cannot be changed."))
    policy.text, policy.text_ru, policy.text_en = text, text_ru, text_en
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def policy_acknowledge(*, policy: QualityPolicy, person: Person) -> PolicyAcknowledgement:
    """Record that `person` has read and understood `policy` (once per version)."""
    ack, _created = PolicyAcknowledgement.objects.get_or_create(policy=policy, person=person)
    return ack
