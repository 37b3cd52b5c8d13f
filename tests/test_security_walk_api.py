"""The security walk, API edition: every endpoint and every method of /api/v1/, as an
anonymous client (401, always) and with the token of a person who holds no role (403, 404
or an empty list — never a record of any unit). And guessing tokens is rate-limited like
guessing passwords.
"""
import re

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import resolve
from rest_framework.test import APIClient

from sapat.api.models import ApiToken
from sapat.api.tokens import token_create
from sapat.demo.loader import load_demo
from sapat.org.models import Person

from .test_security_walk import routes

PUBLIC = {"api-schema", "api-docs", "api-redoc"}
# Reference data every signed-in person reads: periods, groups, categories, the scale.
REFERENCE = {"period", "process-group", "risk-category", "scale", "iso-clause"}
# The caller's own list, whatever their roles: what waits for them (empty here).
PERSONAL = {"api-inbox"}
METHODS = ("get", "post", "put", "patch", "delete")


def api_routes():
    """(route name, path pattern) of every API endpoint, format-suffix twins left out."""
    for route, name, _ns in routes():
        if route.startswith("api/v1/") and name not in PUBLIC and "(?P<format>" not in route:
            # Each named group (before the anchors go: a group may hold "[^/]").
            path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
            yield name, "/" + path.replace("^", "").replace("$", "")


def model_of(path: str):
    view = resolve(re.sub(r"<\w+>", "1", path)).func.cls
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    return view.serializer_class.Meta.model


class ApiWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(with_people=True)
        cls.outsider = Person.objects.create_user("outsider", password="x-long-password-1",
                                                  full_name="Outsider")
        _token, cls.key = token_create(person=cls.outsider, name="walk")
        # Someone else's token, which the outsider must not see or revoke.
        cls.others_token, _key = token_create(person=Person.objects.get(username="head"),
                                              name="head's script")
        from sapat.jobs.models import Job
        from sapat.risks.models import Risk

        # Someone else's export, which the outsider must neither follow nor download.
        Job.objects.create(kind="export", owner=Person.objects.get(username="head"),
                           title="head's export", params={"table": "register", "fmt": "pdf"})
        cls.secrets = [r.title for r in Risk.objects.all()]
        cls.names = [p.full_name for p in Person.objects.exclude(pk=cls.outsider.pk)
                     if p.full_name]

    def setUp(self):
        cache.clear()

    def paths(self):
        for name, pattern in api_routes():
            if "<pk>" in pattern:
                model = model_of(pattern)
                pk = (self.others_token.pk if model is ApiToken
                      else model._base_manager.order_by("pk").values_list("pk", flat=True)[0])
                yield name, pattern.replace("<pk>", str(pk))
            elif field := re.search(r"<(\w+)>", pattern):  # another lookup, e.g. a clause's code
                model = model_of(pattern)
                value = model._base_manager.order_by("pk").values_list(field[1], flat=True)[0]
                yield name, pattern.replace(field[0], str(value))
            else:
                yield name, pattern

    def test_every_endpoint_is_walked(self):
        names = {name for name, _path in self.paths()}
        self.assertGreaterEqual(len(names), 30)
        for expected in ("risk-list", "risk-detail", "measure-complete", "token-detail",
                         "integrated-list", "measurement-bulk", "job-detail", "job-download",
                         "api-export", "api-search", "document-list", "document-version-upload",
                         "document-version-acknowledge", "document-file-download",
                         "meeting-list", "meeting-agenda", "meeting-attendance",
                         "decision-list", "decision-complete", "decision-set-status",
                         "approval-list", "approval-submit", "approval-approve",
                         "approval-return", "body-list", "api-inbox",
                         "management-review-list", "management-review-hold",
                         "management-review-outputs", "annual-qms-report-list",
                         "annual-qms-report-detail"):
            self.assertIn(expected, names)

    def test_anonymous_clients_get_401_from_every_endpoint_and_method(self):
        for name, path in self.paths():
            for method in METHODS:
                with self.subTest(path=path, method=method):
                    cache.clear()  # the anonymous rate would answer 429 first
                    response = getattr(APIClient(), method)(path, {}, format="json")
                    self.assertEqual(response.status_code, 401, name)
                    self.assertIn("Token", response["WWW-Authenticate"])

    def test_a_token_without_a_role_reads_no_units_records(self):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {self.key}")
        for name, path in self.paths():
            with self.subTest(path=path):
                cache.clear()
                response = client.get(path)
                self.assertNotEqual(response.status_code // 100, 5)
                resource, kind = name.rsplit("-", 1)
                if resource in REFERENCE:
                    self.assertIn(response.status_code, (200, 405))
                elif name in PERSONAL:
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response.json()["count"], 0)
                elif kind == "list":
                    self.assertEqual(response.status_code, 200)
                    ids = {r["id"] for r in response.json()["results"]}
                    if resource == "person":  # themselves only
                        self.assertEqual(ids, {self.outsider.pk})
                    elif resource == "token":  # their own tokens only
                        self.assertEqual(ids, set(self.outsider.api_tokens.values_list(
                            "pk", flat=True)))
                    else:
                        self.assertEqual(ids, set(), path)
                else:
                    self.assertIn(response.status_code, (403, 404, 405), path)
                body = response.content.decode()
                for secret in self.secrets + self.names:
                    self.assertNotIn(secret, body, f"{path} shows another unit's record")

    def test_a_token_without_a_role_changes_nothing(self):
        counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()
                  if m._meta.app_config.name.startswith("sapat.")}
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {self.key}")
        for name, path in self.paths():
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(path=path, method=method):
                    cache.clear()
                    response = getattr(client, method)(path, {"name": "x", "title": "x"},
                                                       format="json")
                    if name == "token-list" and method == "post":
                        # Anyone signed in may make a token for themselves.
                        self.assertEqual(response.status_code, 201)
                        ApiToken.objects.filter(pk=response.json()["id"]).delete()
                        continue
                    self.assertIn(response.status_code, (403, 404, 405), name)
        self.others_token.refresh_from_db()
        self.assertIsNone(self.others_token.revoked_at)
        after = {m._meta.label: m._base_manager.count() for m in apps.get_models()
                 if m._meta.app_config.name.startswith("sapat.")}
        self.assertEqual(after, counts)


def rates(**changes):
    return override_settings(REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                   **changes},
    })


class TokenGuessingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = Person.objects.create_user("reader", password="x-long-password-1")
        _token, cls.key = token_create(person=cls.person, name="script")

    def setUp(self):
        cache.clear()

    def call(self, key, address="10.0.0.1"):
        client = APIClient(REMOTE_ADDR=address)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client.get("/api/v1/periods/")

    @rates(login="3/min")
    def test_wrong_keys_from_one_address_are_throttled(self):
        codes = [self.call(f"sapat_wrong{i}").status_code for i in range(4)]
        self.assertEqual(codes, [401, 401, 401, 429])
        # Malformed headers count too.
        client = APIClient(REMOTE_ADDR="10.0.0.2")
        client.credentials(HTTP_AUTHORIZATION="Token a b")
        codes = [client.get("/api/v1/periods/").status_code for _i in range(4)]
        self.assertEqual(codes, [401, 401, 401, 429])

    @rates(login="3/min")
    def test_other_addresses_and_sign_in_forms_are_not_blocked_by_them(self):
        for i in range(4):
            self.call(f"sapat_wrong{i}")
        self.assertEqual(self.call(self.key, address="10.0.0.9").status_code, 200)
        response = self.client.post("/login/", {"username": "reader",
                                                "password": "x-long-password-1"},
                                    REMOTE_ADDR="10.0.0.1")
        self.assertEqual(response.status_code, 302)

    @rates(login="3/min")
    def test_good_keys_do_not_count(self):
        codes = [self.call(self.key).status_code for _i in range(6)]
        self.assertEqual(codes, [200] * 6)
