from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.committees.vocabularies import seed_statuses

    seed_statuses(apps)


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
