from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sapat.accounts"
    label = "accounts"
    verbose_name = _("Sign-in")

    def ready(self):
        from . import checks, signals  # noqa: F401  (system checks, directory-down flag)
