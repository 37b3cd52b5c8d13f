from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "sapat.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from . import approval, inbox, nav, policy  # noqa: F401

        approval.register()
        policy.connect()

        from .search import register_providers

        register_providers()
