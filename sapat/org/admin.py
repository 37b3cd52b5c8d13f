"""Django admin, for superusers' configuration only; the QMS office uses the product's screens."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sapat.api.login import limit_failed_signins
from sapat.lib.admin import VersionedAdmin

from .models import AcademicYear, Period, Person, Position, RoleAssignment, Term, Unit

admin.site.site_header = _("Sapat administration")
admin.site.site_title = _("Sapat")
admin.site.index_title = _("Configuration")


def _superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only
# Failed sign-ins at /admin/login/ count per address with Sapat's own sign-in page.
admin.site.login = limit_failed_signins(admin.site.login)


@admin.register(Unit)
class UnitAdmin(VersionedAdmin):
    list_display = ["name", "kind", "code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_ru", "name_en", "code"]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(Person)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "unit", "is_active"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]
    fieldsets = UserAdmin.fieldsets + ((_("Sapat"), {"fields": ["full_name", "unit", "language"]}),)


@admin.register(Position)
class PositionAdmin(VersionedAdmin):
    list_display = ["name", "unit", "holder"]
    search_fields = ["name", "code"]


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(SimpleHistoryAdmin):
    inlines = [PeriodInline]


admin.site.register(Term, SimpleHistoryAdmin)
