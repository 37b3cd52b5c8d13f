from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Dashboards by level (Appendix 7) and the integrated table's screen.

    Like `reports`, it reads every app and nobody imports it.
    """

    name = "sapat.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from . import nav, risk_health  # noqa: F401
