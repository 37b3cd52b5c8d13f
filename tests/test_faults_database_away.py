"""A database that goes away gives a clear 503 answer in the person's language, and the
server recovers by itself when the database returns.

The first tests make every query fail inside the test client (any database). The last one
is the real thing on PostgreSQL: gunicorn talks to the database through a TCP proxy; the
proxy is stopped (open connections cut, new ones refused) and started again.
"""
import json
import shutil
import tempfile
import unittest
from pathlib import Path

from django.db import OperationalError, connection
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sapat.api.tokens import token_create
from sapat.org.models import Person, Role, RoleAssignment, Unit
from sapat.risks.models import Risk
from sapat.test import SapatTestCase

from .faults import DatabaseProxy, GunicornServer, database_url

HEADING = "The database is not reachable"
API_DETAIL = "The database cannot be reached just now; try again in a minute."


def translated(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


def database_away(execute, sql, params, many, context):
    """An execute_wrapper: every query fails as with a server that is gone."""
    raise OperationalError("server closed the connection unexpectedly")


def session_writes_fail(execute, sql, params, many, context):
    """An execute_wrapper: the database goes away just as the session is saved."""
    if sql.lstrip().upper().startswith(("INSERT", "UPDATE")) and "django_session" in sql:
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


class DatabaseAwayAnswerTests(SapatTestCase):
    def test_a_page_answers_503_in_the_persons_language(self):
        self.login(self.head)
        self.client.cookies["sapat_language"] = "ru"
        with connection.execute_wrapper(database_away):
            response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertContains(response, '<html lang="ru">', status_code=503)
        self.assertContains(response, translated(HEADING, "ru"), status_code=503)
        self.assertContains(response, 'data-testid="database-unavailable"', status_code=503)
        self.assertIn("text/html", response["Content-Type"])

    def test_a_kyrgyz_reader_gets_it_in_kyrgyz(self):
        self.login(self.head)
        with connection.execute_wrapper(database_away):
            response = self.client.get(reverse("risks:passport", args=["dep-a1"]))
        self.assertContains(response, '<html lang="ky">', status_code=503)
        self.assertContains(response, translated(HEADING, "ky"), status_code=503)

    def test_the_api_answers_json(self):
        self.login(self.head)
        with connection.execute_wrapper(database_away):
            response = self.client.get("/api/v1/risks/", HTTP_ACCEPT_LANGUAGE="ru")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "60")
        self.assertEqual(response.json(), {"detail": translated(API_DETAIL, "ru"),
                                           "code": "unavailable"})

    def test_the_health_check_answers_json_503(self):
        with connection.execute_wrapper(database_away):
            response = self.client.get(reverse("health"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["code"], "unavailable")

    def test_a_database_lost_while_the_session_is_saved_gets_the_503_page_too(self):
        # The KPI import keeps the checked rows in the session, which a middleware saves
        # after the view: the error comes from outside the view, and Django reports it as
        # an interrupted session (400) unless told otherwise.
        from sapat.processes.tests.factories import make_indicator, make_process, make_years
        from sapat.processes.tests.test_kpi_import import xlsx

        make_indicator(make_process(self.university), self.university, code="outcomes")
        make_years(2023, 1)
        self.login(self.head)
        self.client.raise_request_exception = False
        with connection.execute_wrapper(session_writes_fail):
            response = self.client.post(reverse("processes:kpi_import"), {
                "file": xlsx([["outcomes", 2023, None, "dep-a1", 71, ""]])})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, translated(HEADING, "ky"), status_code=503)

    def test_only_a_database_away_or_busy_counts_as_unavailable(self):
        from django.db import IntegrityError

        from sapat.lib.unavailable import is_unavailable

        self.assertFalse(is_unavailable(IntegrityError("duplicate key")))
        self.assertTrue(is_unavailable(OperationalError("database is locked")))
        try:
            try:
                raise OperationalError("server closed the connection unexpectedly")
            except OperationalError as exc:
                raise ValueError("raised while handling it") from exc
        except ValueError as exc:
            self.assertTrue(is_unavailable(exc))


@unittest.skipUnless(connection.vendor == "postgresql",
                     "needs PostgreSQL: the proxy stands between gunicorn and the server "
                     "(run with DATABASE_URL=postgres://…; CI does)")
class DatabaseGoesAwayOnPostgresTests(TransactionTestCase):
    """gunicorn → proxy → PostgreSQL: stop the proxy, request, start it, request."""

    # No serialized_rollback: restoring it after another transactional test flushed the
    # database collides with the content types the flush put back (CI on PostgreSQL).
    # What the migrations install (scale, categories) is put back here, as SapatTestCase does.

    def setUp(self):
        from sapat.risks import defaults
        from sapat.risks.models import RiskBand, RiskCategory, RiskScale, ScaleLevel

        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)
        university = Unit.objects.create(code="jasu", kind=Unit.Kind.UNIVERSITY, name="ЖАМУ")
        self.dep = Unit.objects.create(code="dep-a1", kind=Unit.Kind.DEPARTMENT,
                                       parent=university, name="Кафедра А1")
        head = Person.objects.create_user("head", password="password-for-tests",
                                          full_name="Head", unit=self.dep)
        RoleAssignment.objects.create(person=head, role=Role.HEAD, unit=self.dep)
        self.risk = Risk.objects.create(unit=self.dep, title="Тобокелдик", likelihood=3,
                                        consequences=3)
        self.client.force_login(head)
        _token, key = token_create(person=head, name="faults")
        self.browser = {
            "Cookie": f"sessionid={self.client.cookies['sessionid'].value}; "
                      "sapat_language=ru",
        }
        self.api = {"Authorization": f"Token {key}", "Accept-Language": "ru"}
        settings_dict = connection.settings_dict
        self.proxy = DatabaseProxy(settings_dict.get("HOST") or "127.0.0.1",
                                   int(settings_dict.get("PORT") or 5432))
        self.proxy.start()
        self.addCleanup(self.proxy.stop)
        tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, tmp, True)
        self.log = tmp / "gunicorn.log"

    def get_page(self, server):
        return server.request("GET", reverse("risks:passport", args=["dep-a1"]),
                              headers=self.browser)

    def get_api(self, server):
        return server.request("GET", f"/api/v1/risks/{self.risk.pk}/", headers=self.api)

    def test_stop_request_start_request(self):
        url = database_url(connection.settings_dict, host="127.0.0.1", port=self.proxy.port)
        with GunicornServer(url, threads=2, log_path=self.log) as server:
            status, _headers, body = self.get_page(server)
            self.assertEqual(status, 200, server.log())
            self.assertIn("Тобокелдик", body.decode())
            self.assertEqual(self.get_api(server)[0], 200)
            workers = server.worker_pids()
            self.assertGreater(self.proxy.accepted, 0, "gunicorn should use the proxy")

            self.proxy.stop()  # the kept connections are cut; new ones are refused
            for _attempt in range(3):  # whichever thread answers, whatever it held
                status, headers, body = self.get_page(server)
                self.assertEqual(status, 503, body[:500])
                self.assertEqual(headers["Retry-After"], "60")
                page = body.decode()
                self.assertIn('<html lang="ru">', page)
                self.assertIn(translated(HEADING, "ru"), page)
                status, headers, body = self.get_api(server)
                self.assertEqual(status, 503, body[:500])
                self.assertEqual(json.loads(body), {"detail": translated(API_DETAIL, "ru"),
                                                    "code": "unavailable"})
            # An edit sent while the database is away is refused whole.
            status, _headers, body = server.request(
                "PATCH", f"/api/v1/risks/{self.risk.pk}/", headers=self.api,
                body={"version": self.risk.version, "cause": "жоголбошу керек"})
            self.assertEqual(status, 503, body[:500])
            self.assertEqual(server.worker_pids(), workers, "a worker died: " + server.log())

            self.proxy.start()
            status, _headers, body = self.get_page(server)
            self.assertEqual(status, 200, body[:500])
            self.assertEqual(self.get_api(server)[0], 200)
            self.assertEqual(server.worker_pids(), workers)
        self.risk.refresh_from_db()
        self.assertEqual(self.risk.cause, "")
