"""Each hostile file of issue 11, uploaded through the real import screen to gunicorn with
two workers: refused with a message, no worker over 300 MB (peak resident memory, read
from /proc), /health/ asked every 100 ms answers within 1 s throughout, no worker
replaced. `bench/hostile_uploads_bench.py` prints the same figures on the demo."""
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase
from django.urls import reverse

from sapat.org.models import Person, Role, RoleAssignment, Unit
from sapat.reports.tests.hostile import Watch, children, hostile_uploads

from .faults import Browser, GunicornServer, database_url


class HostileUploadsTests(TransactionTestCase):
    def setUp(self):
        university = Unit.objects.create(code="jasu", kind=Unit.Kind.UNIVERSITY, name="ЖАМУ")
        apd = Unit.objects.create(code="apd", kind=Unit.Kind.SERVICE, parent=university,
                                  name="Академиялык саясат бөлүмү")
        qms = Person.objects.create_user("qms", password="password-for-tests",
                                         full_name="QMS", unit=apd)
        RoleAssignment.objects.create(person=qms, role=Role.QMS, unit=apd)
        self.client.force_login(qms)
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def serve(self):
        if connection.vendor == "sqlite":  # the server reads a copy of the test database
            path = self.tmp / "hostile.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            url = f"sqlite:///{path}"
        else:
            url = database_url(connection.settings_dict)
        # Sync workers, as the README deploys: a busy worker takes no new connection, so
        # /health/ goes to the other one.
        return GunicornServer(url, workers=2, worker_class="sync",
                              log_path=self.tmp / "gunicorn.log",
                              extra_env={"SAPAT_DATA_DIR": str(self.tmp)})

    def test_every_hostile_file_is_refused_without_taking_a_worker_down(self):
        files = hostile_uploads()
        with self.serve() as server:
            browser = Browser(server, {"sessionid": self.client.cookies["sessionid"].value,
                                       "sapat_language": "en"})
            workers = server.worker_pids()
            self.assertEqual(len(workers), 2)
            url = reverse("reports:import")
            for label, name, content in files:
                with self.subTest(label):
                    status, page = browser.request("GET", url)
                    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                    with Watch(f"http://127.0.0.1:{server.port}", sorted(workers)) as watch:
                        status, page = browser.upload(
                            url, [("csrfmiddlewaretoken", csrf.group(1)), ("kind", "register"),
                                  ("unit", "")], ("file", name, content))
                    self.assertEqual(status, 200, server.log())
                    self.assertIn('data-testid="import-errors"', page)
                    self.assertLess(watch.worker_mb, 300)
                    self.assertLessEqual(watch.health_s, 1.0)
                    self.assertEqual(watch.health_failures, [])
                    self.assertGreaterEqual(len(watch.health), 5)
            self.assertEqual(set(children(server.process.pid)), workers)
