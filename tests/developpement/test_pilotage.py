"""Steering the network: a comité de pilotage, its meetings, minutes and decisions followed until done."""

from collectivites.tenancy import tenant_context
from developpement.models import Decision, Instance, Reunion
from tests import factories as f

from .conftest import texte


def test_the_lead_holds_a_steering_committee_and_follows_its_decisions(client, david, lot):
    client.force_login(david)
    reponse = client.post(
        "/developpement/pilotage/",
        {"nom": "Comité de pilotage", "type": "comite_pilotage", "membres": "Préfète — État\nPrésident — Département"},
    )
    with tenant_context(lot):
        instance = Instance.objects.get()
    assert reponse["Location"] == f"/developpement/pilotage/instances/{instance.pk}/"
    reponse = client.post(
        f"/developpement/pilotage/instances/{instance.pk}/",
        {"date": "2026-03-12", "lieu": "Cahors", "ordre_du_jour": "Bilan ; budget ; formations"},
    )
    with tenant_context(lot):
        reunion = Reunion.objects.get()
    url = f"/developpement/pilotage/reunions/{reunion.pk}/"
    assert reponse["Location"] == url
    client.post(url, {"compte_rendu": "Le comité valide le plan de formation."})
    client.post(url, {"libelle": "Former 40 accueillants", "responsable": "Chef de projet", "echeance": "2026-01-01"})
    assert "L'échéance précède la réunion." in texte(
        client.post(url, {"libelle": "x", "responsable": "y", "echeance": "2026-01-01"})
    )
    client.post(url, {"libelle": "Former 40 accueillants", "responsable": "Chef de projet", "echeance": "2026-06-30"})
    with tenant_context(lot):
        decision = Decision.objects.get()
        assert Reunion.objects.get().compte_rendu == "Le comité valide le plan de formation."
    assert "Former 40 accueillants" in texte(client.get("/developpement/pilotage/"))
    client.post(f"/developpement/pilotage/decisions/{decision.pk}/realisee/")
    with tenant_context(lot):
        assert Decision.objects.a_suivre().count() == 0
    assert "Aucune décision à suivre." in texte(client.get("/developpement/pilotage/"))


def test_steering_is_for_the_network_leads(client, bob, lot):
    with tenant_context(lot):
        reunion = f.ReunionFactory()
    client.force_login(bob)
    assert client.get("/developpement/pilotage/").status_code == 403
    assert client.get(f"/developpement/pilotage/reunions/{reunion.pk}/").status_code == 403


def test_a_meeting_without_agenda_is_refused_in_french(client, david, lot):
    with tenant_context(lot):
        instance = f.InstanceFactory()
    client.force_login(david)
    reponse = client.post(f"/developpement/pilotage/instances/{instance.pk}/", {"date": "3000-01-01"})
    page = texte(reponse)
    assert reponse.status_code == 200 and "Ce champ est obligatoire." in page and "Date hors des bornes" in page
    with tenant_context(lot):
        assert not Reunion.objects.exists()
