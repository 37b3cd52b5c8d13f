from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "sapat.risks"
    label = "risks"
    verbose_name = _("Risks and opportunities")

    def ready(self):
        from sapat.org import handover

        from . import jobs, nav  # noqa: F401
        from .handover import open_measures_of

        handover.register("measures", open_measures_of)

        from .search import register_providers

        register_providers()
