from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "sapat.improvement"
    label = "improvement"
    verbose_name = _("Nonconformities and corrective action")

    def ready(self):
        from . import hooks, nav  # noqa: F401

        hooks.register()

        from .search import register_providers

        register_providers()
