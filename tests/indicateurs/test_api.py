from datetime import date

import pytest
import yaml
from rest_framework.test import APIClient

from collectivites.tenancy import tenant_context
from indicateurs import calcul, statistiques, tableaux
from indicateurs.api import DIMENSIONS
from indicateurs.enums import Periodicite
from reseau.models import LieuAccueil, Structure

from .test_vues import activite  # noqa: F401 (fixture)


@pytest.fixture
def api():
    return APIClient()


def test_snapshots_are_listed_with_their_method_and_target(api, david, lot, lieu_a, zoe):
    with tenant_context(lot):
        LieuAccueil.objects.filter(pk=lieu_a.pk).update(horaires="Mo-Fr 09:00-12:00")
        Structure.objects.filter(pk=lieu_a.structure_id).update(niveau_engagement="active")
        calcul.calculer(lot, *calcul.periode_annuelle(2025), Periodicite.ANNUELLE)
    api.force_login(david)
    donnees = api.get("/api/indicateurs/", {"indicateur": "couverture", "annee": 2025}).json()
    assert donnees["count"] == 1
    i = donnees["results"][0]
    assert i["parametres"]["detour"] == 1.3 and i["entrees"]["lieux"] == 1 and i["unite"] == "%"
    api.force_login(zoe)
    assert api.get("/api/indicateurs/").json()["count"] == 0


def test_statistics_come_from_the_rollups_with_small_cells_hidden(api, david, activite):  # noqa: F811
    api.force_login(david)
    r = api.get("/api/statistiques/", {"source": "passages", "dimension": "motif", "annee": 2026}).json()
    assert r["seuil_secret"] == 5
    assert [c["valeur"] for c in r["cellules"]] == [None, None]  # 3, and 6 which would give it away
    mois = api.get("/api/statistiques/", {"source": "passages", "dimension": "mois", "annee": 2026}).json()
    assert mois["cellules"] == [{"cle": "2026-03", "libelle": "03/2026", "valeur": 16}]
    r = api.get("/api/statistiques/", {"source": "passages", "dimension": "nimporte"})
    assert r.status_code == 400 and "dimension" in r.json()


def test_reception_staff_have_no_statistics(api, alice):
    api.force_login(alice)
    assert api.get("/api/statistiques/", {"source": "passages", "dimension": "canal"}).status_code == 403


def test_the_schema_documents_indicators_and_statistics(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert {"/api/indicateurs/", "/api/indicateurs/{id}/", "/api/statistiques/"} <= set(schema["paths"])


def test_the_api_reads_the_same_cells_as_the_rollup_reader(activite, lieu_a, cahors):  # noqa: F811
    """The API reads its breakdowns in plain SQL (indicateurs.tableaux.lire): the same cells, order and hidden cells
    as statistiques.lire, for the network, a structure's sites and a territory's communes."""
    debut, fin = date(2026, 1, 1), date(2026, 12, 31)
    compares = 0
    with tenant_context(activite):
        for source, dimensions in DIMENSIONS.items():
            for dimension in set(dimensions) - {"lieu", "mois"}:
                for lieux, communes in [(None, None), ([lieu_a.pk], None), ([lieu_a.pk], [cahors.code])]:
                    for seuil in (1, 5):
                        attendu = statistiques.lire(source, dimension, debut, fin, seuil, lieux, communes)
                        assert tableaux.lire(source, dimension, debut, fin, seuil, lieux, communes) == attendu
                        compares += bool(attendu)
    assert compares >= 10  # the passages' breakdowns have cells: the comparison is not between empty lists
