"""Ports for the servers tests start: from SAPAT_TEST_PORTS ("18200-18299") when a machine
shares its ports out, otherwise whatever free port the system gives."""
import os
import socket


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# Ports handed out in this process: a server may be given its port before it binds it.
_GIVEN: set[int] = set()


def free_port() -> int:
    span = os.environ.get("SAPAT_TEST_PORTS", "")
    if span:
        first, _, last = span.partition("-")
        for port in range(int(first), int(last or first) + 1):
            if port not in _GIVEN and _free(port):
                _GIVEN.add(port)
                return port
        raise RuntimeError(f"No free port in SAPAT_TEST_PORTS={span}")
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port


def wait_for_port(port: int, process=None, seconds: float = 20) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"The server on port {port} stopped (exit {process.returncode})")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing answers on port {port} after {seconds} s")
