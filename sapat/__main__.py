"""The `sapat` console script: Django's manage.py under a name users can remember.

`sapat demo` migrates, loads the JASU demo and serves it; `sapat load_demo`,
`sapat createsuperuser`, `sapat runserver` and every other management command work as
they do with manage.py.
"""
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
