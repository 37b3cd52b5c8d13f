"""Production settings, read the way a browser meets them: a real sign-in over HTTPS with
`DJANGO_ENV=production` (a throw-away SQLite database), and the cookies and headers that
come back."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[1]

# Runs in a child process, because settings are read once, at start-up.
SIGN_IN = r"""
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
# Static files as in development: collecting and compressing them takes minutes, and no
# cookie or header depends on them.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
call_command("migrate", verbosity=0)
from sapat.org.models import Person
Person.objects.create_user("head", password="a-long-test-password-1")

def cookies(response):
    return {name: {key: str(morsel[key]) for key in ("secure", "httponly", "samesite")}
            for name, morsel in response.cookies.items()}

client = Client(HTTP_HOST="sapat.example.kg")
plain = client.get("/login/")
page = client.get("/login/", secure=True)
signed_in = client.post("/login/", {"username": "head", "password": "a-long-test-password-1",
                                    "csrfmiddlewaretoken": page.cookies["csrftoken"].value},
                        secure=True)
print(json.dumps({
    "plain": {"status": plain.status_code, "location": plain.get("Location", "")},
    "page": {"status": page.status_code, "cookies": cookies(page),
             "hsts": page.get("Strict-Transport-Security", "")},
    "signed_in": {"status": signed_in.status_code, "cookies": cookies(signed_in)},
    "settings": {name: getattr(settings, name) for name in (
        "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS")},
}))
"""


class ProductionCookieTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with tempfile.TemporaryDirectory(prefix="sapat-prod-") as tmp:
            env = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
            env.update(DJANGO_ENV="production", DJANGO_SETTINGS_MODULE="sapat.settings",
                       SECRET_KEY="production-test-" + "k" * 50,
                       ALLOWED_HOSTS="sapat.example.kg", SAPAT_DATA_DIR=tmp,
                       DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3")
            done = subprocess.run([sys.executable, "-c", SIGN_IN], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise AssertionError(done.stderr[-3000:])
        cls.seen = json.loads(done.stdout.strip().splitlines()[-1])

    def test_plain_http_is_sent_to_https(self):
        self.assertEqual(self.seen["plain"]["status"], 301)
        self.assertTrue(self.seen["plain"]["location"].startswith("https://sapat.example.kg/"))

    def test_the_session_cookie_is_secure_httponly_and_same_site(self):
        self.assertEqual(self.seen["signed_in"]["status"], 302)
        session = self.seen["signed_in"]["cookies"]["sessionid"]
        self.assertEqual(session["secure"], "True")
        self.assertEqual(session["httponly"], "True")
        self.assertEqual(session["samesite"], "Lax")

    def test_the_csrf_cookie_is_secure_and_same_site(self):
        csrf = self.seen["page"]["cookies"]["csrftoken"]
        self.assertEqual(csrf["secure"], "True")
        self.assertEqual(csrf["samesite"], "Lax")

    def test_hsts_for_a_year_with_subdomains(self):
        hsts = self.seen["page"]["hsts"]
        self.assertIn("max-age=31536000", hsts)
        self.assertIn("includeSubDomains", hsts)
        self.assertIn("preload", hsts)

    def test_the_settings_behind_them(self):
        s = self.seen["settings"]
        self.assertFalse(s["DEBUG"])
        for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
                     "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
                     "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
                     "SECURE_CONTENT_TYPE_NOSNIFF"):
            self.assertIs(s[name], True, name)
        self.assertEqual((s["SESSION_COOKIE_SAMESITE"], s["CSRF_COOKIE_SAMESITE"]),
                         ("Lax", "Lax"))
        self.assertGreaterEqual(s["SECURE_HSTS_SECONDS"], 31536000)
        self.assertEqual(s["X_FRAME_OPTIONS"], "DENY")
