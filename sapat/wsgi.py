"""WSGI entry point for gunicorn: `gunicorn sapat.wsgi`."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
# A request's statement never outlives gunicorn's 30 s timeout (sapat/settings.py), nor
# does a wait for a database gone silent (20 + 2 s, sapat/lib/db_silence.py) plus a
# reconnection attempt (5 s).
os.environ.setdefault("SAPAT_DB_STATEMENT_TIMEOUT", "20")
application = get_wsgi_application()

# What is loaded now (Django, the apps, the URL patterns) lives as long as the worker.
# Frozen, the garbage collector no longer walks it at every full collection: pages that
# build thousands of model objects spent 10-20% of their time there.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 — load the URL conf before freezing
gc.collect()
gc.freeze()
