from django.db import migrations


def install_defaults(apps, schema_editor):
    from sapat.risks import defaults

    defaults.install(
        apps.get_model("risks", "RiskScale"), apps.get_model("risks", "ScaleLevel"),
        apps.get_model("risks", "RiskBand"), apps.get_model("risks", "RiskCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("risks", "0001_initial")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
