from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "sapat.reviews"
    label = "reviews"
    verbose_name = _("Management review")

    def ready(self):
        from . import approval, inbox, inputs, nav  # noqa: F401

        inputs.register_all()
        approval.register()
        inbox.register()
