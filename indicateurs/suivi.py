"""What changed since the last rollup refresh: database triggers that mark the months (or days) written to.

A rollup source declares the tables it reads and the date that files a row under a month
(``@source(…, suivre=[(Passage, "date_heure"), (PassageMotif, "passage__date_heure")])``, one hop through a foreign
key at most). For each such table, ``installer`` creates a PostgreSQL function and three statement-level triggers
(insert, update, delete) that add one row per (collectivité, source, month) touched by the statement to
``indicateurs_moisarafraichir`` — the old month and the new one when a date moves; for a source counted by day
(``par_jour=True``) the row also names the day, and the refresh recomputes only that day. The mark is written by the
writing transaction itself: it commits with the write or not at all, whatever wrote (a view, a task, a raw query, a
data migration). The incremental refresh (``statistiques.rafraichir_modifie``) reads and deletes them.

Statement-level triggers with transition tables cost one small insert per statement, not per row, so a bulk load
marks a few months once. The rows are append-only (no unique key): two desks saving at the same time never wait for
each other on a mark.

``installer`` runs after every ``migrate`` (``post_migrate``, see ``apps.py``), as the tables' owner; it replaces
what it created before, so a source that starts following a new table is covered by the next ``migrate``. Nothing
happens on SQLite (the demo refreshes everything). docs/performance.md §14.
"""

from collections import defaultdict

from django.db import connections, models

from collectivites import rls

PREFIXE = "relais_suivi"
TABLE_MARQUES = "indicateurs_moisarafraichir"


def _jour_sql(champ, colonne, fuseau):
    if isinstance(champ, models.DateTimeField):
        return f"({colonne} AT TIME ZONE '{fuseau}')::date"
    return f"{colonne}"


def expression_jour(modele, chemin, alias, qn, fuseau):
    """SQL giving the local day under which row ``alias`` of ``modele`` is filed (NULL when unknown)."""
    parties = chemin.split("__")
    if len(parties) == 1:
        champ = modele._meta.get_field(parties[0])
        return _jour_sql(champ, f"{alias}.{qn(champ.column)}", fuseau)
    if len(parties) != 2:
        raise ValueError(f"suivre : {chemin!r} traverse plus d'une clé étrangère")
    lien = modele._meta.get_field(parties[0])
    parent = lien.related_model
    champ = parent._meta.get_field(parties[1])
    return (
        f"(SELECT {_jour_sql(champ, 'p.' + qn(champ.column), fuseau)} FROM {qn(parent._meta.db_table)} p "
        f"WHERE p.{qn(parent._meta.pk.column)} = {alias}.{qn(lien.column)} "
        f"AND p.collectivite_id = {alias}.collectivite_id)"
    )


def suivis_par_table(sources):
    """{table: [(source, model, path)]} from the rollup registry."""
    from django.apps import apps

    tables = defaultdict(list)
    for nom, definition in sources.items():
        for modele, chemin in definition.get("suivre", ()):
            modele = apps.get_model(modele) if isinstance(modele, str) else modele  # "app.Modele": imported late
            tables[modele._meta.db_table].append((nom, modele, chemin))
    return dict(tables)


def definitions(sources, qn, fuseau):
    """The SQL statements that (re)create the function and the triggers of every followed table."""
    instructions = []
    for table, suivis in sorted(suivis_par_table(sources).items()):
        # the day of the row for every source (one subquery per source and row), kept in the mark only for a
        # source counted by day; the month is the day's
        valeurs = ", ".join(
            f"('{nom}', {expression_jour(modele, chemin, 't', qn, fuseau)}, {bool(sources[nom].get('par_jour'))})"
            for nom, modele, chemin in suivis
        )

        def marquer(transition, valeurs=valeurs):
            return (
                f"INSERT INTO {TABLE_MARQUES} (collectivite_id, source, mois, jour) "
                "SELECT DISTINCT t.collectivite_id, s.source, date_trunc('month', s.jour)::date, "
                f"CASE WHEN s.par_jour THEN s.jour END FROM {transition} t "
                f"CROSS JOIN LATERAL (VALUES {valeurs}) AS s(source, jour, par_jour) WHERE s.jour IS NOT NULL;"
            )

        fonction = f"{PREFIXE}_{table}"
        instructions.append(
            f"CREATE OR REPLACE FUNCTION {qn(fonction)}() RETURNS trigger LANGUAGE plpgsql AS $corps$\n"
            "BEGIN\n"
            f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN {marquer('nouveaux')} END IF;\n"
            f"  IF TG_OP IN ('DELETE', 'UPDATE') THEN {marquer('anciens')} END IF;\n"
            "  RETURN NULL;\n"
            "END $corps$"
        )
        for suffixe, evenement, transitions in (
            ("i", "INSERT", "NEW TABLE AS nouveaux"),
            ("u", "UPDATE", "OLD TABLE AS anciens NEW TABLE AS nouveaux"),
            ("d", "DELETE", "OLD TABLE AS anciens"),
        ):
            declencheur = qn(f"{PREFIXE}_{suffixe}")
            instructions.append(f"DROP TRIGGER IF EXISTS {declencheur} ON {qn(table)}")
            instructions.append(
                f"CREATE TRIGGER {declencheur} AFTER {evenement} ON {qn(table)} REFERENCING {transitions} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {qn(fonction)}()"
            )
    return instructions


def installer(using="default", **kwargs):
    """Create or replace the triggers of every table a rollup source follows. Idempotent; PostgreSQL only; skipped
    when called as the application role (a test's flush emits post_migrate too: the triggers are already there)."""
    from django.conf import settings

    from .sources import SOURCES

    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        role_app = rls.roles().get("app")
        if role_app:
            cursor.execute("SELECT current_user = %s", [role_app])
            if cursor.fetchone()[0]:
                return
        for instruction in definitions(SOURCES, connection.ops.quote_name, settings.TIME_ZONE):
            cursor.execute(instruction)


def tables_suivies_sans_declencheur(cursor, sources):
    """The followed tables that lack one of the three triggers (tests/indicateurs/test_rafraichissement.py)."""
    cursor.execute(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname LIKE %s AND NOT t.tgisinternal",
        [f"{PREFIXE}_%"],
    )
    presents = defaultdict(set)
    for table, nom in cursor.fetchall():
        presents[table].add(nom)
    attendus = {f"{PREFIXE}_{s}" for s in "iud"}
    return sorted(table for table in suivis_par_table(sources) if presents[table] != attendus)
