from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "sapat.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from . import nav  # noqa: F401  (registers the organisation's menu items)
        from .search import register_providers

        register_providers()
