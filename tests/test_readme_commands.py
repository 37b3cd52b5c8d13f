"""The README's commands table lists every option `sapat COMMAND --help` shows (issue 12)."""
import re
from pathlib import Path

import pytest
from django.core.management import load_command_class

README = Path(__file__).resolve().parents[1] / "README.md"
# Django's own options, the same for every command: documented by `--help`, not by us.
COMMON = {"--help", "--version", "--verbosity", "--settings", "--pythonpath", "--traceback",
          "--no-color", "--force-color", "--skip-checks"}
COMMANDS = {
    "demo": "sapat.demo", "load_demo": "sapat.demo", "send_reminders": "sapat.risks",
    "worker": "sapat.jobs", "export": "sapat.reports", "import": "sapat.reports",
    "backup": "sapat.lib", "restore": "sapat.lib", "generate": "sapat.synth",
}


def table_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Everyday commands"):text.index("## Configuration")]
    rows = {}
    for line in section.splitlines():
        for name in re.findall(r"`sapat (\w+)", line.split("|")[1] if "|" in line else ""):
            rows[name] = rows.get(name, "") + line
    return rows


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_commands_table_lists_the_options_help_shows(name):
    command = load_command_class(COMMANDS[name], name)
    parser = command.create_parser("sapat", name)
    row = table_rows().get(name)
    assert row is not None, f"no row for `sapat {name}` in the README's commands table"

    def listed(option):
        return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", row)

    missing = sorted(
        action.option_strings[-1] for action in parser._actions
        if action.option_strings and not set(action.option_strings) & COMMON
        and not any(listed(o) for o in action.option_strings)
    )
    assert not missing, f"`sapat {name}`: README does not list {missing}"
