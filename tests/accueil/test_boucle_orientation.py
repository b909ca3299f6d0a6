"""The orientation loop as the partner sees it (docs/accueil.md §4): its home leads with what waits for its answer,
the fiche names the sender and — with consent — the person, accept and refuse are two actions."""

import re

import pytest

from accueil.models import Orientation
from collectivites.tenancy import tenant_context

pytestmark = pytest.mark.date_figee


@pytest.fixture
def envoyer(client, alice, lot, saisie, orientation_vers):
    alice.telephone = "05 65 53 40 00"
    alice.save()

    def envoyer(**autres):
        client.force_login(alice)
        client.post("/accueil/passage/nouveau/", saisie(**orientation_vers(**autres)))
        client.logout()
        with tenant_context(lot):
            return Orientation.objects.order_by("-pk").first()

    return envoyer


def texte(reponse):
    return re.sub(r"\s+", " ", reponse.content.decode().replace("&#x27;", "'"))


def test_the_partners_home_leads_with_the_orientations_waiting_for_its_answer(client, emma, envoyer):
    envoyer()
    client.force_login(emma)
    page = texte(client.get("/"))
    assert "Orientations en attente de votre réponse (1)" in page
    # by its motif, not a bare date; the sender with its article
    assert "Logement, hébergement — Aide alimentaire</a> — du Département du Lot" in page


def test_the_fiche_names_the_sender_and_with_consent_the_person(client, emma, jeanne, envoyer):
    orientation = envoyer(usager=jeanne.pk)
    client.force_login(emma)
    page = texte(client.get(f"/accueil/orientations/{orientation.pk}/"))
    assert "Alice" in page and "MSD de Cahors" in page and "05 65 53 40 00" in page
    assert "Jeanne DUPONT" in page and "06 00 00 00 00" in page
    assert "la personne a consenti à cette orientation" in page


def test_without_consent_the_fiche_says_so_and_carries_neither_name_nor_contact(client, emma, jeanne, envoyer):
    orientation = envoyer(
        usager=jeanne.pk,
        **{"orientation-consentement": "impossible", "orientation-raison_sans_consentement": "Personne sous tutelle"},
    )
    client.force_login(emma)
    page = texte(client.get(f"/accueil/orientations/{orientation.pk}/"))
    assert "Consentement non recueilli (Personne sous tutelle) : ni son nom ni le moyen de la joindre" in page
    assert "DUPONT" not in page and "06 00 00 00 00" not in page


def test_accept_and_refuse_are_two_actions_and_only_a_refusal_asks_a_reason(client, emma, envoyer):
    orientation = envoyer()
    client.force_login(emma)
    page = client.get(f"/accueil/orientations/{orientation.pk}/").content.decode()
    accepter = page[page.index('class="reponse-accepter"') : page.index("</form>", page.index('"reponse-accepter"'))]
    assert 'value="acceptee"' in accepter and "motif_refus" not in accepter
    refuser = page[page.index('class="reponse-refuser"') :]
    assert "<summary>Refuser l'orientation</summary>".replace("'", "&#x27;") in refuser or "Refuser l" in refuser
    assert 'name="motif_refus"' in refuser
    sans_motif = client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "refusee"})
    assert "Motif du refus</a> : Choisissez le motif du refus." in sans_motif.content.decode()
    client.post(f"/accueil/orientations/{orientation.pk}/", {"decision": "acceptee"})
    with tenant_context(orientation.collectivite):
        assert Orientation.objects.get(pk=orientation.pk).statut == "acceptee"


def test_the_list_links_each_orientation_by_its_motif(client, emma, envoyer):
    orientation = envoyer()
    client.force_login(emma)
    page = texte(client.get("/accueil/orientations/"))
    assert f'<a href="/accueil/orientations/{orientation.pk}/">Logement, hébergement — Aide alimentaire</a>' in page


def test_the_navigation_counts_the_orientations_waiting_and_the_count_drops_after_answering(client, emma, envoyer):
    premiere, seconde = envoyer(), envoyer()
    client.force_login(emma)
    page = texte(client.get("/accueil/orientations/"))
    assert 'Orientations (2)<span class="visuellement-cache"> en attente de votre réponse</span></a>' in page
    client.post(f"/accueil/orientations/{premiere.pk}/", {"decision": "acceptee"})
    assert "Orientations (1)<span" in texte(client.get("/"))
    client.post(f"/accueil/orientations/{seconde.pk}/", {"decision": "refusee", "motif_refus": "hors_territoire"})
    page = texte(client.get("/"))
    assert "Orientations</a>" in page and "Orientations (" not in page
