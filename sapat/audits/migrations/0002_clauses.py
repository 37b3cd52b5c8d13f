"""Install the ISO 9001:2015 clause catalogue (data; see sapat/audits/clauses_data.py)."""
from django.db import migrations


def install(apps, schema_editor):
    from sapat.audits import clauses_data

    clauses_data.install(apps.get_model("audits", "Clause"))


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
