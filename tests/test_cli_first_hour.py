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


def test_the_demo_on_a_busy_port_says_which_and_how_to_choose_another(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = sapat("demo", f"127.0.0.1:{port}", "--no-worker", tmp_path=tmp_path)
    # In the command line's language (Kyrgyz by default): the port, and the way out.
    assert_a_sentence(run, f"{port}", "make run PORT=", "sapat demo 127.0.0.1:")
    # Said before anything was prepared: no database was made.
    assert not (tmp_path / "fresh.sqlite3").exists()


@pytest.mark.parametrize(("how", "env", "said"), [
    (["--lang", "ru"], {}, "уже занят"),
    ([], {"LANG": "ru_RU.UTF-8"}, "уже занят"),
    (["--lang", "en"], {"LANG": "ru_RU.UTF-8"}, "is already in use"),
])
def test_the_busy_port_is_said_in_the_language_asked_for(tmp_path, how, env, said):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        environ = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **env}
        run = sapat("demo", f"127.0.0.1:{port}", "--no-worker", *how, tmp_path=tmp_path,
                    **environ)
    assert_a_sentence(run, f"{port}", said, "make run PORT=")
