from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.comments.vocabularies import seed_comment_vocabularies

    seed_comment_vocabularies(apps)


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
