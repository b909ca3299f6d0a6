"""PostgreSQL row-level security: the tenant wall inside the database (docs/securite.md §30).

Every table with a ``collectivite_id`` column (every ``TenantModel``, its history table, whatever app adds one) gets
RLS enabled and forced, and two policies:

- ``relais_collectivite``: a row is visible and writable only when its ``collectivite_id`` equals the session setting
  ``app.tenant_id``, which ``collectivites.tenancy`` sets for a request, a task or a command; without a context the
  setting is empty and no row is visible;
- ``relais_transversal``: the roles of the audited cross-tenant path (``cross_tenant_access``, which switches the
  connection to the transversal role) and the owner that runs the migrations see every row.

``appliquer`` runs after every ``migrate`` (a ``post_migrate`` handler, see ``apps.py``): it is idempotent and only
adds what is missing, so a new tenant model of any app is covered without a line of its own. It also grants the
application role its rights on every table. Nothing happens on SQLite (the demo) nor when the application role is
not configured (``DB_ROLE_APP``, see ``config/settings.py``).
"""

import functools
import logging

from django.conf import settings
from django.db import connections

logger = logging.getLogger("relais.rls")

COLONNE = "collectivite_id"
POLICE = "relais_collectivite"
POLICE_TRANSVERSALE = "relais_transversal"
PARAMETRE = "app.tenant_id"

# Tables with a collectivite_id column that stay outside the wall, with the reason. The account table is read before
# the collectivité is known (login by e-mail, the session's user): comptes' access functions guard it.
TABLES_HORS_RLS = {
    "comptes_utilisateur": "le compte est lu avant que la collectivité soit connue (connexion, session)",
}

CONDITION = f"{COLONNE} = NULLIF(current_setting('{PARAMETRE}', true), '')::bigint"


def roles():
    """The configured database roles ({"app", "proprietaire", "transversal"}), empty strings when not configured."""
    return getattr(settings, "RELAIS_ROLES_BD", {}) or {}


def actif(connection):
    """True when this connection is PostgreSQL and the role split is configured."""
    return connection.vendor == "postgresql" and bool(roles().get("app"))


def tables_tenant(cursor):
    """Every base table of the current schema with a collectivite_id column."""
    cursor.execute(
        """
        SELECT c.table_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = %s AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name
        """,
        [COLONNE],
    )
    return [nom for (nom,) in cursor.fetchall()]


def etat(cursor):
    """{table: (rls enabled, rls forced, set of policy names)} for every tenant table."""
    cursor.execute(
        """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               COALESCE(array_agg(p.polname) FILTER (WHERE p.polname IS NOT NULL), '{}')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE c.relkind = 'r'
        GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
        """
    )
    return {nom: (active, forcee, set(polices)) for nom, active, forcee, polices in cursor.fetchall()}


def tables_a_proteger(cursor):
    return [table for table in tables_tenant(cursor) if table not in TABLES_HORS_RLS]


def manquements(tables, etat):
    """{table: what it lacks} for the tables without RLS enabled and forced and both policies (tests/test_rls.py)."""
    resultat = {}
    for table in tables:
        active, forcee, polices = etat.get(table, (False, False, set()))
        manque = [nom for nom, present in (("RLS active", active), ("RLS forcée", forcee)) if not present]
        manque += [f"police {police}" for police in (POLICE, POLICE_TRANSVERSALE) if police not in polices]
        if manque:
            resultat[table] = manque
    return resultat


def appliquer(using="default", **kwargs):
    """Enable and force RLS with its policies on every tenant table that lacks them; grant the app role its rights.

    Idempotent. Runs as the tables' owner (``migrate``); called by another role (a test's flush emits post_migrate
    too) it does nothing.
    """
    connection = connections[using]
    if not actif(connection):
        return
    r = roles()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user = %s", [r["app"]])
        if cursor.fetchone()[0]:
            return
        qn = connection.ops.quote_name
        transversal = r.get("transversal")
        beneficiaires = ", ".join(qn(role) for role in (transversal, "CURRENT_USER") if role)
        beneficiaires = beneficiaires.replace('"CURRENT_USER"', "CURRENT_USER")
        existant = etat(cursor)
        for table in tables_a_proteger(cursor):
            active, forcee, polices = existant.get(table, (False, False, set()))
            t = qn(table)
            if not active:
                cursor.execute(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
            if not forcee:
                cursor.execute(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
            if POLICE not in polices:
                cursor.execute(f"CREATE POLICY {POLICE} ON {t} USING ({CONDITION}) WITH CHECK ({CONDITION})")
            if POLICE_TRANSVERSALE not in polices:
                cursor.execute(
                    f"CREATE POLICY {POLICE_TRANSVERSALE} ON {t} TO {beneficiaires} USING (true) WITH CHECK (true)"
                )
            if not (active and forcee and {POLICE, POLICE_TRANSVERSALE} <= polices):
                logger.debug("RLS posée sur %s", table)
        applicatifs = ", ".join(qn(role) for role in (r["app"], transversal) if role)
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {applicatifs}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {applicatifs}")
        # tables the owner creates outside migrations (createcachetable runs after migrate) get the same rights
        cursor.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {applicatifs}"
        )
        cursor.execute(
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {applicatifs}"
        )


def poser_etat(connection, collectivite_id, transversal, differer=False):
    """Ask for a tenant and a role for this connection's session; ``garde`` sends them with the next statement.

    ``collectivite_id`` None and not ``transversal``: no tenant, no row. Does nothing before the connection is open
    (``connection_created`` asks for it then), on other databases and without the role split.

    Nothing goes to the server here: the ``set_config`` rides in front of the next statement of this connection, in
    the same message and the same round trip (``garde``), so no statement ever runs under another state than the one
    asked for last, and a request pays no round trip of its own for RLS — neither for the return to « no tenant »
    after the previous request nor for its own collectivité (docs/performance.md §15). The state last set outside a
    transaction is remembered per connection, and asking for it again costs nothing (a nested context of the same
    collectivité). A setting made inside a transaction may be undone by a rollback, so it is never remembered.
    ``differer`` is kept for the callers that leave a context: every state now waits for the next statement.
    """
    brute = connection.connection
    if brute is None or not actif(connection):
        return
    role = roles().get("transversal") if transversal else None
    etat = (id(brute), "" if collectivite_id is None else str(collectivite_id), role or "none")
    connection._relais_etat_du = None if getattr(connection, "_relais_etat_rls", None) == etat else etat


INCONNU = object()  # ``tenant_pris``: the message ran, but which tenant it left is not known


def tenant_pris(connection, collectivite_id, voulu_id, transversal):
    """A statement of the last message set ``app.tenant_id`` to ``collectivite_id`` itself (the session's read,
    ``comptes.backends.lire_session``), the role unchanged. The connection is now in that state; the state the
    context asks for (``voulu_id``, ``transversal``) goes with the next statement (``garde``) — or nothing, when it is
    the same: a request whose context is its user's collectivité sends no ``set_config`` of its own at all. Inside a
    transaction the state is not remembered (a rollback may undo it): the context's is sent again. ``INCONNU``: the
    message ran but its tenant is not known (a failure while reading its rows): the context's is sent again."""
    brute = connection.connection
    if brute is None or not actif(connection):
        return
    role = roles().get("transversal") if transversal else None
    voulu = (id(brute), "" if voulu_id is None else str(voulu_id), role or "none")
    reel = (
        None
        if collectivite_id is INCONNU
        else (id(brute), "" if collectivite_id is None else str(collectivite_id), voulu[2])
    )
    dans_une_transaction = connection.in_atomic_block
    connection._relais_etat_rls = None if dans_une_transaction else reel
    connection._relais_etat_du = None if reel == voulu and not dans_une_transaction else voulu


@functools.lru_cache(maxsize=256)
def _requete_etat(collectivite_id, role):
    """The ``set_config`` statement of a state, its values written as literals: it is sent in front of a statement
    whose parameters psycopg binds on the client (no placeholder may be added) and through the simple query protocol
    (one message, several statements). The values are an integer's digits and a configured role name; quotes are
    doubled all the same (``standard_conforming_strings`` is on since PostgreSQL 9.1)."""

    def litteral(valeur):
        return "'" + valeur.replace("'", "''") + "'"

    return (
        f"SELECT set_config('{PARAMETRE}', {litteral(collectivite_id)}, false), "
        f"set_config('role', {litteral(role)}, false)"
    )


def garde(execute, sql, params, many, context):
    """Execute wrapper of every connection: the state asked for by ``poser_etat`` goes with this statement.

    A Django cursor binds its parameters on the client and sends one query message: the ``set_config`` is put in
    front of the statement (``SELECT set_config(…); <statement>``), PostgreSQL runs both in order, and the cursor is
    moved to the statement's own result. ``executemany`` (a pipeline, one statement per message), other cursors and
    a statement that is not a string (a ``psycopg.sql`` object) get the ``set_config`` in a round trip of its own
    first. If the statement fails, its implicit transaction (or the caller's) may undo the setting: it is asked for
    again, and the next statement sends it again. Inside a transaction it is sent with every statement, since a
    rollback (of the transaction or of a savepoint) undoes it without passing here; the first statement outside a
    transaction sends it once more and remembers it. Only what goes through Django's cursors passes here (the raw
    connection's health check, ``SELECT 1``, does not), as before for the deferred reset.
    """
    connection = context["connection"]
    etat = getattr(connection, "_relais_etat_du", None)
    if etat is None or (isinstance(sql, str) and sql.startswith("ROLLBACK")):
        # a rollback (to a savepoint) goes bare: it may run in an aborted transaction, where any other statement
        # fails; the state stays asked for, and goes with the next statement
        return execute(sql, params, many, context)
    brute = connection.connection
    if etat[0] != id(brute):  # asked for on a connection since closed: connection_created asked again
        connection._relais_etat_du = None
        return execute(sql, params, many, context)
    from psycopg import ClientCursor

    curseur = context["cursor"].cursor
    connection._relais_etat_du = None
    connection._relais_etat_rls = None
    prefixe = _requete_etat(*etat[1:])
    try:
        if many or not isinstance(curseur, ClientCursor) or not isinstance(sql, str):
            brute.execute(prefixe)
            resultat = execute(sql, params, many, context)
        else:
            # psycopg interpolates %s only when there are parameters: the literals must then survive it
            prefixe = prefixe.replace("%", "%%") if params is not None else prefixe
            resultat = execute(f"{prefixe}; {sql}", params, many, context)
            curseur.nextset()
    except BaseException:
        connection._relais_etat_du = etat
        raise
    if connection.in_atomic_block:
        # a rollback of the transaction or of a savepoint would undo the setting without passing here: the state is
        # sent again with every statement of the transaction, and remembered by the first one outside it
        connection._relais_etat_du = etat
    else:
        connection._relais_etat_rls = etat
    return resultat
