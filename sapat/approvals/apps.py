from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "sapat.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from . import inbox  # noqa: F401
