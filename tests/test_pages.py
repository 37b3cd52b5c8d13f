"""The house: home, style guide, security headers, production settings."""
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from sapat.test import SapatTestCase

ROOT = Path(__file__).resolve().parents[1]


class HousePageTests(SapatTestCase):
    def test_home_requires_login(self):
        r = self.client.get(reverse("home"))
        self.assertRedirects(r, f"{reverse('login')}?next=/")

    def test_home_lists_the_persons_roles(self):
        self.login(self.director)
        r = self.client.get(reverse("home"))
        self.assertContains(r, 'data-testid="roles"')
        self.assertContains(r, "Институт А")

    def test_navigation_shows_each_role_what_it_may_use(self):
        self.login(self.qms)
        self.assertContains(self.client.get(reverse("home")), reverse("org:units"))
        self.login(self.staff)
        self.assertNotContains(self.client.get(reverse("home")), reverse("org:units"))

    def test_style_guide_shows_every_element(self):
        self.login(self.staff)
        r = self.client.get(reverse("styleguide"))
        for css_class in ("btn-primary", "badge-bad", "band-high", "table", "msg-error",
                          "field", "props"):
            self.assertContains(r, css_class)

    def test_pages_forbid_inline_script(self):
        r = self.client.get(reverse("login"))
        csp = r.headers["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp.split("script-src")[1].split(";")[0])
        self.assertNotIn("<script>", r.content.decode())

    def test_assets_are_served_locally(self):
        self.login(self.staff)
        html = self.client.get(reverse("home")).content.decode()
        self.assertNotIn("https://", html.split("<body")[0])

    def test_login_and_forms_carry_csrf_tokens(self):
        self.assertContains(self.client.get(reverse("login")), "csrfmiddlewaretoken")

    def test_passwords_are_hashed_with_argon2(self):
        self.assertTrue(self.head.password.startswith("argon2"))

    def test_django_admin_is_for_superusers_only(self):
        self.qms.is_staff = True
        self.qms.save()
        self.login(self.qms)
        r = self.client.get("/admin/")
        self.assertEqual(r.status_code, 302)


class ProductionSettingsTests(SapatTestCase):
    def test_check_deploy_is_clean_under_production_settings(self):
        env = dict(os.environ, DJANGO_ENV="production",
                   SECRET_KEY="x" * 20 + "-a-long-random-production-secret-value-1234567890",
                   ALLOWED_HOSTS="sapat.example.kg")
        env.pop("DATABASE_URL", None)
        # The browser tests' fixture allows async-unsafe calls in this process; a deployment
        # never sets it, and `check --deploy` rightly refuses it.
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_production_refuses_to_start_without_a_secret(self):
        env = dict(os.environ, DJANGO_ENV="production")
        env.pop("SECRET_KEY", None)
        result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)


class StaticFilesTests(SapatTestCase):
    def test_the_stylesheet_and_scripts_are_served(self):
        for path in ("/static/sapat/css/sapat.css", "/static/sapat/js/htmx.min.js",
                     "/static/sapat/js/sapat.js"):
            r = self.client.get(path)
            self.assertEqual(r.status_code, 200, path)
