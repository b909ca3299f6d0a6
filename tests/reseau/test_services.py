"""Contacts and services of a structure, in the data·inclusion vocabulary, exported and served by the API."""

import csv
import io
import json

from collectivites.tenancy import tenant_context
from reseau import data_inclusion
from reseau.models import Contact, Membre, Service, Structure
from tests import factories as f

SERVICE = {
    "nom": "Aide alimentaire d'urgence",
    "description": "Colis alimentaires et orientation vers l'épicerie sociale, sur rendez-vous ou sans.",
    "thematiques": ["equipement-et-alimentation--alimentation"],
    "publics": ["familles", "seniors"],
    "modes_accueil": ["en-presentiel"],
    "zone_eligibilite": "46042 46",
}


def test_a_structure_administrator_describes_a_service_exported_in_the_schema(client, emma, lot, structure_a2, alice):
    with tenant_context(lot):
        Membre.objects.filter(utilisateur=emma).update(gestionnaire=True)
    client.force_login(emma)
    assert client.post(f"/reseau/structures/{structure_a2.pk}/services/nouveau/", SERVICE).status_code == 302
    client.post(
        f"/reseau/structures/{structure_a2.pk}/contacts/nouveau/",
        {"nom": "Inès Martin", "fonction": "Directrice", "email": "ines@ccas.fr"},
    )
    page = client.get(f"/reseau/structures/{structure_a2.pk}/").content.decode()
    assert "Aide alimentaire" in page and "Familles" in page and "Inès Martin, Directrice" in page
    client.force_login(alice)
    (service,) = json.loads(client.get("/reseau/export/data-inclusion.json?jeu=services").content)
    assert service["thematiques"] == ["equipement-et-alimentation--alimentation"]
    assert sorted(service["publics"]) == ["familles", "seniors"] and service["zone_eligibilite"] == ["46042", "46"]
    assert (
        service["structure_id"] == f"relais-lot--{structure_a2.pk}"
        and service["contact_nom_prenom"] is None  # personal data, not published
    )
    (ligne,) = csv.DictReader(
        io.StringIO(client.get("/reseau/export/data-inclusion.csv?jeu=services").content.decode())
    )
    assert ligne["publics"] in ("familles,seniors", "seniors,familles")
    api = client.get("/api/structures/data-inclusion-services/").json()
    assert api["count"] == 1 and api["results"][0]["nom"] == "Aide alimentaire d'urgence"
    assert client.get("/api/structures/data-inclusion/").json()["count"] == 2  # both structures


def test_bad_service_input_writes_nothing(client, david, lot, structure_a2):
    client.force_login(david)
    page = client.post(
        f"/reseau/structures/{structure_a2.pk}/services/nouveau/",
        {**SERVICE, "description": "Aide", "thematiques": ["pas-une-thematique"], "zone_eligibilite": "99999"},
    ).content.decode()
    assert "Décrivez le service en une phrase au moins" in page
    assert "pas-une-thematique n&#x27;en fait pas partie" in page or "Sélectionnez un choix valide" in page
    assert "Codes inconnus : 99999." in page
    with tenant_context(lot):
        assert not Service.objects.exists()


def test_a_partner_without_administration_cannot_edit_the_structure(client, emma, structure_a2):
    client.force_login(emma)
    assert client.get(f"/reseau/structures/{structure_a2.pk}/services/nouveau/").status_code == 404
    assert client.post(f"/reseau/structures/{structure_a2.pk}/contacts/nouveau/", {"nom": "X"}).status_code == 404


def test_a_service_the_schema_refuses_is_left_out(lot, structure_a2):
    with tenant_context(lot):
        f.ServiceFactory(structure=structure_a2, nom="Ok", description="Court", publics=["inconnu"])
        valides, erreurs = data_inclusion.services(lot, Structure.objects.all())
    assert valides == [] and "publics" in erreurs[0][1]


def test_contacts_are_deleted_by_the_administrators(client, david, lot, structure_a2):
    with tenant_context(lot):
        contact = f.ContactFactory(structure=structure_a2, nom="Paul Durand")
    client.force_login(david)
    client.post(f"/reseau/contacts/{contact.pk}/supprimer/")
    with tenant_context(lot):
        assert not Contact.objects.exists()
