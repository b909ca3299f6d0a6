"""docs/securite.md §4 (issue 12 point 3): a desk reads the names of the persons seen at its own sites; at the other
sites of its structure it sees that someone was seen, not who — unless that person's file is open to the user."""

import pytest

from collectivites.tenancy import tenant_context
from comptes.roles import Role
from tests import factories as f


def _figeac(lot, structure_a, cahors):
    """Figeac, the other site of structure A, and Marc, its desk agent (in the Lot's tenant context)."""
    figeac = f.LieuAccueilFactory(structure=structure_a, nom="MSD de Figeac", commune=cahors)
    agent_figeac = f.UtilisateurFactory(collectivite=lot, prenom="Marc", email="marc@lot.test")
    f.membre(agent_figeac, structure_a, Role.ACCUEIL, lieu_habituel=figeac)
    return figeac, agent_figeac


@pytest.fixture
def deux_sites(lot, structure_a, lieu_a, cahors, types):
    """Structure A runs Cahors (the agent's site) and Figeac; one identified passage today at each."""
    with tenant_context(lot):
        figeac, agent_figeac = _figeac(lot, structure_a, cahors)
        agent_cahors = f.UtilisateurFactory(collectivite=lot, prenom="Inès", email="ines@lot.test")
        f.membre(agent_cahors, structure_a, Role.ACCUEIL, lieu_habituel=lieu_a)
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


# The need-to-know sweep (docs/securite.md §4): every route of the project, as a desk manager of Cahors, whose
# structure also runs Figeac. A passage at Figeac names a person whose file is not open to them: no answer that shows
# that passage (its information text or its id) may also show who (the name or the file number). The routes come
# from the URLconf, as the isolation sweep's (tests/test_isolation.py), so a new channel is swept without being listed.
PK_PASSAGE, PK_USAGER = 987_654_301, 987_654_302
MARQUE_PASSAGE = "Dossier FSL 4417"


@pytest.fixture
def passage_ailleurs(lot, structure_a, lieu_a, cahors):
    with tenant_context(lot):
        figeac, agent_figeac = _figeac(lot, structure_a, cahors)
        encadrant = f.UtilisateurFactory(collectivite=lot, prenom="Estelle", email="estelle@lot.test")
        f.membre(encadrant, structure_a, Role.ENCADRANT, lieu_habituel=lieu_a)
        personne = f.UsagerFactory(pk=PK_USAGER, prenom="Paul", nom="Figeacois")
        passage = f.PassageFactory(
            pk=PK_PASSAGE, lieu=figeac, agent=agent_figeac, usager=personne, information=MARQUE_PASSAGE
        )
        # an orientation of that passage, with the person's consent: its page is swept too (same id)
        f.OrientationFactory(pk=PK_PASSAGE, passage=passage, contact="06 44 17 44 17")
    return {"encadrant": encadrant, "figeac": agent_figeac}


def _liens(client, lot):
    """(url, status, does the answer link the passage to its person?) for every route of the project."""
    from django.urls import reverse

    from tests.test_isolation import _corps, routes_a_balayer

    valeurs = {"format": "json", "format_": "json", "collectivite_slug": lot.slug, "slug": lot.slug, "code": "46042"}
    for nom, parametres in routes_a_balayer():
        url = reverse(nom, kwargs={p: valeurs.get(p, str(PK_PASSAGE)) for p in parametres})
        reponse = client.get(url)
        corps = _corps(reponse)
        # a page about the passage (or its orientation, of the same id) shows it, whatever its body repeats
        passage = MARQUE_PASSAGE in corps or str(PK_PASSAGE) in corps or str(PK_PASSAGE) in url
        personne = any(marque in corps.upper() for marque in ("FIGEACOIS", str(PK_USAGER), "06 44 17 44 17"))
        yield url, reponse.status_code, passage and personne


def test_no_channel_links_a_person_to_a_passage_at_another_site(client, lot, passage_ailleurs):
    client.force_login(passage_ailleurs["encadrant"])
    resultats = list(_liens(client, lot))
    assert [url for url, statut, _ in resultats if statut >= 500] == []
    assert [url for url, _, lie in resultats if lie] == []
    # the sweep sees the passage where it should: the list, the export, the API, the orientation (else it would
    # prove nothing), and the export says what the pages say
    vus = {url for url, statut, _ in resultats if statut == 200}
    orientation = f"/accueil/orientations/{PK_PASSAGE}/"
    assert {"/accueil/passages/", "/accueil/passages/export.csv", "/api/passages/", orientation} <= vus
    export = b"".join(client.get("/accueil/passages/export.csv").streaming_content).decode()
    assert MARQUE_PASSAGE in export and "identifiée (autre lieu)" in export
    page = client.get(orientation).content.decode()
    assert "Personne identifiée (autre lieu)" in page and "06 44 17 44 17" not in page

    # the desk of Figeac, where the person was seen, reads who on the same channels
    client.force_login(passage_ailleurs["figeac"])
    lies = {url for url, _, lie in _liens(client, lot) if lie}
    assert {
        f"/accueil/passages/{PK_PASSAGE}/",
        "/accueil/passages/",
        f"/api/passages/{PK_PASSAGE}/",
        f"/accueil/orientations/{PK_PASSAGE}/",
    } <= lies


def test_a_person_the_pages_do_not_name_is_neither_logged_as_read_nor_oriented(
    client, lot, passage_ailleurs, structure_a2
):
    """The access log holds the reads that happened (docs/securite.md §9): opening the passage and its orientation
    without their person's name reads nobody. And a person the user may not read is not theirs to orient."""
    from usagers.models import JournalAcces, Usager

    client.force_login(passage_ailleurs["encadrant"])
    assert client.get(f"/accueil/passages/{PK_PASSAGE}/").status_code == 200
    assert client.get(f"/accueil/orientations/{PK_PASSAGE}/").status_code == 200
    reponse = client.post(
        "/api/orientations/",
        {"passage": PK_PASSAGE, "structure_destinataire": structure_a2.pk, "consentement": "recueilli"},
        content_type="application/json",
    )
    assert reponse.status_code == 400 and "passage" in reponse.json()
    with tenant_context(lot):
        assert not JournalAcces.objects.concernant(Usager.objects.get(pk=PK_USAGER)).exists()
        assert Usager.objects.get(pk=PK_USAGER).orientations.count() == 1

    client.force_login(passage_ailleurs["figeac"])
    client.get(f"/accueil/passages/{PK_PASSAGE}/")
    with tenant_context(lot):
        assert JournalAcces.objects.concernant(Usager.objects.get(pk=PK_USAGER)).exists()
