from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.adoptions.vocabularies import seed as seed_rows

    seed_rows(apps)


class Migration(migrations.Migration):
    dependencies = [("adoptions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
