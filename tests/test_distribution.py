"""Ready to shard by collectivité (docs/distribution.md): every statement on a tenant table names its collectivité.

The SQL of a representative set of requests, tasks and commands is captured; a statement that reads or writes a
tenant table (one with a ``collectivite_id`` column under RLS, docs/securite.md §30) must filter or join on
``collectivite_id`` (an INSERT must carry it), so that a distributed database (Citus, distribution column
``collectivite_id``) can route it to the one node holding that collectivité. The reference tables (COG territory,
collectivités, accounts — read at login before the collectivité is known —, Django's own tables) are the named
exception: they would be replicated to every node.
"""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collectivites import rls
from collectivites.tenancy import tenant_context
from indicateurs import calcul, statistiques
from indicateurs.enums import Periodicite

from .indicateurs.test_vues import activite  # noqa: F401  (fixture: a month of activity in the Lot)

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'\b(?:FROM|JOIN|UPDATE|INTO)\s+"(\w+)"')
FILTRE = re.compile(r'"collectivite_id"\s*(?:=|IN\s*\()|=\s*"\w+"\."collectivite_id"')
HORS_TABLES = re.compile(r"^\s*(?:SAVEPOINT|RELEASE|ROLLBACK|COMMIT|BEGIN|SET|SELECT set_config)", re.I)
# several statements sent in one message (the dashboard's reads in one round trip, the tenant setting in front of a
# statement): each is checked on its own, so that one statement's filter does not cover another's
INSTRUCTIONS = re.compile(r";\s*(?=(?:SELECT|INSERT|UPDATE|DELETE|WITH|SET|PREPARE|EXECUTE)\b)", re.I)
# a prepared statement (docs/performance.md §16) is checked as its text: the PREPARE's, or for an EXECUTE the one
# the server holds under that name
PREPARE = re.compile(r"^\s*PREPARE\s+\w+\s+AS\s+", re.I)
EXECUTE = re.compile(r"^\s*EXECUTE\s+(\w+)", re.I)


def _tables_tenant():
    with connection.cursor() as cursor:
        return set(rls.tables_a_proteger(cursor))


def ecarts(requetes, tables_tenant, preparees=None):
    """The statements on a tenant table that name no collectivité (what a router could not send to one node).
    ``preparees``: {name: statement} of the prepared statements; an EXECUTE of another name is reported."""
    resultat = []
    for sql in (instruction for message in requetes for instruction in INSTRUCTIONS.split(message)):
        if execute := EXECUTE.match(sql):
            if execute[1] not in (preparees or {}):
                resultat.append(sql)
                continue
            sql = preparees[execute[1]]
        sql = PREPARE.sub("", sql)
        if HORS_TABLES.match(sql):
            continue
        touchees = set(TABLE.findall(sql)) & tables_tenant
        if not touchees:
            continue
        if sql.lstrip().upper().startswith("INSERT"):
            if '"collectivite_id"' not in sql:
                resultat.append(sql)
        elif not FILTRE.search(sql):
            resultat.append(sql)
    return resultat


def test_every_tenant_model_reads_its_related_objects_in_its_collectivite(lot):
    from django.apps import apps

    from collectivites.models import TenantModel
    from collectivites.tenancy import ManagerDeBase

    modeles = [m for m in apps.get_models() if issubclass(m, TenantModel)]
    assert modeles and all(isinstance(m._base_manager, ManagerDeBase) for m in modeles)
    with tenant_context(lot):
        assert '"collectivite_id" =' in str(modeles[0]._base_manager.all().query)


def _preparees():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def test_the_check_names_a_statement_without_its_collectivite():
    tables = {"accueil_passage"}
    assert ecarts(
        [
            'SELECT "accueil_passage"."id" FROM "accueil_passage" WHERE "accueil_passage"."id" = 3',
            'SELECT 1 FROM "accueil_passage" WHERE "accueil_passage"."collectivite_id" = 2',
            'SELECT "territoire_commune"."nom" FROM "territoire_commune" WHERE "territoire_commune"."code" = \'46042\'',
            'INSERT INTO "accueil_passage" ("collectivite_id", "lieu_id") VALUES (2, 5)',
            "SELECT set_config('app.tenant_id', '2', false); SELECT 1 FROM \"accueil_passage\" WHERE \"id\" = 4",
            'SELECT 1 FROM "accueil_passage" WHERE "collectivite_id" = 2;'
            ' SELECT 2 FROM "accueil_passage" WHERE "id" = 5',
            'PREPARE p1 AS SELECT 1 FROM "accueil_passage" WHERE "id" = $1; EXECUTE p1(3)',
            "EXECUTE p2(4); EXECUTE p3(5); EXECUTE inconnue(6)",
        ],
        tables,
        {
            "p1": 'PREPARE p1 AS SELECT 1 FROM "accueil_passage" WHERE "id" = $1',
            "p2": 'PREPARE p2 AS SELECT 1 FROM "accueil_passage" WHERE "collectivite_id" = $1',
            "p3": 'PREPARE p3 AS SELECT 1 FROM "accueil_passage" WHERE "id" = $1',
        },
    ) == [
        'SELECT "accueil_passage"."id" FROM "accueil_passage" WHERE "accueil_passage"."id" = 3',
        'SELECT 1 FROM "accueil_passage" WHERE "id" = 4',
        'SELECT 2 FROM "accueil_passage" WHERE "id" = 5',
        'SELECT 1 FROM "accueil_passage" WHERE "id" = $1',
        'SELECT 1 FROM "accueil_passage" WHERE "id" = $1',
        'SELECT 1 FROM "accueil_passage" WHERE "id" = $1',
        "EXECUTE inconnue(6)",
    ]


def _capturer(operation):
    with CaptureQueriesContext(connection) as capture:
        resultat = operation()
    # a page must really be served (a redirection to the login page would pass with no query at all)
    assert getattr(resultat, "status_code", 200) in (200, 302)
    assert "/connexion" not in getattr(resultat, "url", "")
    return [q["sql"] for q in capture.captured_queries]


def _verifier(nom, operation):
    requetes = _capturer(operation)
    assert requetes, nom
    fautives = ecarts(requetes, _tables_tenant(), _preparees())
    assert not fautives, f"{nom} : {len(fautives)} requête(s) sans collectivite_id :\n" + "\n".join(fautives[:10])


def test_the_desk_saves_a_passage(client, alice, saisie):
    client.force_login(alice)
    _verifier("enregistrer un passage", lambda: client.post("/accueil/passage/nouveau/", saisie()))


def test_the_person_search(client, alice, jeanne):
    client.force_login(alice)
    _verifier("rechercher une personne", lambda: client.get("/usagers/recherche/", {"q": "Dupont"}))


def test_the_support_page(client, bob, soutien):
    client.force_login(bob)
    _verifier("page d'un accompagnement", lambda: client.get(f"/accompagnements/{soutien.pk}/"))


def test_the_dashboard_and_its_exports(client, david, activite):  # noqa: F811
    client.force_login(david)
    _verifier("tableau de bord", lambda: client.get(reverse("indicateurs:tableau_de_bord"), {"annee": 2026}))
    export = reverse("indicateurs:export", kwargs={"table": "passages_motif", "format_": "csv"})
    _verifier("export", lambda: client.get(export, {"annee": 2026}))


def test_the_rollup_refresh_and_the_indicator_computation(activite):  # noqa: F811
    with tenant_context(activite):
        _verifier("rafraîchir les agrégats", lambda: statistiques.rafraichir_tout(activite))
        _verifier(
            "calculer les indicateurs",
            lambda: calcul.calculer(activite, date(2026, 1, 1), date(2026, 12, 31), Periodicite.ANNUELLE),
        )
