from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "sapat.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        # The "Profile" menu item and the OpenAPI description of token authentication.
        from . import nav, schema  # noqa: F401
