"""The French phonetic key of each person (usagers/recherche.py, docs/recherche_usagers.md): the column, filled for
every existing person (nom_recherche too, now with abbreviations expanded), and on PostgreSQL a GIN trigram index
that serves « nom_phonetique LIKE '% key %' »."""

from django.db import migrations, models


def remplir(apps, schema_editor):
    from usagers.recherche import texte_phonetique, texte_recherche

    Usager = apps.get_model("usagers", "Usager")
    lot = []
    for u in Usager.objects.only("prenom", "nom", "nom_naissance").iterator(chunk_size=2000):
        u.nom_recherche = texte_recherche(u.prenom, u.nom, u.nom_naissance)
        u.nom_phonetique = texte_phonetique(u.nom_recherche)
        lot.append(u)
        if len(lot) >= 2000:
            Usager.objects.bulk_update(lot, ["nom_recherche", "nom_phonetique"])
            lot = []
    Usager.objects.bulk_update(lot, ["nom_recherche", "nom_phonetique"])


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS usager_phonetique_trgm ON usagers_usager "
            "USING gin (nom_phonetique gin_trgm_ops)"
        )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS usager_phonetique_trgm")


class Migration(migrations.Migration):
    dependencies = [("usagers", "0008_date_naissance_plausible")]

    operations = [
        migrations.AddField(
            model_name="usager",
            name="nom_phonetique",
            field=models.CharField(blank=True, default="", editable=False, max_length=250),
        ),
        migrations.RunPython(remplir, migrations.RunPython.noop),
        migrations.RunPython(creer_index, supprimer_index),
    ]
