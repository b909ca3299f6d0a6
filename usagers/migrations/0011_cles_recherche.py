"""The search keys of each person (usagers/recherche.py, docs/recherche_usagers.md): the column ``cles_recherche``,
filled for every existing person, and on PostgreSQL a GIN index on its array of keys, which serves the search's
« string_to_array(cles_recherche, ' ') && keys ». They replace ``nom_phonetique`` (its phonetic key is one of the
keys) and its trigram index."""

from django.db import migrations, models


def remplir(apps, schema_editor):
    from usagers.recherche import texte_cles

    Usager = apps.get_model("usagers", "Usager")
    lot = []
    for u in Usager.objects.only("nom_recherche").iterator(chunk_size=2000):
        u.cles_recherche = texte_cles(u.nom_recherche)
        lot.append(u)
        if len(lot) >= 2000:
            Usager.objects.bulk_update(lot, ["cles_recherche"])
            lot = []
    Usager.objects.bulk_update(lot, ["cles_recherche"])


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS usager_phonetique_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS usager_cles ON usagers_usager USING gin (string_to_array(cles_recherche, ' '))"
        )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS usager_cles")


class Migration(migrations.Migration):
    dependencies = [("usagers", "0010_civilite")]

    operations = [
        migrations.AddField(
            model_name="usager",
            name="cles_recherche",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(remplir, migrations.RunPython.noop),
        migrations.RunPython(creer_index, supprimer_index),
        migrations.RemoveField(model_name="usager", name="nom_phonetique"),
    ]
