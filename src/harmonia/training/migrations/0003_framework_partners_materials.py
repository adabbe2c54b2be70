import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def to_rows(apps, schema_editor):
    """The framework, partners and materials were text; each becomes rows of its own."""
    Programme = apps.get_model("training", "Programme")
    Framework = apps.get_model("training", "Framework")
    Partner = apps.get_model("training", "Partner")
    Session = apps.get_model("training", "Session")
    Material = apps.get_model("training", "Material")
    for programme in Programme.objects.all():
        if programme.framework_text.strip():
            programme.framework_link, _ = Framework.objects.get_or_create(
                name=programme.framework_text.strip()[:300]
            )
            programme.save(update_fields=["framework_link"])
        for name in programme.partners_text.split(";"):
            if name.strip():
                Partner.objects.create(programme=programme, name=name.strip()[:300])
    for session in Session.objects.exclude(materials_text=""):
        Material.objects.create(session=session, title=session.materials_text.strip()[:300])


class Migration(migrations.Migration):
    dependencies = [("training", "0002_actionitem_followup")]

    operations = [
        migrations.RenameField("programme", "framework", "framework_text"),
        migrations.RenameField("programme", "partners", "partners_text"),
        migrations.RenameField("session", "materials", "materials_text"),
        migrations.CreateModel(
            name="Framework",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300, unique=True)),
                ("starts_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("ends_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("source", models.CharField(blank=True, max_length=500)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.AddField(
            model_name="programme",
            name="framework_link",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="programmes", to="training.framework"),
        ),
        migrations.CreateModel(
            name="Partner",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=300)),
                ("role", models.CharField(blank=True, max_length=300)),
                ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="partners", to="training.programme")),
            ],
            options={"ordering": ["programme", "pk"]},
        ),
        migrations.CreateModel(
            name="Material",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(blank=True)),
                ("content", models.BinaryField(blank=True)),
                ("file_name", models.CharField(blank=True, max_length=200)),
                ("content_type", models.CharField(blank=True, max_length=100)),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("session", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="materials", to="training.session")),
            ],
            options={"ordering": ["session", "pk"]},
        ),
        migrations.RunPython(to_rows, migrations.RunPython.noop),
        migrations.RemoveField("programme", "framework_text"),
        migrations.RemoveField("programme", "partners_text"),
        migrations.RemoveField("session", "materials_text"),
        migrations.RenameField("programme", "framework_link", "framework"),
    ]
