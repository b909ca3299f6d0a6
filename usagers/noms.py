"""The table of distinct names (``NomRecherche``), kept in step with the persons by the database itself.

The search scores names, not persons (docs/recherche_usagers.md §7): a collectivité of 10⁶ persons holds about 200,000
distinct names, and a common one (« Adrien Martin ») is one row instead of hundreds. For that, the table must hold
exactly the names the persons bear, whatever writes the persons: a form, the demo's bulk load, a data migration, a raw
query. So triggers on ``usagers_usager`` write it, in the writing transaction: a person inserted adds one to the
count of their (collectivité, name) — creating the row with the person's keys —, a person deleted takes one off —
deleting the row at zero —, and a person whose name, keys or collectivité changed does both. An update that changes
none of those (a phone number, a visit) does not touch the table.

Two dialects of the same rule: PostgreSQL (production, tests) with statement-level triggers and transition tables
(one grouped statement per write, as ``indicateurs/suivi.py`` does), SQLite (the demo) with row-level triggers.
``tests/usagers/test_noms.py`` checks both against a count of the persons.
"""

TABLE = "usagers_nomrecherche"
PERSONNES = "usagers_usager"
PREFIXE = "usagers_noms"

_CHANGEES = (
    "(SELECT {alias}.* FROM anciens o JOIN nouveaux n ON n.id = o.id WHERE (o.collectivite_id, o.nom_recherche, "
    "o.cles_recherche) IS DISTINCT FROM (n.collectivite_id, n.nom_recherche, n.cles_recherche))"
)


def _retirer(source):
    return (
        f"UPDATE {TABLE} t SET nombre = t.nombre - s.nombre FROM (SELECT collectivite_id, nom_recherche, count(*) AS "
        f"nombre FROM {source} r GROUP BY 1, 2) s WHERE t.collectivite_id = s.collectivite_id "
        f"AND t.nom_recherche = s.nom_recherche; "
        f"DELETE FROM {TABLE} t WHERE t.nombre <= 0 AND (t.collectivite_id, t.nom_recherche) IN "
        f"(SELECT collectivite_id, nom_recherche FROM {source} r);"
    )


def _ajouter(source):
    # in a fixed order, so that two statements adding the same names lock them in the same order
    return (
        f"INSERT INTO {TABLE} (collectivite_id, nom_recherche, cles_recherche, nombre) "
        f"SELECT collectivite_id, nom_recherche, max(cles_recherche), count(*) FROM {source} r GROUP BY 1, 2 "
        "ORDER BY 1, 2 ON CONFLICT (collectivite_id, nom_recherche) DO UPDATE "
        f"SET nombre = {TABLE}.nombre + EXCLUDED.nombre, cles_recherche = EXCLUDED.cles_recherche;"
    )


POSTGRESQL = [
    f"CREATE OR REPLACE FUNCTION {PREFIXE}() RETURNS trigger LANGUAGE plpgsql AS $corps$\n"
    "BEGIN\n"
    f"  IF TG_OP = 'INSERT' THEN {_ajouter('nouveaux')} END IF;\n"
    f"  IF TG_OP = 'DELETE' THEN {_retirer('anciens')} END IF;\n"
    "  IF TG_OP = 'UPDATE' THEN\n"
    f"    {_retirer(_CHANGEES.format(alias='o'))}\n"
    f"    {_ajouter(_CHANGEES.format(alias='n'))}\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $corps$",
    *(
        f"CREATE TRIGGER {PREFIXE}_{suffixe} AFTER {evenement} ON {PERSONNES} REFERENCING {transitions} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIXE}()"
        for suffixe, evenement, transitions in (
            ("i", "INSERT", "NEW TABLE AS nouveaux"),
            ("u", "UPDATE", "OLD TABLE AS anciens NEW TABLE AS nouveaux"),
            ("d", "DELETE", "OLD TABLE AS anciens"),
        )
    ),
]

_AJOUTER_LIGNE = (
    f"INSERT INTO {TABLE} (collectivite_id, nom_recherche, cles_recherche, nombre) "
    "VALUES (NEW.collectivite_id, NEW.nom_recherche, NEW.cles_recherche, 1) "
    "ON CONFLICT (collectivite_id, nom_recherche) DO UPDATE SET nombre = nombre + 1, "
    "cles_recherche = excluded.cles_recherche;"
)
_RETIRER_LIGNE = (
    f"UPDATE {TABLE} SET nombre = nombre - 1 "
    "WHERE collectivite_id = OLD.collectivite_id AND nom_recherche = OLD.nom_recherche; "
    f"DELETE FROM {TABLE} WHERE collectivite_id = OLD.collectivite_id AND nom_recherche = OLD.nom_recherche "
    "AND nombre <= 0;"
)
SQLITE = [
    f"CREATE TRIGGER {PREFIXE}_i AFTER INSERT ON {PERSONNES} BEGIN {_AJOUTER_LIGNE} END",
    f"CREATE TRIGGER {PREFIXE}_d AFTER DELETE ON {PERSONNES} BEGIN {_RETIRER_LIGNE} END",
    f"CREATE TRIGGER {PREFIXE}_u AFTER UPDATE OF collectivite_id, nom_recherche, cles_recherche ON {PERSONNES} "
    "WHEN OLD.collectivite_id IS NOT NEW.collectivite_id OR OLD.nom_recherche IS NOT NEW.nom_recherche "
    f"OR OLD.cles_recherche IS NOT NEW.cles_recherche BEGIN {_RETIRER_LIGNE} {_AJOUTER_LIGNE} END",
]

REMPLIR = (
    f"INSERT INTO {TABLE} (collectivite_id, nom_recherche, cles_recherche, nombre) "
    f"SELECT collectivite_id, nom_recherche, max(cles_recherche), count(*) FROM {PERSONNES} GROUP BY 1, 2"
)


def instructions(vendor):
    """The statements that create the triggers on this database."""
    return POSTGRESQL if vendor == "postgresql" else SQLITE


def suppressions(vendor):
    if vendor == "postgresql":
        return [
            *(f"DROP TRIGGER IF EXISTS {PREFIXE}_{s} ON {PERSONNES}" for s in "iud"),
            f"DROP FUNCTION IF EXISTS {PREFIXE}()",
        ]
    return [f"DROP TRIGGER IF EXISTS {PREFIXE}_{s}" for s in "iud"]
