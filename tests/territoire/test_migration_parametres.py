"""ParametresCouverture moved from indicateurs to territoire: migrating a database that has rows keeps them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from collectivites.tenancy import tenant_context
from territoire.models import ParametresCouverture

AVANT = [("indicateurs", "0002_instantane_calcul_protege"), ("territoire", "0001_initial")]


def migrer(cibles=None):
    """To ``cibles``, or back to the latest state of every app: going back to AVANT also unapplies the migrations of
    other apps that depend on a later territoire (developpement, aides…), which the following tests need."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(cibles or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_collectivites_parameters_survive_the_move(lot, proprietaire_bd):
    migrer(AVANT)
    try:
        with connection.cursor() as c:
            c.execute(
                "INSERT INTO indicateurs_parametrescouverture (collectivite_id, seuil_minutes, detour, vitesse_kmh,"
                " osrm_url) VALUES (%s, 25, 1.2, 40, 'http://osrm.lot.test')",
                [lot.pk],
            )
    finally:
        migrer()
    with tenant_context(lot):
        p = ParametresCouverture.objects.get()
        assert (p.seuil_minutes, p.detour, p.vitesse_kmh, p.osrm_url) == (25, 1.2, 40, "http://osrm.lot.test")
        assert p.estimateur().vitesse_kmh == 40
        p.delete()
        ParametresCouverture.objects.create(collectivite=lot, vitesse_kmh=45)  # the id sequence followed the table
