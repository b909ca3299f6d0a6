"""The database wall: PostgreSQL row-level security on every tenant table (docs/securite.md §30).

The test bodies here run as the bare application role (``role_applicatif``, after the data is built): raw SQL
only, so what they prove is what the database itself refuses. Collectivité B gets one row per tenant model
(``collectivite_b`` of the isolation sweep); the per-table tests are generated from the models, and the sweep reads
the database itself, so a new tenant table of any app is covered without editing this file.
"""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from collectivites import rls, tenancy
from collectivites.tenancy import cross_tenant_access, role_transversal, tenant_context

from .test_isolation import collectivite_b  # noqa: F401  (the fixture: one row of B per tenant model)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.RELAIS_ROLES_BD["app"], reason="RLS : PostgreSQL et ses rôles (make test)"),
]


def _tables_des_modeles():
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and any(c.column == rls.COLONNE for c in model._meta.concrete_fields):
            tables.add(model._meta.db_table)
    return sorted(tables - set(rls.TABLES_HORS_RLS))


TABLES = _tables_des_modeles()


@pytest.fixture
def role_applicatif():
    """Leave the test suite's cross-tenant path (tests/conftest.py): the bare application role, no context.
    Request it after the fixtures that build data."""
    with tenancy._etat_bd(None, False):
        yield


def _compter(table, condition="true", params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)} WHERE {condition}", params)
        return cursor.fetchone()[0]


def test_the_app_connects_as_a_role_that_neither_owns_the_tables_nor_bypasses_rls(role_applicatif):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        role, superutilisateur, contourne = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tableowner = %s", [role])
        possedees = cursor.fetchone()[0]
    assert role == settings.RELAIS_ROLES_BD["app"]
    assert (superutilisateur, contourne, possedees) == (False, False, 0)


def test_every_table_with_a_tenant_column_has_forced_rls_and_its_policies(role_applicatif):
    """The sweep: reads the database, so a table of a new app, a history table or a raw-SQL table is checked too."""
    with connection.cursor() as cursor:
        manquements = rls.manquements(rls.tables_a_proteger(cursor), rls.etat(cursor))
    assert manquements == {}, f"tables sans RLS forcée et ses polices : {manquements}"


def test_the_sweep_names_a_table_that_lacks_forced_rls_or_a_policy(role_applicatif):
    etat = {
        "nouvelle_table": (False, False, set()),
        "non_forcee": (True, False, {rls.POLICE, rls.POLICE_TRANSVERSALE}),
        "sans_police": (True, True, {rls.POLICE_TRANSVERSALE}),
        "complete": (True, True, {rls.POLICE, rls.POLICE_TRANSVERSALE}),
    }
    assert set(rls.manquements(list(etat), etat)) == {"nouvelle_table", "non_forcee", "sans_police"}


def test_the_tables_outside_the_wall_exist_and_have_a_reason(role_applicatif):
    with connection.cursor() as cursor:
        tables = set(rls.tables_tenant(cursor))
    for table, raison in rls.TABLES_HORS_RLS.items():
        assert table in tables and raison


def test_the_generated_list_covers_the_tenant_tables_of_the_database(role_applicatif):
    with connection.cursor() as cursor:
        assert set(rls.tables_a_proteger(cursor)) == set(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_a_raw_query_under_a_sees_no_row_of_b_and_no_context_sees_nothing(
    table,
    collectivite_b,  # noqa: F811
    lot,
    cast_a,
    role_applicatif,
):
    with role_transversal("test : vérifier que B a bien des lignes dans chaque table"):
        lignes_b = _compter(table, "collectivite_id = %s", [collectivite_b.pk])
        assert _compter(table) > 0
    assert lignes_b > 0, f"aucune ligne de B dans {table} : compléter collectivite_b (tests/test_isolation.py)"
    with tenant_context(lot):
        assert _compter(table, "collectivite_id <> %s", [lot.pk]) == 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {connection.ops.quote_name(table)} SET collectivite_id = collectivite_id "
                "WHERE collectivite_id = %s",
                [collectivite_b.pk],
            )
            assert cursor.rowcount == 0
    with tenant_context(collectivite_b):
        assert _compter(table) == lignes_b
    assert _compter(table) == 0


def test_a_row_cannot_be_written_into_another_collectivite(collectivite_b, lot, cast_a, jeanne, role_applicatif):  # noqa: F811
    from django.db import DatabaseError, transaction

    with tenant_context(lot), pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE usagers_usager SET collectivite_id = %s", [collectivite_b.pk])


@pytest.mark.django_db(transaction=True)
def test_a_connection_opened_inside_a_context_gets_it(collectivite_b, lot, cast_a, role_applicatif):  # noqa: F811
    with tenant_context(collectivite_b):
        connection.close()
        assert _compter("reseau_structure", "collectivite_id <> %s", [collectivite_b.pk]) == 0
        assert _compter("reseau_structure") > 0
    assert _compter("reseau_structure") == 0


@pytest.fixture
def allers_retours(monkeypatch):
    """The statements sent to PostgreSQL, one per round trip: every ``execute`` of a psycopg cursor (Django's
    queries and any ``set_config`` sent on its own), with the SQL as sent."""
    import psycopg

    envoyes = []
    execute = psycopg.Cursor.execute

    def compter(self, query, params=None, **kwargs):
        envoyes.append(query if isinstance(query, str) else str(query))
        return execute(self, query, params, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", compter)
    return envoyes


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_reset_after_a_context_waits_for_the_next_statement(lot, cast_a, role_applicatif):
    """Leaving a request's context costs no round trip: the next context sets its own collectivité, and a statement
    run outside any context first puts the connection back to « no tenant »."""
    assert _compter("reseau_structure") == 0
    with tenant_context(lot):
        assert _compter("reseau_structure") > 0
    assert connection._relais_etat_du[1:] == ("", "none")
    assert _compter("reseau_structure") == 0
    assert connection._relais_etat_du is None


@pytest.mark.django_db(transaction=True)
def test_the_tenant_rides_with_the_next_statement_in_one_round_trip(
    collectivite_b,  # noqa: F811
    lot,
    cast_a,
    role_applicatif,
    allers_retours,
):
    """docs/performance.md §15: a request's reset and its collectivité cost no round trip of their own — the
    ``set_config`` goes in the same message as the statement that follows, and that statement sees its tenant."""
    for collectivite in (lot, collectivite_b, lot):
        allers_retours.clear()
        with tenant_context(collectivite):
            assert _compter("reseau_structure", "collectivite_id <> %s", [collectivite.pk]) == 0
            assert _compter("reseau_structure") > 0
        assert len(allers_retours) == 2
        assert "set_config" in allers_retours[0] and "set_config" not in allers_retours[1]
    allers_retours.clear()
    assert _compter("reseau_structure") == 0
    assert len(allers_retours) == 1 and "set_config" in allers_retours[0]
    allers_retours.clear()
    with tenant_context(lot), tenant_context(lot):  # the same state again: nothing to send
        assert _compter("reseau_structure") > 0
    assert _compter("reseau_structure") == 0
    assert len(allers_retours) == 2


@pytest.mark.django_db(transaction=True)
def test_a_desk_request_pays_no_round_trip_of_its_own_for_rls(client, alice, lieu_a, role_applicatif, allers_retours):
    """docs/performance.md §5, §16: the previous request's reset, the session, its user, their memberships and the
    tenant those need go in one message; that tenant is the request's context's, so the view's statements send no
    ``set_config``. None is sent alone, and the page is the desk's."""
    with role_transversal("test : la connexion d'Alice"):
        client.force_login(alice)
    for _ in range(2):  # the first request after the login also writes the session (its activity time)
        assert client.get("/accueil/passage/nouveau/").status_code == 200
    allers_retours.clear()
    reponse = client.get("/accueil/passage/nouveau/")
    assert reponse.status_code == 200 and lieu_a.nom in reponse.content.decode()
    portes = [q for q in allers_retours if "set_config" in q]
    assert len(portes) == 1, allers_retours  # the view's statements carry none: the tenant is already the user's
    assert "EXECUTE relais_session" in portes[0]
    lues = re.findall(r"EXECUTE relais_session_\d+_(\w+)\(", portes[0])
    assert lues == ["tenant", "session", "utilisateur", "adhesions"], portes[0]
    assert len(allers_retours) > 1  # and the view's reads did run


def _etat():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.tenant_id', true), current_user")
        return cursor.fetchone()


def _session_de(client, user):
    """A session of ``user`` opened by a login (its ``SessionOuverte`` row written), and its key."""
    with role_transversal("test : une connexion"):
        client.force_login(user)
    return client.cookies["sessionid"].value


def _lire_session(cle):
    from django.utils import timezone

    from comptes import backends

    return backends.lire_session(connection, cle, timezone.now())


@pytest.mark.django_db(transaction=True)
def test_reading_the_session_user_leaves_the_database_tenant_as_it_was(
    client,
    lot,
    collectivite_b,  # noqa: F811
    alice,
    cast_a,
    role_applicatif,
    allers_retours,
):
    """docs/performance.md §16: the session's read takes its user's collectivité as tenant for its own message only.
    Before any context, after it no row is visible; inside B's context, B's rows still are, and A's memberships were
    read."""
    from comptes.backends import EmailBackend

    cle = _session_de(client, alice)
    assert _compter("reseau_structure") == 0
    allers_retours.clear()
    assert _lire_session(cle)
    user = EmailBackend().get_user(alice.pk)
    assert len(allers_retours) == 1  # the session, the user, the collectivité, the memberships: one round trip
    assert user == alice and user.collectivite == lot and user.structures_actives_ids()
    assert len(allers_retours) == 1 and _compter("reseau_structure") == 0 and _etat()[0] in ("", None)
    with tenant_context(collectivite_b):
        assert _compter("reseau_structure") > 0
        assert _lire_session(cle)
        user = EmailBackend().get_user(alice.pk)
        assert user.structures_actives_ids() and all(m.collectivite_id == lot.pk for m in user.adhesions_actives())
        assert _compter("reseau_structure", "collectivite_id <> %s", [collectivite_b.pk]) == 0
        assert _compter("reseau_structure") > 0
    assert _compter("reseau_structure") == 0
    from django.db import transaction

    with transaction.atomic():  # inside a transaction too, the next statement is back to no tenant
        assert _lire_session(cle) and _compter("reseau_structure") == 0
    with tenant_context(lot):  # and in the user's own collectivité, it stays theirs without a word
        allers_retours.clear()
        assert _lire_session(cle) and _compter("reseau_structure", "collectivite_id <> %s", [lot.pk]) == 0
        assert _compter("reseau_structure") > 0 and not any("set_config" in q for q in allers_retours[1:])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dans_une_transaction", [False, True])
def test_a_session_read_that_fails_does_not_leave_the_users_tenant(
    client, lot, alice, cast_a, role_applicatif, monkeypatch, dans_une_transaction
):
    """If the message fails after taking the user's collectivité as tenant (here its memberships' statement), the
    failed transaction — the message's own, or the caller's — undoes the setting: no row is visible afterwards."""
    from contextlib import nullcontext

    from django.db import DataError, transaction

    from comptes import backends

    cle = _session_de(client, alice)
    adhesions = backends._instructions(connection.alias)["adhesions"]
    monkeypatch.setattr(adhesions, "sql", "SELECT 1 / 0")
    monkeypatch.setattr(adhesions, "parametres", [])
    backends._PREPAREES.oublier(connection)  # prepared anew, from the failing statement
    with pytest.raises(DataError), transaction.atomic() if dans_une_transaction else nullcontext():
        _lire_session(cle)
    assert _etat()[0] in ("", None) and _compter("reseau_structure") == 0
    monkeypatch.undo()
    backends._PREPAREES.oublier(connection)
    assert _lire_session(cle) and backends.EmailBackend().get_user(alice.pk) == alice
    assert _compter("reseau_structure") == 0


@pytest.mark.django_db(transaction=True)
def test_a_statement_that_fails_does_not_lose_the_tenant_it_carried(lot, cast_a, role_applicatif):
    """The failed statement's implicit transaction undoes the ``set_config`` that rode with it: the next statement
    sends it again, and sees the collectivité's rows (not the previous state's)."""
    from django.db import DataError

    with tenant_context(lot):
        with pytest.raises(DataError), connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")
        assert _compter("reseau_structure") > 0
        assert _compter("reseau_structure", "collectivite_id <> %s", [lot.pk]) == 0
    assert _compter("reseau_structure") == 0


@pytest.mark.django_db(transaction=True)
def test_executemany_gets_its_tenant_too(lot, cast_a, role_applicatif):
    """``executemany`` sends one statement per message (a pipeline): the ``set_config`` goes first, on its own."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE vus (n bigint)")
    with tenant_context(lot):
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO vus SELECT count(*) FROM reseau_structure WHERE collectivite_id = %s", [[lot.pk]] * 2
            )
            cursor.execute("SELECT min(n) FROM vus")
            assert cursor.fetchone()[0] > 0


def test_the_escape_hatch_sees_every_collectivite_and_needs_a_reason(collectivite_b, lot, cast_a, role_applicatif):  # noqa: F811
    with tenant_context(lot), cross_tenant_access("test : le chemin transversal voit tout"):
        assert _compter("reseau_structure", "collectivite_id = %s", [collectivite_b.pk]) > 0
        assert _compter("reseau_structure", "collectivite_id = %s", [lot.pk]) > 0
    with pytest.raises(ValueError):
        with role_transversal(" "):
            pass
    assert _compter("reseau_structure") == 0


@pytest.mark.django_db(transaction=True)
def test_a_session_read_that_fails_after_the_database_answered_leaves_no_tenant_behind(
    client, lot, alice, cast_a, role_applicatif, monkeypatch
):
    """The message ran (the user's collectivité taken as tenant, committed) and then Python failed reading its rows:
    the connection's state is unknown, so the context's — here none — goes with the next statement."""
    from comptes import backends

    cle = _session_de(client, alice)
    lecture = backends._instructions(connection.alias)["utilisateur"]

    def casse(rangees):
        raise RuntimeError("lecture interrompue")

    monkeypatch.setattr(lecture, "instances", casse)
    with pytest.raises(RuntimeError):
        _lire_session(cle)
    assert _compter("reseau_structure") == 0 and _etat()[0] in ("", None)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_does_not_bring_back_another_collectivites_tenant(
    client,
    lot,
    collectivite_b,  # noqa: F811
    alice,
    cast_a,
    role_applicatif,
):
    """A signed-in user of A on a page of B: the session's message takes A, B's context is sent with the next
    statement — inside a transaction, whose rollback undoes it. The statements after the rollback still run in B
    (docs/securite.md §30): inside a transaction the context's state goes with every statement, and is remembered
    only by one outside a transaction."""
    from django.db import transaction

    class Abandon(Exception):
        pass

    cle = _session_de(client, alice)
    with tenant_context(collectivite_b):
        assert _lire_session(cle)
        with pytest.raises(Abandon), transaction.atomic():
            assert _compter("reseau_structure", "collectivite_id <> %s", [collectivite_b.pk]) == 0
            with transaction.atomic():  # a savepoint, then its rollback
                assert _compter("reseau_structure") > 0
                transaction.set_rollback(True)
            assert _compter("reseau_structure", "collectivite_id <> %s", [collectivite_b.pk]) == 0
            raise Abandon
        assert _compter("reseau_structure", "collectivite_id <> %s", [collectivite_b.pk]) == 0
        assert _compter("reseau_structure") > 0
