from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.alerts.vocabularies import seed_event_kinds

    seed_event_kinds(apps)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
