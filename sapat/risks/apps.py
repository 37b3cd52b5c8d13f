from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "sapat.risks"
    label = "risks"
    verbose_name = _("Risks and opportunities")

    def ready(self):
        from . import jobs, nav  # noqa: F401
