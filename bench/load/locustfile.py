"""Sapat's main pages under concurrent logged-in users (locust).

    SAPAT_LOAD_TARGETS=targets.json .venv/bin/locust -f bench/load/locustfile.py \\
        --host http://127.0.0.1:8000 --headless -u 20 -r 5 -t 90s --csv out/sapat

Normally started by `bench/load/run.py`, which prepares the database, the targets file
(`targets.py`) and gunicorn. Each simulated user takes the next login of the targets file
in turn (20 users over 5 logins: 4 rectors, 4 QMS officers, 4 directors, 4 heads, 4
employees), signs in once through the login form (with its CSRF token), then opens the
pages of `pages.py` by weight, with a think time between two pages. Requests are named by
page ("risk page" whatever its id); they are counted from the moment the last user has
signed in (the sign-ins themselves are then left out). Any answer but 200 is a failure,
a redirect (to the login form, say) included, and so is a download that is not the file
it claims to be.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import PAGES, Page  # noqa: E402

TARGETS = json.loads(Path(os.environ["SAPAT_LOAD_TARGETS"]).read_text(encoding="utf-8"))
LOGINS = list(TARGETS["logins"])
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Think time between two pages, in seconds. "0,0" turns the run into a throughput test;
# the default stands for a person clicking from page to page briskly.
WAIT = tuple(float(s) for s in os.environ.get("SAPAT_LOAD_WAIT", "1,3").split(","))
# "0" leaves the downloads out, to see the pages' latency without them.
DOWNLOADS = os.environ.get("SAPAT_LOAD_DOWNLOADS", "1") == "1"

_next_user = itertools.count()
_signed_in = itertools.count(1)


def _task(page: Page):
    def open_page(user: Person) -> None:
        user.open(page)

    open_page.__name__ = f"open {page.name}"
    return open_page


class Person(HttpUser):
    wait_time = between(*WAIT)
    tasks = {_task(page): page.weight for page in PAGES if DOWNLOADS or page.kind == "html"}

    def on_start(self) -> None:
        self.login = LOGINS[next(_next_user) % len(LOGINS)]
        self.targets = TARGETS["logins"][self.login]
        self.rng = random.Random(self.login)
        form = self.client.get("/login/", name="login form")
        token = CSRF_INPUT.search(form.text)
        if token is None:
            raise RuntimeError(f"no CSRF token on the login form ({form.status_code})")
        with self.client.post(
            "/login/", name="login",
            data={"username": self.login, "password": TARGETS["password"],
                  "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": self.host + "/login/"},
            allow_redirects=False, catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.login} could not sign in: HTTP {response.status_code}")
        # Twenty sign-ins in four seconds (Argon2, slow on purpose) are not what the pages
        # see in a working day: the statistics start once everyone is signed in.
        runner = self.environment.runner
        if next(_signed_in) == runner.target_user_count:
            runner.stats.reset_all()

    def open(self, page: Page) -> None:
        url = page.path(self.targets, self.rng)
        with self.client.get(url, name=page.label(self.login), allow_redirects=False,
                             catch_response=True) as response:
            problem = page.problem(response.status_code, response.content,
                                   response.headers.get("Location", ""))
            if problem:
                response.failure(f"{problem}: {url} as {self.login}")
