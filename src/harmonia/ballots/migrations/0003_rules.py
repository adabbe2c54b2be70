from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.ballots.vocabularies import seed_ballot_rules

    seed_ballot_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("ballots", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
