import uuid

import pytest
from rest_framework.test import APIClient

from accueil.models import Orientation, Passage
from collectivites.tenancy import tenant_context
from tests.connexion import jeton_api


@pytest.fixture
def api(alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(alice)}")
    return client


def corps(lieu_a, **autres):
    return {
        "lieu": lieu_a.pk,
        "canal": "telephone",
        "motifs": ["emploi", "mobilite"],
        "information": "Fiche remise",
        **autres,
    }


def test_a_partner_software_pushes_a_passage_idempotently(api, lot, lieu_a):
    jeton = str(uuid.uuid4())
    premiere = api.post("/api/passages/", corps(lieu_a, jeton=jeton), format="json")
    assert premiere.status_code == 201, premiere.json()
    seconde = api.post("/api/passages/", corps(lieu_a, jeton=jeton), format="json")
    assert seconde.status_code == 200 and seconde.json()["id"] == premiere.json()["id"]
    with tenant_context(lot):
        (passage,) = Passage.objects.all()
        assert passage.canal == "telephone" and {m.code for m in passage.motifs.all()} == {"emploi", "mobilite"}
    assert api.get("/api/passages/").json()["count"] == 1


@pytest.mark.parametrize(
    "autres,champ,message",
    [
        ({"motifs": []}, "motifs", "Choisissez au moins un motif."),
        ({"motifs": ["astrologie"]}, "motifs", "n'existe pas"),
        ({"date_heure": "2099-01-01T10:00:00Z"}, "date_heure", "La date du passage ne peut pas être dans le futur."),
        ({"commune_residence": "99999"}, "commune_residence", "n'existe pas"),
        ({"usager": 987654}, "usager", "Cette personne est introuvable dans votre collectivité."),
        ({"canal": "pigeon"}, "canal", "n'est pas un choix valide"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, lot, lieu_a, autres, champ, message):
    reponse = api.post("/api/passages/", corps(lieu_a, **autres), format="json")
    assert reponse.status_code == 400
    assert message in str(reponse.json()[champ])
    with tenant_context(lot):
        assert not Passage.objects.exists()


def test_the_receiving_structure_answers_through_the_api(client, alice, chloe, lot, saisie, orientation_vers):
    client.force_login(alice)
    client.post("/accueil/passage/nouveau/", saisie(**orientation_vers()))
    with tenant_context(lot):
        orientation = Orientation.objects.get()
    api = APIClient()
    api.force_login(alice)
    assert api.post(f"/api/orientations/{orientation.pk}/repondre/", {"decision": "acceptee"}).status_code == 403
    api.force_login(chloe)
    assert api.post(f"/api/orientations/{orientation.pk}/repondre/", {"decision": "refusee"}).status_code == 400
    reponse = api.post(f"/api/orientations/{orientation.pk}/repondre/", {"decision": "acceptee"})
    assert reponse.status_code == 200 and reponse.json()["statut"] == "acceptee"


def test_the_schema_documents_the_desk(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    for chemin in ("/api/passages/", "/api/passages/{id}/", "/api/orientations/{id}/repondre/"):
        assert chemin in schema["paths"]
