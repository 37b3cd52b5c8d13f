"""Run the demo: migrate, load the JASU regulation, print the logins, serve.

Serves on 127.0.0.1:8000 by default and refuses any address other than loopback unless
told `--allow-remote`: the demo people's password is "demo".
"""
import errno
import ipaddress
import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.demo.loader import load_demo
from sapat.lib.cli import SpeaksLanguage

from .load_demo import print_logins


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _port_busy(host: str, port: int) -> bool:
    """Is something already listening on host:port (so that the server could not start)?"""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return False
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def _free_port_after(host: str, port: int) -> int | None:
    return next((p for p in range(port + 1, min(port + 50, 65536)) if not _port_busy(host, p)),
                None)


def _start_worker(stderr):
    """The background worker (exports, imports, backups) beside the demo server: the
    database queue, so nothing else needs to run."""
    stderr.write(_("Starting a background worker beside the server (sapat worker)."))
    return subprocess.Popen([sys.executable, "-m", "sapat", "worker"])


class Command(SpeaksLanguage, BaseCommand):
    help = "Migrate, load the JASU demo and serve it on 127.0.0.1:8000."

    def add_arguments(self, parser):
        super().add_arguments(parser)  # --lang: the messages' language (else the locale's)
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--allow-remote", action="store_true",
                            help="Serve on a non-loopback address (the demo password is 'demo').")
        parser.add_argument("--no-serve", action="store_true", help="Prepare but do not serve.")
        parser.add_argument("--no-worker", action="store_true",
                            help="Do not start a background worker beside the server.")

    def handle(self, *args, addrport, allow_remote, no_serve, no_worker=False, **options):
        if settings.PRODUCTION:
            raise CommandError(_("The demo does not run under production settings."))
        host = addrport.rsplit(":", 1)[0] if ":" in addrport else "127.0.0.1"
        if not _is_loopback(host) and not allow_remote:
            raise CommandError(_(
                "The demo serves only on loopback (127.0.0.1); every demo password is "
                "'demo'. Add --allow-remote if you really mean to expose it."
            ))
        port = addrport.rsplit(":", 1)[-1] if ":" in addrport else addrport
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise CommandError(_("“%(port)s” is not a port number (1–65535).") % {"port": port})
        if not no_serve and _port_busy(host, int(port)):
            # Said before anything is prepared: the server could not start anyway.
            other = _free_port_after(host, int(port)) or 8001
            raise CommandError(_(
                "Port %(port)s on %(host)s is already in use (another Sapat, or another "
                "program, is serving there). Stop it, or choose another port: "
                "make run PORT=%(other)s (or sapat demo %(host)s:%(other)s)."
            ) % {"port": port, "host": host, "other": other})
        call_command("migrate", interactive=False, verbosity=0)
        report = load_demo(with_people=True)
        self.stdout.write(self.style.SUCCESS(
            _("Sapat demo: open http://%(addr)s/") % {"addr": f"{host}:{port}"}
        ))
        print_logins(self.stdout, report.people)
        if not no_serve:
            worker = None if no_worker else _start_worker(self.stderr)
            # Stopped with SIGTERM (not only Ctrl-C), the demo still stops its worker.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            try:
                call_command("runserver", f"{host}:{port}", use_reloader=False)
            finally:
                if worker is not None:
                    worker.terminate()  # SIGTERM: it finishes the job in hand first
                    try:
                        worker.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        worker.kill()
