from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sapat.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import jobs, nav  # noqa: F401
        from .pdf import clean_stale_folders

        # A worker killed mid-export leaves its register's HTML and PDF behind.
        clean_stale_folders()
