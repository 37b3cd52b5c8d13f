"""The reporting deadline (locust): 100 people at once, 3–10 s between two clicks.

    bench/load/run.py --mix deadline --users 100 --wait 3,10 --duration 300s

- 70 department heads, each on their own department: the home page, the passport, a KPI
  page, then a measure's result and a KPI value corrected through the API (each a read
  of the record for its version, then a PATCH with it);
- 4 people of the QMS office: the consolidated register (page 1, filtered), then an
  export of a register as a background job — the download view answers with the job's
  page, they follow its progress (htmx polls it every second) and download the file;
- 14 leaders (rector, director) on the dashboards, the integrated table, the heat map;
- 12 employees on their home page and their measures.

Every answer but the expected one is a failure (a 409 too: each head writes only their
own records, so a conflict would be ours). Targets come from `targets.py --deadline`.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGETS = json.loads(Path(os.environ["SAPAT_LOAD_TARGETS"]).read_text(encoding="utf-8"))
CAST = TARGETS["deadline"]
WAIT = tuple(float(s) for s in os.environ.get("SAPAT_LOAD_WAIT", "3,10").split(","))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JOB = re.compile(r"/jobs/([0-9a-f-]{36})/")
STATE = re.compile(r'data-state="(\w+)"')
EXPORTS = ["consolidated.xlsx", "consolidated.pdf", "register.docx", "integrated.xlsx",
           "consolidated.xlsx?band=high"]
_signed_in = itertools.count(1)
_heads = itertools.count()
_qms = itertools.count()
_leaders = itertools.count()


class Signed(HttpUser):
    abstract = True
    wait_time = between(*WAIT)

    def sign_in(self, login: str) -> None:
        self.login = login
        form = self.client.get("/login/", name="login form")
        token = CSRF_INPUT.search(form.text)
        with self.client.post("/login/", name="login", data={
            "username": login, "password": TARGETS["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        }, headers={"Referer": self.host + "/login/"}, allow_redirects=False,
                catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"{login} could not sign in: HTTP {response.status_code}")
        # A hundred sign-ins at once (Argon2, slow on purpose) are the morning, not the
        # deadline: the statistics start once everyone is signed in.
        runner = self.environment.runner
        if next(_signed_in) == runner.target_user_count:
            runner.stats.reset_all()

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200 or b"</html>" not in response.content:
                response.failure(f"HTTP {response.status_code}: {url} as {self.login}")


class Head(Signed):
    fixed_count = 70

    def on_start(self) -> None:
        heads = CAST["heads"]
        self.me = heads[next(_heads) % len(heads)]
        self.rng = random.Random(self.me["login"])
        self.sign_in(self.me["login"])
        self.api = {"Authorization": f"Token {self.me['token']}"}
        self.kpis = TARGETS["logins"]["bench-head"]["kpis"]

    @task(3)
    def home(self) -> None:
        self.page("/", "home (a head)")

    @task(3)
    def passport(self) -> None:
        self.page(f"/risks/passport/{self.me['unit']}/", "risk passport (own)")

    @task(2)
    def kpi(self) -> None:
        self.page(f"/processes/kpis/{self.rng.choice(self.kpis)}/", "KPI page")

    def _patch(self, kind: str, pk: int, change: dict, name: str) -> None:
        url = f"/api/v1/{kind}/{pk}/"
        with self.client.get(url, name=f"{name}: read", headers=self.api,
                             catch_response=True) as read:
            if read.status_code != 200:
                read.failure(f"HTTP {read.status_code}: {url}")
                return
            version = read.json()["version"]
        with self.client.patch(url, name=f"{name}: save", headers=self.api,
                               json={"version": version, **change},
                               catch_response=True) as saved:
            if saved.status_code != 200:
                saved.failure(f"HTTP {saved.status_code}: {url}: {saved.text[:200]}")

    @task(2)
    def measure_result(self) -> None:
        if self.me["measures"]:
            self._patch("measures", self.rng.choice(self.me["measures"]), {
                "result": f"Аткарылды: {time.strftime('%H:%M:%S')}"}, "measure result")

    @task(2)
    def kpi_value(self) -> None:
        if self.me["values"]:
            self._patch("measurements", self.rng.choice(self.me["values"]), {
                "value": f"{self.rng.uniform(40, 99):.1f}"}, "KPI value")


class QmsOffice(Signed):
    fixed_count = 4

    def on_start(self) -> None:
        self.sign_in(CAST["qms"][next(_qms) % len(CAST["qms"])])
        self.rng = random.Random(self.login)
        self.filters = TARGETS["logins"]["bench-qms"]["filters"]

    @task(3)
    def consolidated(self) -> None:
        self.page("/risks/consolidated/", "consolidated register, page 1")

    @task(2)
    def filtered(self) -> None:
        self.page(f"/risks/consolidated/?{self.rng.choice(self.filters)}",
                  "consolidated register, filtered")

    @task(1)
    def export(self) -> None:
        """Start an export (a background job), follow its progress, download the file."""
        what = self.rng.choice(EXPORTS)
        with self.client.get(f"/reports/export/{what}", name="export: start",
                             allow_redirects=False, catch_response=True) as started:
            match = JOB.search(started.headers.get("Location", ""))
            if started.status_code != 302 or not match:
                started.failure(f"HTTP {started.status_code}, not a job: {what}")
                return
        pk = match.group(1)
        self.page(f"/jobs/{pk}/", "export: job page")
        deadline = time.monotonic() + 600
        state = "queued"
        while state in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(1)  # what the page's htmx does
            with self.client.get(f"/jobs/{pk}/status/", name="export: progress",
                                 catch_response=True) as status:
                found = STATE.search(status.text)
                if status.status_code != 200 or not found:
                    status.failure(f"HTTP {status.status_code}")
                    return
                state = found.group(1)
        with self.client.get(f"/jobs/{pk}/download/", name="export: download",
                             catch_response=True) as download:
            if state != "done" or download.status_code != 200:
                download.failure(f"job {state}, HTTP {download.status_code}: {what}")


class Leader(Signed):
    fixed_count = 14

    def on_start(self) -> None:
        self.sign_in("bench-rector" if next(_leaders) % 2 else "bench-director")

    @task(4)
    def home(self) -> None:
        self.page("/", "home (rector or director)")

    @task(2)
    def integrated(self) -> None:
        self.page("/dashboards/integrated/", "integrated table (university)")

    @task(1)
    def heatmap(self) -> None:
        self.page("/risks/heatmap/", "heat map")

    @task(1)
    def processes(self) -> None:
        self.page("/processes/", "process map")


class Employee(Signed):
    fixed_count = 12

    def on_start(self) -> None:
        self.sign_in("bench-staff")

    @task(2)
    def home(self) -> None:
        self.page("/", "home (staff)")

    @task(1)
    def mine(self) -> None:
        self.page("/risks/my-measures/", "my measures")
