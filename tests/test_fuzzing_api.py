"""docs/securite.md §22: a bounded schemathesis run of the whole API, from its own OpenAPI schema, with the API tokens
of three roles. Every operation, positive and negative data, derandomized: the same cases on every run.

It fails on a server error, on a status code the schema does not document and on an answer that contradicts the
schema (body or content type). Outside checks found 104 server errors in 27,834 cases before issue #12.
"""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from collectivites.tenancy import tenant_context
from config.erreurs import INTROUVABLE
from config.wsgi import application
from tests.connexion import jeton_api

from . import factories as f

EXEMPLES_PAR_OPERATION = 12
VERIFICATIONS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def donnees_du_lot(lot, lieu_a, jeanne, motifs, soutien, structure_a2, dans_le_lot):
    """A little of everything, so that detail operations find rows as well as 404s."""
    passage = f.PassageFactory(lieu=lieu_a, usager=jeanne)
    f.OrientationFactory(passage=passage, structure_destinataire=structure_a2)
    return passage


@pytest.fixture
def connexion_gardee():
    """The WSGI handler closes the database connection at the end of each request; like Django's test client, keep it
    open, so that the app reads the test's rows inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations(schema):
    for resultat in schema.get_all_operations():
        yield resultat.ok()


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("role", ["alice", "bob", "david"])
def test_the_api_answers_every_fuzzed_request_as_its_schema_says(
    request, role, donnees_du_lot, cast_a, connexion_gardee
):
    utilisateur = request.getfixturevalue(role)
    jeton = jeton_api(utilisateur)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    echecs, cas, debut = {}, 0, time.monotonic()

    for operation in _operations(schema):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXEMPLES_PAR_OPERATION,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def essayer(case):
                nonlocal cas
                cas += 1
                case.headers = {**(case.headers or {}), "Authorization": f"Token {jeton}"}
                reponse = case.call()
                try:
                    case.validate_response(reponse, checks=VERIFICATIONS)
                except BaseExceptionGroup as e:  # schemathesis' FailureGroup: every failed check of this case
                    for echec in e.exceptions:
                        cle = f"{case.operation.label} → {reponse.status_code} : {echec.title}"
                        echecs.setdefault(cle, f"{cle}\n{echec.message[:300]}\n{case.as_curl_command()}")

            try:
                essayer()
            except Unsatisfiable:  # nothing to make invalid (an operation without parameters nor body)
                assert mode == GenerationMode.NEGATIVE, operation.label

    print(f"{role}: {cas} cas en {time.monotonic() - debut:.1f} s")
    assert not echecs, "\n\n".join(echecs.values())


# The bugs the outside run found, pinned one by one (issue #12 point 9).


@pytest.fixture
def api_alice(alice, david):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(alice)}")
    return api


@pytest.mark.parametrize("annee", ["0", "99999", "-1", "deux mille"])
def test_a_year_out_of_bounds_is_a_400_naming_it(annee, david):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(david)}")
    reponse = api.get("/api/indicateurs/", {"annee": annee})
    assert reponse.status_code == 400
    assert "entre 2000 et 2100" in reponse.json()["annee"][0]
    reponse = api.get("/api/statistiques/", {"source": "passages", "dimension": "total", "annee": annee})
    assert reponse.status_code == 400 and "annee" in reponse.json()


@pytest.mark.parametrize("champ", ["motifs", "commune_residence"])
def test_a_nul_byte_in_a_code_is_a_400_and_writes_nothing(api_alice, lieu_a, motifs, champ):
    from accueil.models import Passage

    donnees = {"lieu": lieu_a.pk, "motifs": ["acces_droits"], champ: "ca\x00f" if champ != "motifs" else ["a\x00"]}
    reponse = api_alice.post("/api/passages/", donnees, format="json")
    assert reponse.status_code == 400
    assert "NUL" in str(reponse.json()[champ])
    with tenant_context(lieu_a.collectivite):
        assert not Passage.objects.exists()


def test_the_schema_allows_the_blank_reason_of_an_orientation_and_documents_errors(client, db):
    schema = client.get("/api/schema/?format=json").json()
    motif_refus = schema["components"]["schemas"]["Orientation"]["properties"]["motif_refus"]
    assert any(s.get("$ref", "").endswith("BlankEnum") for s in motif_refus.get("oneOf", [])), motif_refus
    for chemin, operations in schema["paths"].items():
        for methode, operation in operations.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (methode, chemin)


def test_an_unknown_api_path_answers_json(api_alice):
    reponse = api_alice.get("/api/passages/1/inconnu/")
    assert reponse.status_code == 404 and reponse.json() == {"detail": INTROUVABLE}


def _routes_de_detail():
    """Every detail route of the API's router, with an id that names nothing (a code for the communes)."""
    from config.urls import router

    for prefixe, viewset, basename in router.registry:
        if hasattr(viewset, "retrieve"):
            cle = viewset.lookup_url_kwarg or viewset.lookup_field
            yield prefixe, reverse(f"{basename}-detail", kwargs={cle: "00000" if cle == "code" else "999999999"})


@pytest.mark.parametrize("prefixe,adresse", list(_routes_de_detail()))
def test_every_api_404_is_the_same_french_answer(client, cast_a, prefixe, adresse):
    """docs/securite.md §22: a missing object answers as an unknown address does, in French, naming no model (Django's
    « No Passage matches the given query. » before)."""
    statuts = set()
    for utilisateur in cast_a.values():
        client.force_login(utilisateur)
        reponse = client.get(adresse)
        statuts.add(reponse.status_code)
        if reponse.status_code == 404:
            assert reponse.json() == {"detail": INTROUVABLE}, (adresse, utilisateur.email)
    assert 404 in statuts, (adresse, statuts)


def test_a_missing_object_of_an_api_action_and_an_out_of_range_id_are_the_same_answer(api_alice):
    for adresse in ("/api/passages/999999/", "/api/passages/99999999999999999999/", "/api/passages/1/inconnu/"):
        reponse = api_alice.get(adresse)
        assert reponse.status_code == 404 and reponse.json() == {"detail": INTROUVABLE}, adresse
        assert "Passage" not in reponse.content.decode()


@pytest.mark.parametrize("tis", ["²", "١٢", "99999999999999999999", "0", "abc", "1\x00"])
@pytest.mark.parametrize("dimension", ["lieu", "total"])
def test_a_malformed_territory_is_a_400_naming_it(tis, dimension, david):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(david)}")
    reponse = api.get("/api/statistiques/", {"source": "passages", "dimension": dimension, "tis": tis})
    assert reponse.status_code == 400
    assert reponse.json() == {"tis": [f"Indiquez un identifiant : un nombre entier de 1 à {2**63 - 1}, en chiffres."]}
