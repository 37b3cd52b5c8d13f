from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    name = "sapat.lib"
    label = "sapat_lib"
    verbose_name = _("Shared")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from . import jobs  # noqa: F401
        from .db_silence import bound_answers, fail_fast_in_requests, request_done

        connection_created.connect(bound_answers, dispatch_uid="sapat-db-answer-timeout")
        request_started.connect(fail_fast_in_requests, dispatch_uid="sapat-db-fail-fast")
        request_finished.connect(request_done, dispatch_uid="sapat-db-fail-fast")
