"""The table of distinct names that the person search scores (docs/recherche_usagers.md §7): the model, the triggers
on ``usagers_usager`` that keep it in step (``usagers/noms.py``), its filling from the existing persons, and on
PostgreSQL the GIN indexes of its keys and of its trigram similarity; a B-tree on the persons' (collectivité, name,
birth date) reads the persons of the names chosen."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from usagers import noms


def installer(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for instruction in noms.instructions(vendor):
        schema_editor.execute(instruction)
    schema_editor.execute(noms.REMPLIR)
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS nom_recherche_cles ON usagers_nomrecherche "
            "USING gin (string_to_array(cles_recherche, ' '))"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS nom_recherche_trgm ON usagers_nomrecherche USING gin (nom_recherche gin_trgm_ops)"
        )


def desinstaller(apps, schema_editor):
    for instruction in noms.suppressions(schema_editor.connection.vendor):
        schema_editor.execute(instruction)


class Migration(migrations.Migration):
    dependencies = [
        ("collectivites", "0009_noms_francais"),
        ("territoire", "0003_telephone_normalise"),
        ("usagers", "0011_cles_recherche"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NomRecherche",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nom_recherche", models.CharField(editable=False, max_length=250)),
                ("cles_recherche", models.TextField(editable=False)),
                ("nombre", models.IntegerField(default=0, editable=False)),
            ],
            options={
                "verbose_name": "nom recherché",
            },
        ),
        migrations.AddIndex(
            model_name="usager",
            index=models.Index(fields=["collectivite", "nom_recherche", "date_naissance"], name="usager_nom"),
        ),
        migrations.AddField(
            model_name="nomrecherche",
            name="collectivite",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="collectivites.collectivite",
                verbose_name="collectivité",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomrecherche",
            constraint=models.UniqueConstraint(fields=("collectivite", "nom_recherche"), name="nom_recherche_unique"),
        ),
        migrations.RunPython(installer, desinstaller),
    ]
