from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.ballots.vocabularies import seed_ballot_rules

    seed_ballot_rules(apps)  # adds the rows that are new; existing rows stay as a body set them


class Migration(migrations.Migration):
    dependencies = [("ballots", "0005_event_dates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
