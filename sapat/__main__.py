"""The `sapat` console script: Django's manage.py under a name users can remember.

`sapat demo` migrates, loads the JASU demo and serves it; `sapat load_demo`,
`sapat createsuperuser`, `sapat runserver` and every other management command work as
they do with manage.py.
"""
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a command; a mistake a new user makes ends in a sentence, not a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sapat.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(argv if argv is not None else sys.argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"sapat: {exc}\n")
        sys.exit(2)
    except DatabaseError as exc:
        if not _migrated():
            sys.stderr.write(
                "sapat: the database has no tables yet (or misses some): run `sapat migrate` "
                "first, then this command again.\n")
        else:
            sys.stderr.write(f"sapat: the database refused the command: {exc}\n")
        sys.exit(1)


def _migrated() -> bool:
    """Has every migration been applied to the default database?"""
    try:
        from django.db import DEFAULT_DB_ALIAS, connections
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # the database cannot even be asked: say what it said
        return True


if __name__ == "__main__":
    main()
