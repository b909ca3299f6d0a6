import pytest
import yaml
from rest_framework.test import APIClient

from tests.connexion import jeton_api


@pytest.fixture
def api():
    return APIClient()


def test_the_api_needs_authentication(api, lieu_a):
    assert api.get("/api/lieux/").status_code in (401, 403)


def test_session_auth_lists_only_the_users_collectivite(api, alice, lieu_a, zoe):
    api.force_login(alice)
    donnees = api.get("/api/structures/").json()
    assert [s["nom"] for s in donnees["results"]] == ["Département du Lot — Solidarités"]
    assert api.get("/api/lieux/").json()["results"][0]["nom"] == "MSD de Cahors"


def test_token_auth_sets_the_collectivite_of_the_token(api, alice, lieu_a, zoe):
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(zoe)}")
    donnees = api.get("/api/structures/").json()
    assert [s["nom"] for s in donnees["results"]] == ["Bétaville Solidarités"]
    assert api.get(f"/api/lieux/{lieu_a.pk}/").status_code == 404


def test_a_bad_token_is_refused(api, lieu_a):
    api.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert api.get("/api/lieux/").status_code == 401


def test_communes_are_searchable(api, alice, cahors):
    api.force_login(alice)
    assert [c["code"] for c in api.get("/api/communes/", {"q": "Cah"}).json()["results"]] == ["46042"]
    assert api.get("/api/communes/46042/").json()["nom"] == "Cahors"


def test_the_openapi_schema_documents_every_endpoint(client, db):
    reponse = client.get("/api/schema/")
    assert reponse.status_code == 200
    schema = yaml.safe_load(reponse.content)
    assert schema["openapi"].startswith("3.")
    for chemin in ("/api/structures/", "/api/structures/{id}/", "/api/lieux/", "/api/tis/", "/api/communes/"):
        assert chemin in schema["paths"], chemin
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_api_documentation_page_uses_no_cdn(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "cdn." not in page and "unpkg" not in page


def test_the_api_follows_the_role_table(api, emma, alice, lot):
    api.force_login(emma)  # partenaire: the network, not the sectorisation
    assert api.get("/api/structures/").status_code == 200
    assert api.get("/api/tis/").status_code == 403
    api.force_login(alice)
    assert api.get("/api/tis/").status_code == 200


def test_an_ended_membership_closes_the_api(api, alice, dans_le_lot):
    import datetime

    from reseau.models import Membre

    Membre.objects.filter(utilisateur=alice).update(date_fin=datetime.date(2020, 1, 1))
    api.force_login(alice)
    assert api.get("/api/structures/").status_code == 403


def test_a_token_of_another_collectivite_than_the_session_is_refused(api, alice, zoe):
    api.force_login(alice)
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(zoe)}")
    assert api.get("/api/structures/").status_code in (401, 403)


def test_a_session_post_without_csrf_is_refused_in_french(lot, alice, lieu_a):
    """docs/securite.md §22: every API error is in French; DRF passed on Django's English CSRF reason."""
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(alice)
    reponse = api.post("/api/passages/", {"lieu": lieu_a.pk, "motifs": []}, format="json")
    assert reponse.status_code == 403
    assert reponse.json()["detail"].startswith("Vérification CSRF échouée")
