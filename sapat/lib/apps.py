from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    name = "sapat.lib"
    label = "sapat_lib"
    verbose_name = _("Shared")

    def ready(self):
        from . import jobs  # noqa: F401
