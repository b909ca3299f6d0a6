"""docs/securite.md §4 (issue 12 point 3): a desk reads the names of the persons seen at its own sites; at the other
sites of its structure it sees that someone was seen, not who — unless that person's file is open to the user."""

import pytest

from collectivites.tenancy import tenant_context
from comptes.roles import Role
from tests import factories as f


@pytest.fixture
def deux_sites(lot, structure_a, lieu_a, cahors, types):
    """Structure A runs Cahors (the agent's site) and Figeac; one identified passage today at each."""
    with tenant_context(lot):
        figeac = f.LieuAccueilFactory(structure=structure_a, nom="MSD de Figeac", commune=cahors)
        agent_cahors = f.UtilisateurFactory(collectivite=lot, prenom="Inès", email="ines@lot.test")
        f.membre(agent_cahors, structure_a, Role.ACCUEIL, lieu_habituel=lieu_a)
        agent_figeac = f.UtilisateurFactory(collectivite=lot, prenom="Marc", email="marc@lot.test")
        f.membre(agent_figeac, structure_a, Role.ACCUEIL, lieu_habituel=figeac)
        ici = f.UsagerFactory(prenom="Jeanne", nom="Cadurcienne")
        la_bas = f.UsagerFactory(prenom="Paul", nom="Figeacois")
        f.PassageFactory(lieu=lieu_a, agent=agent_cahors, usager=ici, information="Dossier CAF")
        f.PassageFactory(lieu=figeac, agent=agent_figeac, usager=la_bas, information="Dossier FSL")
    return {"cahors": agent_cahors, "figeac": agent_figeac, "ici": ici, "la_bas": la_bas}


@pytest.mark.parametrize("url", ["/accueil/", "/accueil/passages/"])
def test_a_desk_sees_names_at_its_own_sites_and_only_that_someone_came_elsewhere(client, deux_sites, url):
    client.force_login(deux_sites["cahors"])
    corps = client.get(url).content.decode()
    assert "CADURCIENNE" in corps
    assert "FIGEACOIS" not in corps
    assert "Personne identifiée (autre lieu)" in corps

    client.force_login(deux_sites["figeac"])
    corps = client.get(url).content.decode()
    assert "FIGEACOIS" in corps
    assert "CADURCIENNE" not in corps


def test_a_worker_who_follows_the_person_sees_their_name_at_another_site(client, lot, deux_sites, structure_a, types):
    bob = f.utilisateur(lot, structure_a, Role.TRAVAILLEUR_SOCIAL, prenom="Bob", email="bob2@lot.test")
    client.force_login(bob)
    assert "FIGEACOIS" not in client.get("/accueil/passages/").content.decode()

    with tenant_context(lot):
        suivi = f.AccompagnementFactory(
            usager=deux_sites["la_bas"], type=types["budgetaire"], structure=structure_a, referent=bob
        )
        f.MembreGroupeFactory(accompagnement=suivi, est_referent=True)
    assert "FIGEACOIS" in client.get("/accueil/passages/").content.decode()


def test_the_page_of_a_passage_at_another_site_does_not_name_the_person(client, lot, deux_sites):
    with tenant_context(lot):
        ailleurs = deux_sites["la_bas"].passages.get()
    client.force_login(deux_sites["cahors"])
    corps = client.get(f"/accueil/passages/{ailleurs.pk}/").content.decode()
    assert "FIGEACOIS" not in corps and "Personne identifiée (autre lieu)" in corps
    client.force_login(deux_sites["figeac"])
    assert "FIGEACOIS" in client.get(f"/accueil/passages/{ailleurs.pk}/").content.decode()
