"""PostgreSQL only: pg_trgm and unaccent, and a GIN trigram index for the fuzzy person search (usagers/recherche.py).
SQLite (the demo) searches without them."""

from django.db import migrations


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS usager_nom_trgm ON usagers_usager USING gin (nom_recherche gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS usager_telephone_trgm ON usagers_usager USING gin (telephone_normalise gin_trgm_ops)"
    )


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS usager_nom_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS usager_telephone_trgm")


class Migration(migrations.Migration):
    dependencies = [("usagers", "0001_initial")]
    operations = [migrations.RunPython(creer, supprimer)]
