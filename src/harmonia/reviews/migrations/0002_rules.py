from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.reviews.vocabularies import seed_review_rules

    seed_review_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
