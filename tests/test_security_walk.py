"""Walk every URL pattern of the project as an anonymous visitor and as a signed-in person
with no role: nobody gets in without signing in, and nobody without scope sees a unit's
records — on the screens and in the API alike."""
import re

from django.core.cache import cache
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver

from sapat.demo.loader import load_demo
from sapat.org.models import Person

# Pages anyone may open without signing in.
PUBLIC = {"login", "set_language", "javascript-catalog", "health", "api-schema", "api-docs",
          "api-redoc", "logout",
          # Signing in without a password yet: reset, invitations, the university's sign-in.
          "password_reset", "password_reset_done", "password_reset_confirm",
          "password_reset_complete", "unknown", "oidc_start", "oidc_callback", "invitation",
          "invitation_accept"}
# Pages every signed-in person may open; they must not show any unit's records to an
# outsider (checked below against the demo's risk titles).
SIGNED_IN = {"home", "styleguide", "glossary", "password_change", "password_change_done",
             "profile", "my_measures", "policy", "map", "kpis", "objectives", "passport_home",
             "register", "consolidated", "heatmap", "integrated", "score_preview", "kpi",
             "card", "kpi_chart", "kpi_template", "import", "acknowledgements",
             # A person's own downloads: only the jobs they started.
             "mine",
             # What waits for the bodies the person speaks for: empty for anyone else.
             "waiting",
             # The person's own inbox and its count (on the screens and in the API).
             "list", "count", "api-inbox",
             # Search results: what the person may read (sapat/search/tests).
             "results",
             # The responsible pickers' search: only people the person may assign, and
             # positions (sapat/risks/tests/test_picker_search.py).
             "people_search", "position_search"}
# Reference data every signed-in person may read: periods, groups, categories, the scale.
REFERENCE = {"period-detail", "process-group-detail", "risk-category-detail", "scale-detail"}
SKIP_PREFIXES = ("admin/", "^media/")

VALUES = {"pk": "1", "code": "dep-it", "model": "org.unit", "table": "register", "fmt": "xlsx"}


def routes(patterns=None, prefix="", namespace=None):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name, namespace


def concrete(route: str) -> str | None:
    """A real path for a route pattern, or None for format-suffix duplicates."""
    if "(?P<format>" in route or route.startswith(SKIP_PREFIXES):
        return None
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: VALUES.get(m.group(1), "1"), route)
    # A UUID route (a job's) needs a UUID to resolve at all; any will do.
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000001", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: VALUES.get(m.group(1), "1"), path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


class SecurityWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)
        cls.outsider = Person.objects.create_user("outsider", password="x-long-password-1")
        from sapat.risks.models import Risk

        cls.secrets = [r.title for r in Risk.objects.all()]
        assert cls.secrets, "the demo should hold risks"

    def walk(self):
        for route, name, _ns in routes():
            path = concrete(route)
            if path is not None:
                yield path, name

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        for path, name in self.walk():
            if name in PUBLIC:
                continue
            for method in ("get", "post"):
                with self.subTest(path=path, method=method):
                    cache.clear()  # the API's rate limits would answer 429 before 401
                    r = getattr(self.client, method)(path)
                    self.assertIn(r.status_code, (302, 401, 403, 405), r.status_code)
                    if r.status_code == 302:
                        self.assertIn("/login/", r["Location"])

    def test_people_without_a_role_see_no_units_records(self):
        self.client.force_login(self.outsider)
        for path, name in self.walk():
            if name in PUBLIC:
                continue
            with self.subTest(path=path):
                cache.clear()
                r = self.client.get(path)
                self.assertIn(r.status_code, (200, 302, 403, 404, 405), r.status_code)
                # API lists answer an outsider with an empty page; the check of their
                # content below is what matters.
                open_to_all = (name in SIGNED_IN or name in REFERENCE
                               or (name or "").endswith("-list"))
                if r.status_code == 200 and not open_to_all:
                    self.fail(f"{path} ({name}) is open to a person with no role")
                if r.status_code == 200 and not getattr(r, "streaming", False):
                    body = r.content.decode("utf-8", "replace")
                    for title in self.secrets:
                        self.assertNotIn(title, body, f"{path} shows a risk to an outsider")
