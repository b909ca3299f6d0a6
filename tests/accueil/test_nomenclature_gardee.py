"""The desk's motifs and responses are read once per version of the collectivité's nomenclatures and kept by the
process (accueil.access.nomenclature, docs/performance.md §5): a change is seen at the next request, the lists of
one collectivité never serve another, and the form still refuses what is not in them."""

import re

import pytest

from accueil import access
from accueil.enums import CodeReponse
from accueil.models import Motif, Passage, PassageMotif, Reponse
from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from comptes.roles import Role
from tests import factories as f


@pytest.fixture(autouse=True)
def processus_neuf():
    access._NOMENCLATURES.clear()
    yield
    access._NOMENCLATURES.clear()


def rien_d_ecrit(lot):
    with tenant_context(lot):
        return not Passage.objects.exists() and not PassageMotif.objects.exists()


def test_the_form_reads_the_motifs_once_then_from_the_process(client, alice, django_assert_num_queries):
    client.force_login(alice)
    client.get("/accueil/passage/nouveau/")  # the session write of the first request, and the lists read
    with django_assert_num_queries(5) as requetes:
        page = client.get("/accueil/passage/nouveau/").content.decode()
    assert not any("accueil_motif" in q["sql"] or "accueil_reponse" in q["sql"] for q in requetes.captured_queries)
    assert "Logement, hébergement" in page and "Information donnée" in page


def test_a_renamed_a_switched_off_and_a_new_motif_are_seen_at_the_next_request(client, alice, fanny, lot, motifs):
    client.force_login(alice)
    assert "Numérique" in client.get("/accueil/passage/nouveau/").content.decode()  # kept by the process
    client.force_login(fanny)
    client.post(f"/accueil/motifs/{motifs['numerique'].pk}/", {"libelle": "Inclusion numérique"})  # switched off
    client.post(f"/accueil/motifs/{motifs['logement-hebergement'].pk}/", {"libelle": "Logement", "actif": "on"})
    client.post("/accueil/motifs/", {"libelle": "Énergie"})
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    liste = re.search(r'<div class="cases" id="liste-motifs">(.*?)</div>', page, re.S).group(1)
    assert "Énergie" in liste and "Inclusion numérique" not in liste and "Numérique" not in liste
    assert "> Logement</label>" in liste and "Logement, hébergement" not in liste


def test_a_motif_switched_off_elsewhere_is_refused_with_a_french_error(client, alice, lot, saisie, motifs):
    client.force_login(alice)
    client.get("/accueil/passage/nouveau/")
    with tenant_context(lot):
        motif = Motif.objects.get(pk=motifs["logement-hebergement"].pk)
        motif.actif = False
        motif.save()  # the admin or a script: any save changes the version
    reponse = client.post("/accueil/passage/nouveau/", saisie())
    assert reponse.status_code == 200
    assert "Motif inconnu de la nomenclature de la collectivité." in reponse.content.decode()
    assert rien_d_ecrit(lot)


def test_a_response_switched_off_is_no_longer_offered_nor_accepted(client, alice, lot, saisie, motifs):
    client.force_login(alice)
    with tenant_context(lot):
        rendez_vous = Reponse.objects.get(code=CodeReponse.RENDEZ_VOUS)
    assert f'value="{rendez_vous.pk}"' in client.get("/accueil/passage/nouveau/").content.decode()
    with tenant_context(lot):
        rendez_vous.actif = False
        rendez_vous.save()
    assert f'value="{rendez_vous.pk}"' not in client.get("/accueil/passage/nouveau/").content.decode()
    reponse = client.post("/accueil/passage/nouveau/", saisie(reponses=[rendez_vous.pk]))
    assert "Réponse inconnue de la nomenclature de la collectivité." in reponse.content.decode()
    assert rien_d_ecrit(lot)


@pytest.mark.parametrize(
    "motifs_postes,message",
    [(["abc"], "n’est pas une valeur correcte"), (["999999999"], "Motif inconnu de la nomenclature")],
)
def test_a_malformed_or_unknown_motif_is_refused(client, alice, lot, saisie, motifs_postes, message):
    client.force_login(alice)
    reponse = client.post("/accueil/passage/nouveau/", saisie(motifs=motifs_postes))
    assert reponse.status_code == 200 and message in reponse.content.decode().replace("&#x27;", "'")
    assert rien_d_ecrit(lot)


def test_the_lists_of_one_collectivite_never_serve_another(client, alice, lot, manche, saisie):
    client.force_login(alice)
    client.get("/accueil/passage/nouveau/")  # the Lot's lists kept
    with tenant_context(manche):
        structure = f.StructureFactory(collectivite=manche, nom="Bétaville Solidarités")
        f.LieuAccueilFactory(structure=structure, nom="Bétaville accueil")
        motif_b = f.MotifFactory(code="betaville", libelle="Motif de Bétaville")
    guichet_b = f.utilisateur(manche, structure, Role.ACCUEIL, prenom="Yann", email="guichet@manche.test")
    client.force_login(guichet_b)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    assert "Motif de Bétaville" in page
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    assert "Motif de Bétaville" not in page
    reponse = client.post("/accueil/passage/nouveau/", saisie(motifs=[motif_b.pk]))
    assert "Motif inconnu de la nomenclature de la collectivité." in reponse.content.decode()
    assert rien_d_ecrit(lot)


def test_saving_a_copy_read_before_a_change_keeps_the_new_version(lot, motifs):
    copie = Collectivite.objects.get(pk=lot.pk)
    with tenant_context(lot):
        motifs["numerique"].libelle = "Numérique et démarches en ligne"
        motifs["numerique"].save()
    nouvelle = Collectivite.objects.get(pk=lot.pk).version_nomenclatures
    assert nouvelle != copie.version_nomenclatures
    copie.couleur_principale = "#000000"
    copie.save()  # the settings page saving what it read before the change
    assert Collectivite.objects.get(pk=lot.pk).version_nomenclatures == nouvelle
