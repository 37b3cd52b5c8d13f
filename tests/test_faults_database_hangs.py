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
from django.test import SimpleTestCase

from sapat import deployment
from sapat.lib.unavailable import is_unavailable

from .faults import GunicornServer, database_url, free_port

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
            self.assertIn('"SAPAT_DB_STATEMENT_TIMEOUT", "25"', f.read())


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
