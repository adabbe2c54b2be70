from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.training.vocabularies import seed_feedback_criteria

    seed_feedback_criteria(apps)


class Migration(migrations.Migration):
    dependencies = [("training", "0004_learning_feedback_reminders")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
