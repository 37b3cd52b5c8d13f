"""A real OpenLDAP directory for the sign-in tests: Debian's slapd, started by the test
with a configuration and entries it writes itself in a temporary folder.

    with Directory(people=[Entry("aibek", "secret", "aibek@jasu.kg", "Айбек")],
                   groups={"qms": ["aibek"]}) as directory:
        directory.uri          # ldap://127.0.0.1:PORT
        directory.settings()   # SAPAT_LDAP for it
        directory.stop()       # the directory goes down (for the "down" tests)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port, wait_for_port

SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=jasu,dc=kg"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "directory-admin"
SERVICE_DN = f"cn=sapat,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "sapat-service"


@dataclass
class Entry:
    uid: str
    password: str
    mail: str
    name: str


class Directory:
    def __init__(self, people: list[Entry], groups: dict[str, list[str]] | None = None):
        if not Path(SLAPD).exists():
            raise RuntimeError("slapd is not installed: run scripts/ensure-system-packages "
                               "(Debian's slapd and ldap-utils)")
        self.people = people
        self.groups = groups or {}
        self.folder = Path(tempfile.mkdtemp(prefix="sapat-slapd-"))
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Directory:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def settings(self, **overrides) -> dict:
        from sapat.accounts.config import ldap_from_env

        env = {
            "SAPAT_LDAP_URI": self.uri, "SAPAT_LDAP_BIND_DN": SERVICE_DN,
            "SAPAT_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "SAPAT_LDAP_USER_BASE": f"ou=people,{SUFFIX}",
            "SAPAT_LDAP_GROUP_BASE": f"ou=groups,{SUFFIX}", "SAPAT_LDAP_TIMEOUT": "3",
            "SAPAT_LDAP_NAME_ATTR": "displayName",
        }
        env.update(overrides)
        return ldap_from_env(env)

    def group_dn(self, name: str) -> str:
        return f"cn={name},ou=groups,{SUFFIX}"

    def _config(self) -> str:
        schema = "/etc/ldap/schema"
        data = self.folder / "data"
        data.mkdir(exist_ok=True)
        return "\n".join([
            f"include {schema}/core.schema",
            f"include {schema}/cosine.schema",
            f"include {schema}/inetorgperson.schema",
            f"include {schema}/nis.schema",
            f"pidfile {self.folder}/slapd.pid",
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "database mdb",
            "maxsize 10485760",
            f"suffix \"{SUFFIX}\"",
            f"rootdn \"{ADMIN_DN}\"",
            f"rootpw {ADMIN_PASSWORD}",
            f"directory {data}",
            # People bind as themselves; the service account reads; nobody else reads.
            "access to attrs=userPassword by self =xw by anonymous auth by * none",
            f"access to * by dn.exact=\"{SERVICE_DN}\" read by self read by * none",
            "",
        ])

    def _ldif(self) -> str:
        from base64 import b64encode

        def line(attr, value):
            # Non-ASCII values (Kyrgyz names) go base64-encoded, as LDIF requires.
            if value.isascii():
                return f"{attr}: {value}"
            return f"{attr}:: {b64encode(value.encode()).decode()}"

        blocks = [
            f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: jasu\no: JASU",
            f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people",
            f"dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups",
            f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services",
            f"dn: {SERVICE_DN}\nobjectClass: simpleSecurityObject\nobjectClass: "
            f"organizationalRole\ncn: sapat\nuserPassword: {SERVICE_PASSWORD}",
        ]
        for p in self.people:
            blocks.append("\n".join([
                f"dn: uid={p.uid},ou=people,{SUFFIX}", "objectClass: inetOrgPerson",
                f"uid: {p.uid}", line("cn", p.name), line("sn", p.name.split()[-1]),
                line("displayName", p.name), f"mail: {p.mail}", f"userPassword: {p.password}",
            ]))
        for name, members in self.groups.items():
            blocks.append("\n".join(
                [f"dn: {self.group_dn(name)}", "objectClass: groupOfNames", f"cn: {name}"]
                + [f"member: uid={m},ou=people,{SUFFIX}" for m in members]))
        return "\n\n".join(blocks) + "\n"

    def start(self) -> None:
        conf = self.folder / "slapd.conf"
        conf.write_text(self._config())
        ldif = self.folder / "entries.ldif"
        ldif.write_text(self._ldif(), encoding="utf-8")
        if not (self.folder / "data" / "data.mdb").exists():
            subprocess.run(["/usr/sbin/slapadd", "-f", str(conf), "-l", str(ldif)],
                           check=True, capture_output=True)
        log = open(self.folder / "slapd.log", "wb")  # noqa: SIM115 — kept open while it runs
        # -d 0: stay in the foreground (the test owns the process), log nothing much.
        self.process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", self.uri + "/", "-d", "0"],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "LANG": "C"},
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
