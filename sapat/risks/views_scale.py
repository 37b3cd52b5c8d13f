"""The risk scale screen (QMS office): descriptions of the scores and the band thresholds.

A change of thresholds re-bands every risk, so the screen first shows how many risks
would change band and asks for confirmation; only then are the rows written, in one
transaction, with history. The scale's version guards against two editors.
"""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sapat.lib.locking import StaleRecord, save_versioned
from sapat.org.access import require_configure

from . import scoring
from .models import Risk, RiskBand, RiskScale, ScaleLevel
from .scale_edit import band_moves
from .views_registers import require_reader


class LevelForm(forms.ModelForm):
    class Meta:
        model = ScaleLevel
        fields = ["description", "description_ru", "description_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class BandForm(forms.ModelForm):
    class Meta:
        model = RiskBand
        fields = ["label", "label_ru", "label_en", "min_level", "max_level", "colour"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "min_level": forms.NumberInput(attrs={"min": 1, "max": 25}),
            "max_level": forms.NumberInput(attrs={"min": 1, "max": 25}),
        }


class BaseBandFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            scoring.validate_bands(self.new_bands())
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def new_bands(self) -> list[scoring.Band]:
        """The bands as the form would save them."""
        bands = []
        for form in self.forms:
            data, band = form.cleaned_data, form.instance
            bands.append(scoring.Band(
                band.code, data["min_level"], data["max_level"], data["label"],
                data.get("label_ru", ""), data.get("label_en", ""), data["colour"],
            ))
        return sorted(bands, key=lambda b: b.min_level)


LevelFormSet = forms.modelformset_factory(ScaleLevel, form=LevelForm, extra=0)
BandFormSet = forms.modelformset_factory(
    RiskBand, form=BandForm, formset=BaseBandFormSet, extra=0
)


class ScaleMetaForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The thresholds the person saw the preview for; a confirm is valid for those only.
    confirmed = forms.CharField(widget=forms.HiddenInput, required=False)


def thresholds(bands) -> str:
    return ",".join(f"{b.code}:{b.min_level}-{b.max_level}" for b in bands)


def level_counts(field: str) -> dict[int, int]:
    """How many live risks sit at each level (inherent or residual), in one query."""
    rows = (
        scoring.annotate_levels(Risk.objects.live()).order_by()
        .values_list(field).annotate(n=Count("pk"))
    )
    return {level: n for level, n in rows if level is not None}


def describe_moves(moves, old, new) -> list[str]:
    labels = {b.code: b.label for b in (*old, *new)}
    lines = []
    for move in moves:
        lines.append(_("%(count)s will move from “%(old)s” to “%(new)s”") % {
            "count": move.count, "old": labels.get(move.old, "—"),
            "new": labels.get(move.new, "—"),
        })
    return lines


LEVELS_TITLE = {
    ScaleLevel.Axis.LIKELIHOOD: gettext_lazy("Likelihood"),
    ScaleLevel.Axis.CONSEQUENCES: gettext_lazy("Consequences"),
}


@login_required
def scale(request):
    require_reader(request.user)
    require_configure(request.user)
    current = RiskScale.active()
    if current is None:
        raise Http404
    levels_qs = current.levels.order_by("axis", "score")
    bands_qs = current.bands.order_by("min_level")
    preview = None
    if request.method == "POST":
        meta = ScaleMetaForm(request.POST)
        level_set = LevelFormSet(request.POST, queryset=levels_qs, prefix="levels")
        band_set = BandFormSet(request.POST, queryset=bands_qs, prefix="bands")
        if meta.is_valid() and level_set.is_valid() and band_set.is_valid():
            old = scoring.load_bands(current)
            new = band_set.new_bands()
            changed = thresholds(old) != thresholds(new)
            if changed and meta.cleaned_data["confirmed"] != thresholds(new):
                inherent = band_moves(level_counts(scoring.LEVEL), old, new)
                residual = band_moves(level_counts(scoring.RESIDUAL_LEVEL), old, new)
                preview = {
                    "inherent": describe_moves(inherent, old, new),
                    "residual": describe_moves(residual, old, new),
                    "thresholds": thresholds(new),
                }
            else:
                try:
                    with transaction.atomic():
                        # The levels and bands are the scale: a change in them moves
                        # its version (the formsets save only the rows that changed).
                        save_versioned(current, meta.cleaned_data["version"],
                                       related_changed=level_set.has_changed()
                                       or band_set.has_changed())
                        level_set.save()
                        band_set.save()
                except StaleRecord:
                    messages.error(request, _(
                        "Someone else saved the scale after you opened it. The page now "
                        "shows their version; make your change again."))
                    return redirect("risks:scale")
                messages.success(request, _("The risk scale is saved.") + (
                    " " + _("Every risk's band now follows the new thresholds.")
                    if changed else ""))
                return redirect("risks:scale")
        if preview is None:
            messages.error(request, _("The scale was not saved; correct the marked fields."))
        else:
            meta = ScaleMetaForm(initial={
                "version": meta.cleaned_data["version"], "confirmed": preview["thresholds"],
            })
    else:
        meta = ScaleMetaForm(initial={"version": current.version})
        level_set = LevelFormSet(queryset=levels_qs, prefix="levels")
        band_set = BandFormSet(queryset=bands_qs, prefix="bands")
    axes = []
    for axis, title in LEVELS_TITLE.items():
        axes.append((title, [f for f in level_set.forms if f.instance.axis == axis]))
    return render(request, "risks/scale.html", {
        "scale": current,
        "meta": meta,
        "level_set": level_set,
        "band_set": band_set,
        "axes": axes,
        "preview": preview,
        "history_bands": list(bands_qs),
        "history_levels": sorted(
            levels_qs, key=lambda lv: (lv.axis != ScaleLevel.Axis.LIKELIHOOD, lv.score)
        ),
        "section": "scale",
    })
