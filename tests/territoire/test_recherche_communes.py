"""A search is user input: control characters (NUL…) must never reach PostgreSQL."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_login(alice)
    return client


def test_a_nul_byte_in_an_api_search_finds_nothing_instead_of_failing(api, cahors):
    reponse = api.get("/api/communes/?q=%00")
    assert reponse.status_code == 200 and reponse.json()["results"] == []
    assert [c["code"] for c in api.get("/api/communes/?q=Cah%00").json()["results"]] == ["46042"]
    assert [c["code"] for c in api.get("/api/communes/?q=%0946%00042").json()["results"]] == ["46042"]


def test_a_commune_code_that_is_not_an_insee_code_is_a_404(api, cahors):
    assert api.get("/api/communes/zz%00/").status_code == 404
    assert api.get("/api/communes/4604/").status_code == 404
    assert api.get("/api/communes/46099/").status_code == 404
    assert api.get("/api/communes/46042/").json()["nom"] == "Cahors"


def test_a_nul_byte_in_the_autocomplete_finds_nothing_instead_of_failing(client, alice, cahors):
    client.force_login(alice)
    reponse = client.get("/territoire/communes/autocompletion/?q=%00")
    assert reponse.status_code == 200 and reponse.json() == {"resultats": []}
    resultats = client.get("/territoire/communes/autocompletion/?q=ca%00h%1F").json()["resultats"]
    assert [r["nom"] for r in resultats] == ["Cahors"]
