"""The first hour at the command line: a new user's mistakes end in a sentence (issue 12)."""
import os
import subprocess
import sys

import pytest


def sapat(*args, tmp_path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("SECRET_KEY", "DJANGO_ENV", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    environ.update(DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
                   SAPAT_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "sapat", *args], capture_output=True,
                          text=True, env=environ, timeout=120)


def assert_a_sentence(run, *words):
    assert run.returncode != 0
    assert "Traceback" not in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


@pytest.mark.parametrize("command", [["generate"], ["send_reminders"]])
def test_a_command_on_an_unmigrated_database_says_to_migrate(tmp_path, command):
    assert_a_sentence(sapat(*command, tmp_path=tmp_path), "sapat migrate")


def test_an_export_into_a_missing_folder_names_the_folder(tmp_path):
    run = sapat("export", "register", "--format", "pdf", "-o", "/missing/dir/x.pdf",
                tmp_path=tmp_path)
    assert_a_sentence(run, "/missing/dir", "-o")


def test_production_without_a_secret_key_says_so(tmp_path):
    run = sapat("check", tmp_path=tmp_path, DJANGO_ENV="production",
                ALLOWED_HOSTS="sapat.example")
    assert_a_sentence(run, "SECRET_KEY", "DJANGO_ENV=production")
