"""The database cache's table (SAPAT_CACHE_URL=db): rate-limit and login-rate counters
that every app server shares. `migrate` makes it whatever the cache in use, so a
deployment that switches to it later has nothing to remember."""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", "sapat_cache", database=schema_editor.connection.alias,
                 verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
