"""The test OpenID provider (tests/oidc_provider) as a process the test starts and stops."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .ports import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


class Provider:
    def __init__(self, people: list[dict], redirect_uris: list[str],
                 client_id: str = "sapat", secret: str = "sapat-client-secret"):
        self.folder = Path(tempfile.mkdtemp(prefix="sapat-op-"))
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id, self.secret = client_id, secret
        self.config = {"client_id": client_id, "secret": secret,
                       "redirect_uris": redirect_uris, "people": people}
        self.process: subprocess.Popen | None = None

    def settings(self, **overrides) -> dict:
        from sapat.accounts.config import oidc_from_env

        env = {"SAPAT_OIDC_ISSUER": self.issuer, "SAPAT_OIDC_CLIENT_ID": self.client_id,
               "SAPAT_OIDC_CLIENT_SECRET": self.secret, "SAPAT_OIDC_LABEL": "JASU 365",
               "SAPAT_OIDC_TIMEOUT": "10"}
        env.update(overrides)
        return oidc_from_env(env)

    def __enter__(self) -> Provider:
        config = self.folder / "config.json"
        config.write_text(json.dumps(self.config))
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update({"OP_DB": str(self.folder / "op.sqlite3"), "PYTHONPATH": str(ROOT)})
        self.log = open(self.folder / "provider.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve", str(self.port), str(config)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(self.port, self.process, seconds=60)
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
