from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.accounts.services import seed_roles

    seed_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
