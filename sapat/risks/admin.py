"""Django admin for risks (superusers only, as the whole admin site); people use the screens."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sapat.lib.admin import VersionedAdmin

from .models import (
    Assessment,
    Measure,
    Opportunity,
    ReminderLog,
    Risk,
    RiskBand,
    RiskCategory,
    RiskScale,
    ScaleLevel,
)


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    extra = 0


class RiskBandInline(admin.TabularInline):
    model = RiskBand
    extra = 0


@admin.register(RiskScale)
class RiskScaleAdmin(VersionedAdmin):
    list_display = ["name", "is_active"]
    inlines = [ScaleLevelInline, RiskBandInline]


@admin.register(RiskCategory)
class RiskCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "is_active"]


@admin.register(Risk)
class RiskAdmin(VersionedAdmin):
    list_display = ["title", "unit", "likelihood", "consequences", "status", "escalated",
                    "register_number", "archived_at"]
    list_filter = ["status", "escalated", "category"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "process", "created_by"]
    filter_horizontal = ["responsible_positions", "responsible_people"]


@admin.register(Opportunity)
class OpportunityAdmin(VersionedAdmin):
    list_display = ["title", "unit", "status", "result", "archived_at"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "process", "created_by"]


@admin.register(Measure)
class MeasureAdmin(VersionedAdmin):
    list_display = ["text", "risk", "opportunity", "due_date", "status", "archived_at"]
    list_filter = ["status"]
    raw_id_fields = ["risk", "opportunity", "created_by"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["risk", "at", "by", "new_likelihood", "new_consequences"]
    raw_id_fields = ["risk", "by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["person", "day", "measures", "sent_at"]
