from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "sapat.audits"
    label = "audits"
    verbose_name = _("Internal audit")

    def ready(self):
        from . import approval, nav  # noqa: F401

        approval.register()

        from .search import register_providers

        register_providers()
