from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "sapat.processes"
    label = "processes"
    verbose_name = _("Processes")

    def ready(self):
        from . import approvals, inbox, nav  # noqa: F401
        from .search import register_providers

        register_providers()
