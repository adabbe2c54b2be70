from django.db import migrations, models


def fill_work(apps, schema_editor):
    from harmonia.identifiers import work_key

    Document = apps.get_model("catalogue", "Document")
    batch = []
    # Read first, then write: SQLite should not update a table a cursor is still reading.
    for pk, identifier in list(Document.objects.values_list("id", "identifier")):
        work = work_key(identifier)[:255]
        if work:
            batch.append(Document(id=pk, work=work))
        if len(batch) >= 5000:
            Document.objects.bulk_update(batch, ["work"])
            batch = []
    Document.objects.bulk_update(batch, ["work"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_identifier_keys")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="work",
            field=models.CharField(blank=True, db_index=True, default="", max_length=255),
        ),
        migrations.RunPython(fill_work, migrations.RunPython.noop),
    ]
