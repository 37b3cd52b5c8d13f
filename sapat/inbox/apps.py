from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "sapat.inbox"
    label = "inbox"
    verbose_name = _("What waits for you")

    def ready(self):
        from . import nav  # noqa: F401
