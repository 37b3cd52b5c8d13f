"""Support for the fault tests: what the database holds, and ways to make it fail for real.

- `snapshot()` — every row of every table Django knows (history and many-to-many tables
  too), to compare before and after a failure.
- `WriteFault` — an `execute_wrapper` that counts a block's writes and makes the database
  itself refuse the Nth one (a real CHECK constraint in a temporary table), so the failure
  comes from the driver exactly as a trigger or a constraint would raise it.
- `AllOrNothingMixin.assert_all_or_nothing(run)` — fail `run()` at each of its writes in
  turn and check after each that nothing changed.
- `DatabaseProxy` — a TCP proxy in front of PostgreSQL that can be cut and restored, so a
  test can take the database away from a server without stopping the shared server.
- `GunicornServer` — the project served by gunicorn in a subprocess on a database URL.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction

ROOT = Path(__file__).resolve().parents[1]
FAULT_TABLE = "sapat_injected_fault"
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


# --- What the database holds ---------------------------------------------------------------

def snapshot(exclude: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every model's table, in primary-key order, as tuples of column values.

    `exclude` names models (`"sessions.Session"`) that the test's own transport changes.
    """
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label in exclude:
            continue
        columns = [f.attname for f in meta.concrete_fields]
        tables[meta.label] = list(
            model._base_manager.order_by("pk").values_list(*columns)
        )
    return tables


def changed_tables(before: dict, after: dict) -> dict[str, str]:
    """The tables whose rows differ, with a short account of how."""
    changes = {}
    for label in sorted(set(before) | set(after)):
        old, new = before.get(label, []), after.get(label, [])
        if old != new:
            changes[label] = f"{len(old)} rows before, {len(new)} after"
    return changes


# --- A database that refuses a write -------------------------------------------------------

class WriteFault:
    """Counts the INSERT/UPDATE/DELETE statements run under it; with `fail_at`, the
    database refuses that one with a real constraint violation (IntegrityError).

    Use as `with connection.execute_wrapper(WriteFault(n)): ...`.
    """

    def __init__(self, fail_at: int | None = None):
        self.fail_at = fail_at
        self.writes = 0
        self.refused_sql = ""

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITE_VERBS) and FAULT_TABLE not in sql:
            self.writes += 1
            if self.writes == self.fail_at:
                self.refused_sql = sql
                # A row the constraint forbids: the driver raises, the transaction (on
                # PostgreSQL) is aborted, as with any constraint or trigger.
                execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {FAULT_TABLE} "
                        "(ok integer CHECK (ok = 1))", None, False, context)
                return execute(f"INSERT INTO {FAULT_TABLE} (ok) VALUES (0)", None, False,
                               context)
        return execute(sql, params, many, context)


@contextmanager
def writes_refused_at(n: int):
    fault = WriteFault(n)
    with connection.execute_wrapper(fault):
        yield fault


class AllOrNothingMixin:
    """For a TestCase: a workflow failing at any of its writes leaves every table as it was."""

    def assert_same_tables(self, before: dict, after: dict, note: str = ""):
        changes = changed_tables(before, after)
        self.assertEqual(changes, {}, f"tables changed {note}: {changes}")

    def count_writes(self, run) -> int:
        """How many writes `run()` makes when nothing fails (its work is rolled back)."""
        counter = WriteFault()
        with transaction.atomic():
            with connection.execute_wrapper(counter):
                run()
            transaction.set_rollback(True)
        return counter.writes

    def assert_all_or_nothing(self, run, *, expected=(Exception,), exclude=(), check=None,
                              at=None):
        """Make the database refuse each write of `run()` in turn; after each failure every
        table (history included) must be as before. `check(exc)` looks at what the caller
        got; `at(total)` picks the writes to refuse when trying each would take too long.
        Returns the number of writes `run()` makes."""
        before = snapshot(exclude)
        total = self.count_writes(run)
        self.assertGreater(total, 1, "the workflow should write more than one row")
        self.assert_same_tables(before, snapshot(exclude), "by the counting run")
        for n in (at(total) if at else range(1, total + 1)):
            with self.subTest(refused_write=n, of=total):
                with writes_refused_at(n) as fault, self.assertRaises(expected) as caught:
                    run()
                self.assertTrue(fault.refused_sql, f"write {n} was never reached")
                self.assert_same_tables(before, snapshot(exclude),
                                        f"after write {n} of {total} was refused")
                if check is not None:
                    check(caught.exception)
        return total


# --- A database that goes away -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DatabaseProxy:
    """Forwards 127.0.0.1:`port` to the database; `stop()` refuses new connections and cuts
    the open ones, `start()` listens again on the same port. `freeze()` goes silent
    instead, as a network dropping packets or a hung pooler: open connections stay open,
    whatever either side sends is swallowed, new connections are taken and never answered;
    `thaw()` cuts the frozen connections (their conversation is broken) and forwards again.
    """

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.accepted = 0
        self.frozen = threading.Event()
        self._held: list[socket.socket] = []

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        listener, self._listener = self._listener, None
        if listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            _shut(listener)
        with self._lock:
            open_sockets, self._open = self._open, set()
        for sock in open_sockets:
            _shut(sock)

    def freeze(self):
        self.frozen.set()

    def thaw(self):
        with self._lock:
            cut, self._open = self._open, set()
            held, self._held = self._held, []
            self.frozen.clear()
        for sock in (*cut, *held):
            _shut(sock)

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            if self.frozen.is_set():
                with self._lock:
                    self._held.append(client)  # taken, never answered
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _shut(client)
                continue
            with self._lock:
                if self._listener is not listener:
                    _shut(client)
                    _shut(upstream)
                    return
                self._open |= {client, upstream}
                self.accepted += 1
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                if not self.frozen.is_set():
                    target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                _shut(sock)
                with self._lock:
                    self._open.discard(sock)


def _shut(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


# --- The project served for real -----------------------------------------------------------

class GunicornServer:
    """`gunicorn sapat.wsgi` in a subprocess, on `database_url`, with gthread workers
    (`worker_class="sync"`: the README's deployment, one request per worker at a time)."""

    def __init__(self, database_url: str, *, workers: int = 1, threads: int = 4,
                 log_path: Path | None = None, extra_env: dict | None = None,
                 worker_class: str = "gthread"):
        self.port = free_port()
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.log_path = log_path
        self.extra_env = extra_env or {}
        self.worker_class = worker_class
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        env = {
            **os.environ, "DATABASE_URL": self.database_url, "DEBUG": "0",
            "CONN_MAX_AGE": "600", "DJANGO_SETTINGS_MODULE": "sapat.settings",
            # The tests' own rate limits must not refuse twenty busy clients.
            "SAPAT_API_USER_RATE": "100000/min", **self.extra_env,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "sapat.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--worker-class", self.worker_class,
             *(["--threads", str(self.threads)] if self.worker_class == "gthread" else []),
             "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        if log is not subprocess.DEVNULL:
            log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log()}")
            try:
                status, _headers, _body = self.request("GET", "/login/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in time: {self.log()}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-4000:]
        return ""

    def worker_pids(self) -> set[int]:
        """The master's children: a worker that died and was replaced shows a new pid."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return {int(c) for c in children}

    def request(self, method: str, path: str, *, headers: dict | None = None,
                body: bytes | str | dict | list | None = None, timeout: float = 60):
        """One HTTP request; returns (status, headers, body bytes)."""
        if isinstance(body, dict | list):
            body = json.dumps(body)
            headers = {"Content-Type": "application/json", **(headers or {})}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


def database_url(settings_dict: dict, *, host: str | None = None, port: int | None = None,
                 name: str | None = None) -> str:
    """A DATABASE_URL for the test database, optionally through another host and port."""
    from urllib.parse import quote

    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{name or settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    return (f"postgres://{auth}{host or settings_dict.get('HOST') or '127.0.0.1'}:"
            f"{port or settings_dict.get('PORT') or 5432}/{name or settings_dict['NAME']}")


# --- A person's browser, without the browser -----------------------------------------------

class Browser:
    """Cookies kept between requests to a `GunicornServer`, and forms posted with CSRF."""

    def __init__(self, server: GunicornServer, cookies: dict[str, str] | None = None):
        self.server = server
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, data: list[tuple[str, str]] | None = None):
        from http.cookies import SimpleCookie
        from urllib.parse import urlencode

        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()


    def upload(self, path: str, data: list[tuple[str, str]], file: tuple[str, str, bytes]):
        """POST a form with one file (field name, file name, content) as multipart."""
        import uuid

        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                 f"{v}\r\n".encode() for k, v in data]
        field, name, content = file
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                     f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Content-Type": f"multipart/form-data; boundary={boundary}"}
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()


def form_fields(html: str, testid: str) -> list[tuple[str, str]]:
    """The fields the form marked `data-testid=testid` would submit, as a browser would."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.inside = False
            self.fields: list[tuple[str, str]] = []
            self.select: str | None = None
            self.textarea: str | None = None
            self.text = ""

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form" and a.get("data-testid") == testid:
                self.inside = True
            if not self.inside:
                return
            name = a.get("name")
            if tag == "input" and name and "disabled" not in a:
                kind = a.get("type", "text")
                if kind in ("checkbox", "radio") and "checked" not in a:
                    return
                if kind in ("submit", "button", "file"):
                    return
                self.fields.append((name, a.get("value") or ("on" if kind == "checkbox"
                                                             else "")))
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and self.select and "selected" in a:
                self.fields.append((self.select, a.get("value", "")))
            elif tag == "textarea" and name:
                self.textarea, self.text = name, ""

        def handle_data(self, data):
            if self.textarea:
                self.text += data

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False
            elif tag == "select":
                self.select = None
            elif tag == "textarea" and self.textarea:
                # A browser drops the newline that follows <textarea>.
                self.fields.append((self.textarea, self.text.removeprefix("\n")))
                self.textarea = None

    parser = Parser()
    parser.feed(html)
    return parser.fields
