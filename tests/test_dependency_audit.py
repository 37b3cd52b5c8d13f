"""scripts/dependency-audit reads pip-audit's report right: a vulnerability fails the run, an
audit that checked nothing says so and never passes for a clean one.

pip-audit itself is replaced by a stand-in that prints a given report, so that each case
runs here without the network (the real run is the CI step).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "dependency-audit"


def audit(tmp_path, reports: dict, env=None):
    """Run the script with a stand-in pip-audit answering `reports[service]`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(reports))
    stand_in = bin_dir / "pip-audit"
    stand_in.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"answers = json.load(open({str(answers)!r}))\n"
        "service = sys.argv[sys.argv.index('--vulnerability-service') + 1]\n"
        "answer = answers[service]\n"
        "if answer is None:\n"
        "    sys.exit('ConnectionError: Failed to resolve api.osv.dev')\n"
        "print(json.dumps(answer))\n"
        "sys.exit(1 if any(d.get('vulns') for d in answer['dependencies']) else 0)\n"
    )
    stand_in.chmod(0o755)
    return subprocess.run([str(bin_dir / "python"), str(SCRIPT)], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=60)


CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}], "fixes": []}
VULNERABLE = {"dependencies": [
    {"name": "django", "version": "5.2.1", "vulns": [
        {"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": ["CVE-2025-1"]}]},
    {"name": "openpyxl", "version": "3.1.5", "vulns": []},
], "fixes": []}
NOTHING_CHECKED = {"dependencies": [
    {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"},
], "fixes": []}


def test_a_clean_audit_passes(tmp_path):
    done = audit(tmp_path, {"pypi": CLEAN, "osv": CLEAN})
    assert done.returncode == 0, done.stdout
    assert "No known vulnerabilities." in done.stdout


def test_a_known_vulnerability_fails_and_names_the_fix(tmp_path):
    done = audit(tmp_path, {"pypi": VULNERABLE, "osv": CLEAN})
    assert done.returncode == 1
    assert "django 5.2.1: PYSEC-2025-1 (CVE-2025-1) — fixed in 5.2.2" in done.stdout


def test_when_pypi_checks_nothing_osv_is_asked(tmp_path):
    done = audit(tmp_path, {"pypi": NOTHING_CHECKED, "osv": VULNERABLE})
    assert done.returncode == 1
    assert "against osv" in done.stdout


@pytest.mark.parametrize("required, code", [("", 0), ("1", 2)])
def test_an_audit_that_checked_nothing_says_it_could_not_run(tmp_path, required, code):
    done = audit(tmp_path, {"pypi": NOTHING_CHECKED, "osv": None},
                 env={"SAPAT_AUDIT_REQUIRED": required})
    assert done.returncode == code
    assert "AUDIT COULD NOT RUN" in done.stdout
    assert "none of 1 packages could be checked" in done.stdout
    assert "api.osv.dev" in done.stdout
    assert "No known vulnerabilities" not in done.stdout
