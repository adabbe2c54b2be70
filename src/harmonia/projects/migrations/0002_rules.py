from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.projects.vocabularies import seed_periods, seed_transitions

    seed_transitions(apps)
    seed_periods(apps)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("catalogue", "0002_vocabularies")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
