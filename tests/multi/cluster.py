"""Sapat as a deployment of several servers, on this machine: PostgreSQL (already
running), a Redis of its own, N gunicorn app servers behind Debian's haproxy, and M job
workers — every process started here and stopped at the end.

Used by tests/multi/test_two_servers.py and by bench/load/run.py (`--app-servers 2`).

    with Cluster(workdir, database_url=…, app_servers=2, workers=2) as cluster:
        cluster.prepare()            # migrate, `sapat generate --scale small`
        cluster.start()
        cluster.url                  # haproxy;  cluster.app_urls: each gunicorn
        cluster.stop_app(0)          # SIGTERM: gunicorn finishes what it answers
        cluster.kill_worker(1)       # SIGKILL: the job's lease hands its work on

Ports come from SAPAT_TEST_PORTS ("18100-18199") when set, else from the system.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
_taken: set[int] = set()


def free_port() -> int:
    spec = os.environ.get("SAPAT_TEST_PORTS", "")
    candidates = range(*(lambda a, b: (a, b + 1))(*map(int, spec.split("-")))) if spec \
        else [0] * 50
    for candidate in candidates:
        if candidate in _taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port = s.getsockname()[1]
        if port not in _taken:
            _taken.add(port)
            return port
    raise RuntimeError(f"no free port in {spec or 'the system range'}")


def wait_port(port: int, timeout: float = 60, proc=None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for port {port} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


def postgres_admin_url(database_url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(database_url)
    return parts._replace(path="/postgres").geturl(), parts.path.lstrip("/")


def recreate_database(database_url: str) -> None:
    import psycopg

    admin, name = postgres_admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg

    admin, name = postgres_admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


HAPROXY_CFG = """global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    timeout queue 60s
    # A busy server answers its health check after the requests ahead of it: slow checks
    # are not a dead server. A stopped one refuses connections at once, and those
    # requests go to the other server (retry-on, redispatch) before any check notices.
    timeout check 10s
    # A request that a stopping server refused, or accepted into its queue and closed
    # without a byte of answer (gunicorn closes its socket on SIGTERM), is sent to the
    # other server: the first never reached Sapat, the second never left the queue.
    retries 3
    option redispatch
    retry-on conn-failure empty-response
    # A POST can be sent again only if haproxy kept its body.
    option http-buffer-request
    option forwardfor
    option http-server-close
frontend sapat
    bind 127.0.0.1:{port}
    default_backend apps
backend apps
    balance roundrobin
    option httpchk GET /health/
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
{servers}
"""


class Cluster:
    def __init__(self, workdir: Path, *, database_url: str, app_servers: int = 2,
                 workers: int = 2, gunicorn_workers: int = 2, env: dict | None = None,
                 tasks_backend: str = "rq"):
        self.workdir = Path(workdir)
        self.database_url = database_url
        self.n_apps, self.n_workers = app_servers, workers
        self.gunicorn_workers = gunicorn_workers
        self.tasks_backend = tasks_backend
        self.extra_env = env or {}
        self.procs: dict[str, subprocess.Popen] = {}
        self.app_ports = [free_port() for _ in range(app_servers)]
        self.port = free_port()
        self.redis_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app_urls = [f"http://127.0.0.1:{p}" for p in self.app_ports]
        self.logs = self.workdir / "logs"

    # --- environment ---------------------------------------------------------------------
    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SAPAT_", "PYTEST", "DJANGO_"))}
        env.update({
            "DJANGO_SETTINGS_MODULE": "sapat.settings",
            "DATABASE_URL": self.database_url,
            "DEBUG": "0",
            "SAPAT_DATA_DIR": str(self.workdir / "var"),
            # One directory every server and worker reaches (an NFS mount in real life).
            "SAPAT_MEDIA_ROOT": str(self.workdir / "shared-media"),
            "SAPAT_CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SAPAT_SESSION_ENGINE": "cached_db",
            "SAPAT_TASKS_BACKEND": self.tasks_backend,
            "SAPAT_RQ_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "SAPAT_NUM_PROXIES": "1",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        })
        env.update(self.extra_env)
        return env

    def sapat(self, *args: str, timeout: float = 600, check: bool = True) -> str:
        result = subprocess.run([str(BIN / "python"), "-m", "sapat", *args], env=self.env,
                                cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode:
            raise RuntimeError(f"sapat {' '.join(args)} failed:\n{result.stdout}\n"
                               f"{result.stderr}")
        return result.stdout

    def python(self, code: str, timeout: float = 120):
        """Run Django code against the cluster's database; its last printed line is JSON."""
        out = self.sapat("shell", "-c", code, timeout=timeout)
        return json.loads(out.strip().splitlines()[-1])

    # --- processes -----------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=log, stderr=log,
                                start_new_session=True)
        proc._log = log
        self.procs[name] = proc
        return proc

    def prepare(self, *, scale: str = "small", fresh: bool = True) -> None:
        """A fresh database with the synthetic university (`bench-*` logins, password
        `bench`)."""
        if fresh:
            recreate_database(self.database_url)
        self.sapat("migrate", "--noinput", "-v0")
        self.sapat("generate", "--scale", scale, "--password", "bench", "--force")

    def start(self) -> None:
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self._spawn("redis", [redis, "--port", str(self.redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"])
        wait_port(self.redis_port, 20, self.procs["redis"])
        for i in range(self.n_apps):
            self.start_app(i)
        for i in range(self.n_workers):
            self.start_worker(i)
        self.start_haproxy()

    def start_app(self, i: int) -> None:
        proc = self._spawn(f"app{i}", [
            str(BIN / "gunicorn"), "sapat.wsgi:application", "-b",
            f"127.0.0.1:{self.app_ports[i]}", "-w", str(self.gunicorn_workers),
            "--graceful-timeout", "30", "--timeout", "120",
        ])
        wait_port(self.app_ports[i], 60, proc)

    def start_worker(self, i: int) -> None:
        self._spawn(f"worker{i}", [str(BIN / "python"), "-m", "sapat", "worker",
                                   "--maintenance-every", "2", "--worker-id", f"w{i}"])

    def start_haproxy(self) -> None:
        servers = "\n".join(f"    server app{i} 127.0.0.1:{p} check"
                            for i, p in enumerate(self.app_ports))
        cfg = self.workdir / "haproxy.cfg"
        cfg.write_text(HAPROXY_CFG.format(port=self.port, servers=servers))
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        proc = self._spawn("haproxy", [haproxy, "-db", "-f", str(cfg)])
        wait_port(self.port, 20, proc)
        # haproxy answers 503 until its health checks have seen every server up.
        end = time.monotonic() + 60
        while time.monotonic() < end:
            if all(Client().get(self.url + "/health/").status == 200
                   for _ in range(2 * self.n_apps)):
                return
            time.sleep(0.3)
        raise RuntimeError("haproxy saw no app server up within 60 s")

    def pid(self, name: str) -> int:
        return self.procs[name].pid

    def stop_app(self, i: int) -> None:
        """SIGTERM, as a deployment stops a server: it answers what it has, then exits."""
        proc = self.procs[f"app{i}"]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)

    def kill_worker(self, i: int) -> None:
        """SIGKILL: the worker dies mid-job, as on a power cut."""
        proc = self.procs[f"worker{i}"]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            proc._log.close()

    def __enter__(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc):
        self.stop()


# --- a browser without a browser: cookies, CSRF, no automatic redirects -------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Client:
    """One person's browser: a cookie jar shared by every server it talks to (cookies are
    per host, not per port, so the session cookie from one server goes to the other)."""

    def __init__(self, language: str = "en"):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())
        self.language = language

    def request(self, method: str, url: str, data: dict | None = None,
                headers: dict | None = None, body: bytes | None = None,
                timeout: float = 60) -> Answer:
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(url, data=body, method=method, headers={
            "Accept-Language": self.language, **(headers or {})})
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                return Answer(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.headers, exc.read())

    def get(self, url: str, **kw) -> Answer:
        return self.request("GET", url, **kw)

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def post(self, url: str, data: dict, **kw) -> Answer:
        return self.request("POST", url, data={**data, "csrfmiddlewaretoken": self.csrf()},
                            headers={"Referer": url, **kw.pop("headers", {})}, **kw)

    def login(self, base: str, username: str, password: str) -> Answer:
        self.get(base + "/login/")
        return self.post(base + "/login/", {"username": username, "password": password})
