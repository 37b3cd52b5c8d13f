"""THE scoring module: level = likelihood × consequences, and the band of a level.

Every screen, form, export and API asks this module; nothing stores a typed level.
Bands come from the active `RiskScale` (one query per `load_bands()` call); callers that
score many rows load the bands once and pass them in (`Risk.objects.with_scoring()` does
this for a whole queryset). Nothing is kept in process memory across requests: a change
of bands by the QMS office re-bands every risk on the next page.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 1
MAX_SCORE = 5
MIN_LEVEL = MIN_SCORE * MIN_SCORE
MAX_LEVEL = MAX_SCORE * MAX_SCORE
SCORES = range(MIN_SCORE, MAX_SCORE + 1)

# Names of the annotations `annotate_levels()` adds (the model's `level` is a property).
LEVEL = "computed_level"
RESIDUAL_LEVEL = "computed_residual"


def validate_score(value) -> None:
    """A likelihood or consequences score is a whole number from 1 to 5."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not (
        MIN_SCORE <= value <= MAX_SCORE
    ):
        raise ValidationError(
            _("A score must be a whole number from %(min)s to %(max)s."),
            code="score_range", params={"min": MIN_SCORE, "max": MAX_SCORE},
        )


def validate_level(value) -> None:
    """A level given on its own (a residual score from the register) is 1..25."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not (
        MIN_LEVEL <= value <= MAX_LEVEL
    ):
        raise ValidationError(
            _("A risk level must be a whole number from %(min)s to %(max)s."),
            code="level_range", params={"min": MIN_LEVEL, "max": MAX_LEVEL},
        )


def level(likelihood: int, consequences: int) -> int:
    """The risk level: likelihood × consequences, each 1..5."""
    validate_score(likelihood)
    validate_score(consequences)
    if likelihood is None or consequences is None:
        raise ValidationError(_("Both likelihood and consequences are needed."), code="missing")
    return likelihood * consequences


@dataclass(frozen=True)
class Band:
    """One band of the scale: levels min_level..max_level, with its labels and colour."""

    code: str
    min_level: int
    max_level: int
    label_ky: str
    label_ru: str = ""
    label_en: str = ""
    colour: str = "#999999"

    def label_in(self, language: str | None) -> str:
        lang = (language or "ky")[:2]
        if lang == "ru":
            return self.label_ru or self.label_ky
        if lang == "en":
            return self.label_en or self.label_ky
        return self.label_ky

    @property
    def label(self) -> str:
        return self.label_in(get_language())

    def contains(self, value: int) -> bool:
        return self.min_level <= value <= self.max_level

    def __str__(self) -> str:
        return self.label


# The regulation's bands (Appendix 4): used until a scale exists in the database.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band("low", 1, 5, "төмөн", "низкий", "low", "#cfe9d6"),
    Band("medium", 6, 10, "орто", "средний", "medium", "#ffe7a3"),
    Band("high", 11, 25, "жогору", "высокий", "high", "#f6b3ad"),
)


@dataclass(frozen=True)
class BandSet:
    """The bands of one scale, ordered by level."""

    bands: tuple[Band, ...]

    def __iter__(self):
        return iter(self.bands)

    def __len__(self):
        return len(self.bands)

    def for_level(self, value: int | None) -> Band | None:
        if value is None:
            return None
        for band in self.bands:
            if band.contains(value):
                return band
        return None

    def by_code(self, code: str) -> Band | None:
        return next((b for b in self.bands if b.code == code), None)


def validate_bands(bands: list[Band] | tuple[Band, ...]) -> None:
    """Bands must cover 1..25 with no gap and no overlap (the scale editor calls this)."""
    ordered = sorted(bands, key=lambda b: b.min_level)
    expected = MIN_LEVEL
    for band in ordered:
        if band.min_level > band.max_level:
            raise ValidationError(
                _("Band “%(band)s” ends before it starts."), params={"band": band.code}
            )
        if band.min_level != expected:
            raise ValidationError(
                _("The bands must cover levels %(min)s to %(max)s with no gaps or overlaps."),
                params={"min": MIN_LEVEL, "max": MAX_LEVEL}, code="band_gap",
            )
        expected = band.max_level + 1
    if expected != MAX_LEVEL + 1:
        raise ValidationError(
            _("The bands must cover levels %(min)s to %(max)s with no gaps or overlaps."),
            params={"min": MIN_LEVEL, "max": MAX_LEVEL}, code="band_gap",
        )


def load_bands(scale=None) -> BandSet:
    """The bands of `scale` (default: the active scale) in one query.

    Falls back to the regulation's bands when no scale is configured yet.
    """
    from .models import RiskBand

    qs = RiskBand.objects.order_by("min_level")
    qs = qs.filter(scale=scale) if scale is not None else qs.filter(scale__is_active=True)
    rows = [
        Band(b.code, b.min_level, b.max_level, b.label, b.label_ru, b.label_en, b.colour)
        for b in qs
    ]
    return BandSet(tuple(rows) if rows else DEFAULT_BANDS)


def band_for(value: int | None, bands: BandSet | None = None) -> Band | None:
    """The band a level falls in (None for no level). Loads the bands if not given."""
    if value is None:
        return None
    validate_level(value)
    return (bands or load_bands()).for_level(value)


@dataclass(frozen=True)
class Score:
    """A scored risk: L, C (None when only a level is known), level and band."""

    likelihood: int | None
    consequences: int | None
    level: int
    band: Band | None

    @classmethod
    def of(cls, likelihood: int, consequences: int, bands: BandSet | None = None) -> Score:
        value = level(likelihood, consequences)
        return cls(likelihood, consequences, value, band_for(value, bands))

    @classmethod
    def of_level(cls, value: int, bands: BandSet | None = None) -> Score:
        validate_level(value)
        return cls(None, None, value, band_for(value, bands))

    @property
    def band_code(self) -> str:
        return self.band.code if self.band else ""

    @property
    def text(self) -> str:
        """“20 — жогору”, as the screens print it."""
        return f"{self.level} — {self.band.label}" if self.band else str(self.level)

    def __str__(self) -> str:
        return self.text


def residual(
    likelihood: int | None, consequences: int | None, score: int | None,
    bands: BandSet | None = None,
) -> Score | None:
    """The residual score: from residual L and C when both are known, else the level alone.

    The register of the regulation gives only a residual level (6, 4, 10…), so a level on
    its own is accepted for such records.
    """
    if likelihood is not None and consequences is not None:
        return Score.of(likelihood, consequences, bands)
    if score is not None:
        return Score.of_level(score, bands)
    return None


def residual_level(
    likelihood: int | None, consequences: int | None, score: int | None
) -> int | None:
    """The residual level alone (no band): L × C when both are known, else the level given."""
    if likelihood is not None and consequences is not None:
        return level(likelihood, consequences)
    if score is not None:
        validate_level(score)
        return score
    return None


def annotate_levels(qs: QuerySet, prefix: str = "") -> QuerySet:
    """Add `computed_level` and `computed_residual` to a Risk queryset (for filter/sort).

    `prefix` reaches a risk through a relation, e.g. "risk__" on measures.
    """
    product = ExpressionWrapper(
        F(f"{prefix}likelihood") * F(f"{prefix}consequences"), output_field=IntegerField()
    )
    residual_product = ExpressionWrapper(
        F(f"{prefix}residual_likelihood") * F(f"{prefix}residual_consequences"),
        output_field=IntegerField(),
    )
    return qs.annotate(**{
        LEVEL: product,
        RESIDUAL_LEVEL: Coalesce(
            residual_product, F(f"{prefix}residual_score"), output_field=IntegerField()
        ),
    })


def band_q(band: Band, field: str = LEVEL) -> Q:
    """A Q keeping rows whose annotated level falls in `band` (after annotate_levels)."""
    return Q(**{f"{field}__gte": band.min_level, f"{field}__lte": band.max_level})


def band_order(bands: BandSet, field: str = LEVEL):
    """A CASE expression numbering the band of an annotated level, for sorting by band."""
    return Case(
        *[When(band_q(b, field), then=Value(i)) for i, b in enumerate(bands)],
        default=Value(-1), output_field=IntegerField(),
    )
