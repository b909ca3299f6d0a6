from rest_framework.test import APIClient

from collectivites.tenancy import tenant_context
from usagers.models import JournalAcces


def test_the_api_gives_the_plan_to_the_group_only(client, soutien, bob, chloe, lot):
    client.force_login(bob)
    client.post(f"/accompagnements/{soutien.pk}/themes/", {"libelle": "Budget"})
    api = APIClient()
    api.force_login(bob)
    donnees = api.get(f"/api/accompagnements/{soutien.pk}/").json()
    assert donnees["type"] == "budgetaire" and donnees["themes"][0]["libelle"] == "Budget"
    assert "note" not in str(donnees).lower()
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, action="api").exists()
    api.force_login(chloe)
    assert api.get(f"/api/accompagnements/{soutien.pk}/").status_code == 404
    assert api.get("/api/accompagnements/").json()["count"] == 0


def test_reception_has_no_access_to_supports_through_the_api(soutien, alice):
    api = APIClient()
    api.force_login(alice)
    assert api.get("/api/accompagnements/").status_code == 403
    assert api.get("/api/actions/").status_code == 403
