"""A database that hangs — it takes the connection and never answers, or a statement never
ends — answers 503 like one that refuses, within seconds, instead of freezing the worker
until gunicorn kills it (issue 11). PostgreSQL only: the limits are libpq's and the
server's."""

import socket
import threading
import time
import unittest

from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import SimpleTestCase, TransactionTestCase
from django.urls import reverse

from sapat import deployment
from sapat.api.tokens import token_create
from sapat.lib import db_silence
from sapat.lib.unavailable import is_unavailable
from sapat.org.models import Person, Role, RoleAssignment, Unit
from sapat.risks.models import Risk

from .faults import DatabaseProxy, GunicornServer, database_url, free_port

ON_POSTGRES = connection.vendor == "postgresql"


class BlackHole:
    """Accepts TCP connections on 127.0.0.1 and never says a word: a hung server."""

    def __init__(self):
        self.port = free_port()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(64)
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.sock.accept()
            except OSError:
                return
            self.held.append(client)

    def close(self):
        self.sock.close()
        for client in self.held:
            client.close()


class TimeoutSettingsTests(SimpleTestCase):
    def test_the_options_bound_connecting_silence_and_statements(self):
        options = deployment.postgres_timeouts({"SAPAT_DB_STATEMENT_TIMEOUT": "25"})
        self.assertEqual(options["connect_timeout"], 5)
        self.assertEqual(options["keepalives"], 1)
        self.assertLessEqual(
            options["keepalives_idle"]
            + options["keepalives_interval"] * options["keepalives_count"],
            15,
        )
        self.assertEqual(options["options"], "-c statement_timeout=25000")
        self.assertNotIn("options", deployment.postgres_timeouts({}))

    def test_the_web_server_sets_a_statement_timeout_below_gunicorns(self):
        source = (deployment.__file__.rsplit("/", 1)[0]) + "/wsgi.py"
        with open(source, encoding="utf-8") as f:
            self.assertIn('"SAPAT_DB_STATEMENT_TIMEOUT", "20"', f.read())

    def test_the_wait_for_an_answer_outlasts_the_statement_timeout(self):
        # 20 s statement + 2 s of silence + 5 s to fail reconnecting < gunicorn's 30 s.
        self.assertEqual(db_silence.answer_timeout({"SAPAT_DB_STATEMENT_TIMEOUT": "20"}), 22)
        self.assertEqual(db_silence.answer_timeout({"SAPAT_DB_ANSWER_TIMEOUT": "7"}), 7)
        self.assertIsNone(db_silence.answer_timeout({}))  # backups, the job worker


@unittest.skipUnless(ON_POSTGRES, "needs PostgreSQL")
class HungDatabaseTests(SimpleTestCase):
    databases = {"default"}

    def test_a_statement_that_never_ends_is_cancelled_and_counts_as_unavailable(self):
        settings = {
            **connection.settings_dict,
            "OPTIONS": deployment.postgres_timeouts({"SAPAT_DB_STATEMENT_TIMEOUT": "0.5"}),
        }
        wrapper = DatabaseWrapper(settings, alias="hung")
        self.addCleanup(wrapper.close)
        started = time.monotonic()
        with self.assertRaises(Exception) as caught, wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        self.assertLess(time.monotonic() - started, 3)
        self.assertTrue(is_unavailable(caught.exception), repr(caught.exception))

    def test_a_server_that_never_answers_gives_503_within_seconds(self):
        hole = BlackHole()
        self.addCleanup(hole.close)
        url = database_url(connection.settings_dict, host="127.0.0.1", port=hole.port)
        env = {"SAPAT_DB_CONNECT_TIMEOUT": "2"}
        with GunicornServer(url, threads=2, extra_env=env) as server:
            # The API's token is looked up in the database.
            token = {"Authorization": "Token 0123456789abcdef0123456789abcdef"}
            for path in ("/health/", "/api/v1/risks/"):
                started = time.monotonic()
                status, headers, _body = server.request("GET", path, headers=token, timeout=20)
                self.assertEqual(status, 503, path)
                self.assertEqual(headers["Retry-After"], "60")
                self.assertLess(time.monotonic() - started, 8, path)


@unittest.skipUnless(ON_POSTGRES, "needs PostgreSQL")
class QueryHangsThroughTheServerTests(TransactionTestCase):
    """gunicorn on PostgreSQL; another session holds the risks table locked, so a page's
    query waits without end (as it would on a database that stopped answering mid-query).
    The statement timeout cancels it: the page and the API answer the "database away" 503
    in seconds, /health/ stays quick, the worker lives, and all is well once it is free."""

    def setUp(self):
        from sapat.risks import defaults
        from sapat.risks.models import RiskBand, RiskCategory, RiskScale, ScaleLevel

        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)
        university = Unit.objects.create(code="jasu", kind=Unit.Kind.UNIVERSITY, name="ЖАМУ")
        dep = Unit.objects.create(code="dep-a1", kind=Unit.Kind.DEPARTMENT, parent=university,
                                  name="Кафедра А1")
        head = Person.objects.create_user("head", password="password-for-tests",
                                          full_name="Head", unit=dep)
        RoleAssignment.objects.create(person=head, role=Role.HEAD, unit=dep)
        self.risk = Risk.objects.create(unit=dep, title="Тобокелдик", likelihood=3,
                                        consequences=3)
        self.client.force_login(head)
        _token, key = token_create(person=head, name="hangs")
        self.browser = {"Cookie": f"sessionid={self.client.cookies['sessionid'].value}; "
                                  "sapat_language=ru"}
        self.api = {"Authorization": f"Token {key}", "Accept-Language": "ru"}

    def hold_the_risks_table(self):
        import psycopg

        s = connection.settings_dict
        holder = psycopg.connect(host=s.get("HOST") or "127.0.0.1", port=s.get("PORT") or 5432,
                                 user=s.get("USER") or None, password=s.get("PASSWORD") or None,
                                 dbname=s["NAME"])
        holder.execute("LOCK TABLE risks_risk IN ACCESS EXCLUSIVE MODE")  # in a transaction
        return holder

    def test_a_query_that_never_ends_answers_503_and_the_worker_lives(self):
        page = reverse("risks:passport", args=["dep-a1"])
        api = f"/api/v1/risks/{self.risk.pk}/"
        env = {"SAPAT_DB_STATEMENT_TIMEOUT": "1"}
        with GunicornServer(database_url(connection.settings_dict), threads=2,
                            extra_env=env) as server:
            self.assertEqual(server.request("GET", page, headers=self.browser)[0], 200)
            workers = server.worker_pids()
            holder = self.hold_the_risks_table()
            try:
                for path, headers in ((page, self.browser), (api, self.api)):
                    started = time.monotonic()
                    status, answer_headers, body = server.request("GET", path, headers=headers,
                                                                  timeout=20)
                    self.assertEqual(status, 503, body[:300])
                    self.assertEqual(answer_headers["Retry-After"], "60")
                    self.assertLess(time.monotonic() - started, 5, path)
                started = time.monotonic()
                self.assertEqual(server.request("GET", "/health/", timeout=5)[0], 200)
                self.assertLess(time.monotonic() - started, 1)
            finally:
                holder.close()  # the lock goes with the session
            self.assertEqual(server.request("GET", page, headers=self.browser)[0], 200)
            self.assertEqual(server.request("GET", api, headers=self.api)[0], 200)
            self.assertEqual(server.worker_pids(), workers)

    def test_a_database_gone_silent_mid_conversation_answers_503_within_seconds(self):
        """A TCP proxy in front of PostgreSQL stops forwarding without closing anything
        (its kernel still acknowledges, so keepalives and tcp_user_timeout see nothing
        wrong): the kept connection's next query never gets an answer, a new connection
        is never answered either. The page, the API and /health/ answer 503 within
        seconds; once the proxy forwards again they answer 200 on the same worker."""
        s = connection.settings_dict
        proxy = DatabaseProxy(s.get("HOST") or "127.0.0.1", int(s.get("PORT") or 5432))
        proxy.start()
        self.addCleanup(proxy.stop)
        page = reverse("risks:passport", args=["dep-a1"])
        api = f"/api/v1/risks/{self.risk.pk}/"
        env = {"SAPAT_DB_STATEMENT_TIMEOUT": "1", "SAPAT_DB_CONNECT_TIMEOUT": "2"}
        url = database_url(s, host="127.0.0.1", port=proxy.port)
        # One thread: the request after the freeze uses the connection kept from before.
        with GunicornServer(url, threads=1, extra_env=env) as server:
            self.assertEqual(server.request("GET", page, headers=self.browser)[0], 200)
            self.assertEqual(server.request("GET", "/health/")[0], 200)
            workers = server.worker_pids()
            proxy.freeze()
            # The page: 1 s statement + 2 s of silence, then nothing more is tried in that
            # request (no second connect timeout for the session save). The API and
            # /health/: one connect timeout (2 s), the connection having been dropped.
            for path, headers, within in ((page, self.browser, 5), (api, self.api, 5),
                                          ("/health/", {}, 4)):
                started = time.monotonic()
                status, answer_headers, body = server.request("GET", path, headers=headers,
                                                              timeout=40)
                took = time.monotonic() - started
                self.assertEqual(status, 503, (path, body[:300]))
                self.assertEqual(answer_headers["Retry-After"], "60")
                self.assertLess(took, within, path)
            proxy.thaw()
            self.assertEqual(server.request("GET", "/health/", timeout=10)[0], 200)
            self.assertEqual(server.request("GET", page, headers=self.browser)[0], 200)
            self.assertEqual(server.request("GET", api, headers=self.api)[0], 200)
            self.assertEqual(server.worker_pids(), workers)
