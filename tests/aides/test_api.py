"""The API of the aids: idempotent create, need-to-know, French errors naming the field (docs/aides.md « API »)."""

import uuid

from rest_framework.test import APIClient

from aides.models import Demande
from collectivites.tenancy import tenant_context
from usagers.models import JournalAcces


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_an_application_is_created_once_whatever_the_retries(bob, jeanne, secours, situation_jeanne, lot):
    api = _api(bob)
    corps = {
        "jeton": str(uuid.uuid4()),
        "usager": jeanne.pk,
        "dispositif": secours.pk,
        "objet": "Facture d'électricité",
        "montant_demande": "250.00",
    }
    premiere = api.post("/api/aides/demandes/", corps, format="json")
    assert premiere.status_code == 201, premiere.content
    assert premiere.json()["reste_a_vivre"] == "10.00"
    seconde = api.post("/api/aides/demandes/", corps, format="json")
    assert seconde.status_code == 200 and seconde.json()["id"] == premiere.json()["id"]
    with tenant_context(lot):
        assert Demande.objects.count() == 1


def test_bad_input_is_a_400_naming_the_field(bob, jeanne, secours, situation_jeanne, lot):
    api = _api(bob)
    reponse = api.post(
        "/api/aides/demandes/",
        {"usager": jeanne.pk, "dispositif": secours.pk, "objet": "Loyer", "montant_demande": "-4"},
        format="json",
    )
    assert reponse.status_code == 400 and "montant_demande" in reponse.json()
    reponse = api.post(
        "/api/aides/demandes/",
        {"usager": 999999, "dispositif": secours.pk, "objet": "Loyer", "montant_demande": "4"},
        format="json",
    )
    assert reponse.json() == {"usager": ["Personne introuvable."]}
    with tenant_context(lot):
        assert not Demande.objects.exists()


def test_the_api_reads_only_what_the_pages_show_and_logs_it(bob, chloe, alice, demande, eric, lot):
    assert [d["id"] for d in _api(bob).get("/api/aides/demandes/").json()["results"]] == [demande.pk]
    assert _api(chloe).get("/api/aides/demandes/").json()["results"] == []
    assert _api(chloe).get(f"/api/aides/demandes/{demande.pk}/").status_code == 404
    assert _api(alice).get("/api/aides/demandes/").status_code == 403
    assert _api(bob).get(f"/api/aides/demandes/{demande.pk}/").status_code == 200
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, action="api", usager=demande.usager).exists()
        from aides import actions

        actions.do_decider_urgence(eric, demande, {"sens": "accordee", "montant": 100})
    decisions = _api(bob).get("/api/aides/decisions/").json()["results"]
    assert [(d["demande"], d["montant"]) for d in decisions] == [(demande.pk, "100.00")]
