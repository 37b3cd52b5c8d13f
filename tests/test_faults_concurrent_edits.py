"""Twenty people edit the same risk at once: of each version exactly one save wins, the
others get the stale-record answer, and clients that reload and retry lose no change.

The project runs under gunicorn (two processes, ten threads each, every thread with its
own database connection) on the test database: PostgreSQL directly; SQLite as a file
copied from the in-memory test database and copied back afterwards, so that twenty
writers really meet SQLite's locking.
"""
import json
import shutil
import sqlite3
import tempfile
import threading
from collections import Counter
from pathlib import Path

from django.db import connection
from django.test import Client, TransactionTestCase
from django.urls import reverse

from sapat.api.tokens import token_create
from sapat.org.models import Person, Role, RoleAssignment, Unit
from sapat.risks.models import Risk

from .faults import Browser, GunicornServer, database_url, form_fields

CLIENTS = 20
STALE_MESSAGE = "Someone else saved this record after you opened it."


class Outcome:
    """What the clients saw, gathered from their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.first = {}          # client → status of its first save
        self.saved_from = []     # the version each successful save was based on
        self.statuses = Counter()
        self.unexpected = []

    def note(self, client, status, *, first):
        with self.lock:
            self.statuses[status] += 1
            if first:
                self.first[client] = status


class ConcurrentEditTests(TransactionTestCase):
    # No serialized_rollback: restoring it after another transactional test flushed the
    # database collides with the content types the flush put back (CI on PostgreSQL).
    # What the migrations install (scale, categories) is put back here, as SapatTestCase does.

    def setUp(self):
        from sapat.risks import defaults
        from sapat.risks.models import RiskBand, RiskCategory, RiskScale, ScaleLevel

        defaults.install(RiskScale, ScaleLevel, RiskBand, RiskCategory)
        university = Unit.objects.create(code="jasu", kind=Unit.Kind.UNIVERSITY, name="ЖАМУ")
        dep = Unit.objects.create(code="dep-a1", kind=Unit.Kind.DEPARTMENT,
                                  parent=university, name="Кафедра А1")
        self.head = Person.objects.create_user("head", password="password-for-tests",
                                               full_name="Head", unit=dep)
        RoleAssignment.objects.create(person=self.head, role=Role.HEAD, unit=dep)
        from sapat.processes.tests.factories import make_process
        from sapat.risks.models import RiskCategory

        self.risk = Risk.objects.create(unit=dep, title="Бир тобокелдик", likelihood=3,
                                        consequences=3, cause="Башында:",
                                        process=make_process(university),
                                        category=RiskCategory.objects.first())
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, True)

    # The server, on this test's database ------------------------------------------------

    def serve(self):
        settings_dict = connection.settings_dict
        if connection.vendor == "sqlite":
            path = self.tmp / "concurrent.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            url = f"sqlite:///{path}"
        else:
            url = database_url(settings_dict)
        return GunicornServer(url, workers=2, threads=10, log_path=self.tmp / "gunicorn.log")

    def bring_back(self):
        """On SQLite, what the server wrote comes back into the test's database."""
        if connection.vendor == "sqlite":
            source = sqlite3.connect(self.tmp / "concurrent.sqlite3")
            source.backup(connection.connection)
            source.close()

    def run_clients(self, client):
        barrier = threading.Barrier(CLIENTS, timeout=120)
        outcome = Outcome()
        threads = [threading.Thread(target=client, args=(i, barrier, outcome))
                   for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        self.assertFalse([t for t in threads if t.is_alive()], "a client hung")
        return outcome

    def assert_no_change_lost(self, outcome, start_version, history_before, words):
        self.assertEqual(outcome.unexpected, [], dict(outcome.statuses))
        self.assertNotIn(500, outcome.statuses)
        # Everyone loaded the same version; of those first saves exactly one won.
        self.assertEqual(len(outcome.first), CLIENTS)
        self.assertEqual(sorted(Counter(outcome.first.values()).values()), [1, CLIENTS - 1],
                         dict(outcome.statuses))
        # Every version was saved over exactly once.
        self.assertEqual(sorted(outcome.saved_from),
                         list(range(start_version, start_version + CLIENTS)))
        self.risk.refresh_from_db()
        self.assertEqual(self.risk.version, start_version + CLIENTS)
        found = self.risk.cause.split()
        self.assertEqual(Counter(w for w in found if w in words), Counter(words),
                         self.risk.cause)
        self.assertEqual(self.risk.history.count() - history_before, CLIENTS)

    # Through the API: PATCH with the version; 409 carries the current record --------------

    def test_twenty_api_clients_lose_no_update(self):
        _token, key = token_create(person=self.head, name="concurrency")
        headers = {"Authorization": f"Token {key}", "Accept-Language": "en"}
        url = f"/api/v1/risks/{self.risk.pk}/"
        words = [f"api{i:02d}" for i in range(CLIENTS)]
        start, history_before = self.risk.version, self.risk.history.count()

        with self.serve() as server:
            def client(i, barrier, outcome):
                status, _h, body = server.request("GET", url, headers=headers)
                current = json.loads(body)
                barrier.wait()
                for attempt in range(10 * CLIENTS):
                    status, _h, body = server.request("PATCH", url, headers=headers, body={
                        "version": current["version"],
                        "cause": f"{current['cause']} {words[i]}",
                    })
                    outcome.note(i, status, first=attempt == 0)
                    if status == 200:
                        with outcome.lock:
                            outcome.saved_from.append(current["version"])
                        return
                    if status == 409:
                        current = json.loads(body)["current"]
                        continue
                    with outcome.lock:
                        outcome.unexpected.append((status, body[:300]))
                    return

            outcome = self.run_clients(client)
        self.bring_back()
        self.assert_no_change_lost(outcome, start, history_before, words)
        self.assertEqual(outcome.statuses[409], sum(outcome.statuses.values()) - CLIENTS)

    # Through the risk form: a conflict shows the other person's change ---------------------

    def test_twenty_people_in_the_risk_form_lose_no_update(self):
        cookies = []
        for _i in range(CLIENTS):
            client = Client()
            client.force_login(self.head)
            cookies.append({"sessionid": client.cookies["sessionid"].value,
                            "sapat_language": "en"})
        path = reverse("risks:risk_edit", args=[self.risk.pk])
        words = [f"form{i:02d}" for i in range(CLIENTS)]
        start, history_before = self.risk.version, self.risk.history.count()

        with self.serve() as server:
            def client(i, barrier, outcome):
                browser = Browser(server, cookies[i])
                status, page = browser.request("GET", path)
                barrier.wait()
                for attempt in range(10 * CLIENTS):
                    fields = form_fields(page, "risk-form")
                    values = dict(fields)
                    sent = int(values["version"])
                    data = [(k, f"{v} {words[i]}" if k == "cause" else v) for k, v in fields]
                    status, page = browser.request("POST", path, data)
                    outcome.note(i, status, first=attempt == 0)
                    if status == 302:
                        with outcome.lock:
                            outcome.saved_from.append(sent)
                        return
                    if status == 200 and STALE_MESSAGE in page:
                        # The person reads the other change, reloads, and adds theirs again.
                        status, page = browser.request("GET", path)
                        continue
                    with outcome.lock:
                        outcome.unexpected.append((status, page[:300]))
                    return

            outcome = self.run_clients(client)
        self.bring_back()
        self.assert_no_change_lost(outcome, start, history_before, words)
