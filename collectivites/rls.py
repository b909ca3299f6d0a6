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
    """Set the tenant and the role of this connection's session: one statement, outside Django's query log.

    ``collectivite_id`` None and not ``transversal``: no tenant, no row. Does nothing before the connection is open
    (``connection_created`` sets it then), on other databases and without the role split.

    The state last set outside a transaction is remembered per connection, and setting it again is skipped (a
    nested context of the same collectivité: no round trip). A setting made inside a transaction may be undone by a
    rollback, so it is never remembered. ``differer`` (leaving the outermost context, outside a transaction): the
    return to « no tenant » waits for the next statement that runs outside any context (``garde``) — most often the
    next request or task sets its own collectivité first, and the reset costs no round trip at all.
    """
    brute = connection.connection
    if brute is None or not actif(connection):
        return
    role = roles().get("transversal") if transversal else None
    etat = (id(brute), "" if collectivite_id is None else str(collectivite_id), role or "none")
    if differer and etat[1:] == ("", "none") and not connection.in_atomic_block:
        connection._relais_remise_due = getattr(connection, "_relais_etat_rls", None) != etat
        return
    connection._relais_remise_due = False
    if getattr(connection, "_relais_etat_rls", None) == etat:
        return
    connection._relais_etat_rls = None
    brute.execute("SELECT set_config(%s, %s, false), set_config('role', %s, false)", [PARAMETRE, *etat[1:]])
    if not connection.in_atomic_block:
        connection._relais_etat_rls = etat


def garde(execute, sql, params, many, context):
    """Execute wrapper of every connection: a reset deferred by ``poser_etat`` happens before the next statement."""
    connection = context["connection"]
    if getattr(connection, "_relais_remise_due", False):
        poser_etat(connection, None, False)
    return execute(sql, params, many, context)
