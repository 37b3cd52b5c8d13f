from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "sapat.meetings"
    label = "meetings"
    verbose_name = _("Meetings and decisions")

    def ready(self):
        from . import inbox, nav  # noqa: F401
