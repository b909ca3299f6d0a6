"""The cells' tables lose their single-column ``collectivite_id`` index: every other index of those tables begins
with that column (docs/performance.md §14).

Only the index is dropped: an ``AlterField`` of ``db_index`` alone would drop and re-create the foreign key as well,
re-checking every row under an exclusive lock of the three tables. On PostgreSQL the index is dropped
``CONCURRENTLY`` (outside a transaction: this migration is not atomic), so that neither the dashboards nor a refresh
wait for it."""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ("indicateurs_agregat", "indicateurs_agregatjour", "indicateurs_personnejour")


def _index_de_la_collectivite(schema_editor, table):
    """The names of the indexes of ``table`` on ``collectivite_id`` alone (not a key or a constraint)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        contraintes = connection.introspection.get_constraints(cursor, table)
    return [
        nom
        for nom, c in contraintes.items()
        if c["index"] and c["columns"] == ["collectivite_id"] and not c["primary_key"] and not c["unique"]
    ]


def supprimer(apps, schema_editor):
    concurremment = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    for table in TABLES:
        for nom in _index_de_la_collectivite(schema_editor, table):
            schema_editor.execute(f"DROP INDEX{concurremment} IF EXISTS {schema_editor.quote_name(nom)}")


def recreer(apps, schema_editor):
    concurremment = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    for table in TABLES:
        if not _index_de_la_collectivite(schema_editor, table):
            nom = schema_editor.quote_name(f"{table}_collectivite_id_idx")
            schema_editor.execute(
                f"CREATE INDEX{concurremment} {nom} ON {schema_editor.quote_name(table)} (collectivite_id)"
            )


def _champ():
    return models.ForeignKey(
        db_index=False,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="collectivites.collectivite",
        verbose_name="collectivité",
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("collectivites", "0010_version_nomenclatures"),
        ("indicateurs", "0007_personne_jour"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name=modele, name="collectivite", field=_champ())
                for modele in ("agregat", "agregatjour", "personnejour")
            ],
            database_operations=[migrations.RunPython(supprimer, recreer)],
        )
    ]
