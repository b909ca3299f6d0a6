"""docs/securite.md §14 (issue 12 point 1): the right of access. An encadrant records the person's request; each
structure's encadrant releases what their structure holds, the child-protection role its evaluations; each step is
logged; the person receives the whole, with who read the file."""

import io
import json
import zipfile

import pytest

from collectivites.tenancy import tenant_context
from comptes.roles import Role
from portail.models import DemandeAcces
from tests import factories as f
from usagers.models import JournalAcces


@pytest.fixture
def dossier(lot, jeanne, bob, chloe, helene, structure_a, structure_a2, lieu_a, types):
    """Jeanne is followed by structure A (Bob), by the CCAS (Chloé), and in a child-protection evaluation (Hélène)."""
    with tenant_context(lot):
        budget = f.AccompagnementFactory(usager=jeanne, type=types["budgetaire"], structure=structure_a, referent=bob)
        f.MembreGroupeFactory(accompagnement=budget, est_referent=True)
        f.EntretienFactory(accompagnement=budget, synthese="Budget refait avec Bob.")
        ccas = f.AccompagnementFactory(usager=jeanne, type=types["budgetaire"], structure=structure_a2, referent=chloe)
        f.MembreGroupeFactory(accompagnement=ccas, est_referent=True)
        f.EntretienFactory(accompagnement=ccas, synthese="Aide facultative du CCAS.")
        ip = f.AccompagnementFactory(usager=jeanne, type=types["evaluation-ip"], structure=structure_a, referent=helene)
        f.MembreGroupeFactory(accompagnement=ip, est_referent=True)
        f.EvaluationIPFactory(accompagnement=ip, raison_non_information="Danger immédiat")
        f.PassageFactory(lieu=lieu_a, usager=jeanne, information="ADIL conseillée")
    return jeanne


@pytest.fixture
def encadrant_ccas(lot, structure_a2):
    return f.utilisateur(lot, structure_a2, Role.ENCADRANT, prenom="Carole", email="carole@lot.test")


def _liberables(client, demande):
    return client.get(f"/droit-acces/{demande.pk}/").content.decode().count("Libérer cette partie")


def test_each_part_is_released_by_who_may_read_it_and_the_person_receives_the_whole(
    client, lot, dossier, eric, helene, encadrant_ccas, alice
):
    jeanne = dossier
    client.force_login(alice)
    assert client.post(f"/personnes/{jeanne.pk}/droit-acces/", {"recue_le": "2026-10-01"}).status_code == 403
    assert client.get("/droit-acces/").status_code == 403

    client.force_login(eric)
    reponse = client.post(f"/personnes/{jeanne.pk}/droit-acces/", {"recue_le": "2026-10-01"})
    with tenant_context(lot):
        demande = DemandeAcces.objects.get(usager=jeanne)
        assert demande.parties.count() == 3  # structure A, the CCAS, the child-protection evaluations of A
    assert reponse.status_code == 302
    # nothing to hand over before every part is released
    assert client.get(f"/droit-acces/{demande.pk}/reponse.zip").status_code == 302
    assert _liberables(client, demande) == 1  # Éric releases structure A's part, not the CCAS's nor the evaluation
    with tenant_context(lot):
        partie_a, partie_ccas, partie_ip = (
            demande.parties.get(structure__nom__startswith="Département", confidentielle=False),
            demande.parties.get(structure__nom="CCAS de Cahors"),
            demande.parties.get(confidentielle=True),
        )
    assert client.post(f"/droit-acces/{demande.pk}/parties/{partie_ip.pk}/liberer/").status_code == 403
    assert client.post(f"/droit-acces/{demande.pk}/parties/{partie_ccas.pk}/liberer/").status_code == 403
    client.post(f"/droit-acces/{demande.pk}/parties/{partie_a.pk}/liberer/")

    client.force_login(encadrant_ccas)
    page = client.get("/droit-acces/").content.decode()
    assert "CCAS de Cahors" in page and 'href="/droit-acces/"' in page  # in the navigation too
    client.post(f"/droit-acces/{demande.pk}/parties/{partie_ccas.pk}/liberer/")

    client.force_login(helene)
    assert _liberables(client, demande) == 1
    client.post(f"/droit-acces/{demande.pk}/parties/{partie_ip.pk}/liberer/")

    client.force_login(eric)
    reponse = client.get(f"/droit-acces/{demande.pk}/reponse.zip")
    assert reponse["Content-Type"] == "application/zip"
    assert "no-store" in reponse["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(reponse.content))
    tout = "".join(archive.read(n).decode() for n in archive.namelist())
    # the whole file, every part as its releaser read it
    for texte in ("Budget refait avec Bob.", "Aide facultative du CCAS.", "Danger immédiat", "ADIL conseillée"):
        assert texte in tout
    assert json.loads(archive.read("identite.json"))["nom"] == "Dupont"
    # who read the file, readable by anyone
    assert "Quand;Qui;Structure;Ce qui a été fait" in archive.read("acces.csv").decode("utf-8-sig")
    assert "Hélène" in archive.read("acces.csv").decode()
    with tenant_context(lot):
        demande.refresh_from_db()
        assert demande.remise_le is not None
        etapes = JournalAcces.objects.filter(usager=jeanne, action=JournalAcces.Action.DROIT_ACCES).order_by("pk")
        assert [(j.utilisateur.prenom, j.objet.rsplit(":", 2)[-2 if "partie" in j.objet else -1]) for j in etapes] == [
            ("Éric", "demande"),
            ("Éric", "partie"),
            ("Carole", "partie"),
            ("Hélène", "partie"),
            ("Éric", "reponse"),
        ]


def test_a_child_protection_member_outside_the_group_cannot_release_the_evaluations(
    client, lot, dossier, eric, structure_a
):
    autre = f.utilisateur(lot, structure_a, Role.PROTECTION_ENFANCE, prenom="Irène", email="irene@lot.test")
    client.force_login(eric)
    client.post(f"/personnes/{dossier.pk}/droit-acces/", {"recue_le": "2026-10-01"})
    with tenant_context(lot):
        demande = DemandeAcces.objects.get(usager=dossier)
        partie_ip = demande.parties.get(confidentielle=True)
    client.force_login(autre)
    assert client.post(f"/droit-acces/{demande.pk}/parties/{partie_ip.pk}/liberer/").status_code == 403
    with tenant_context(lot):
        partie_ip.refresh_from_db()
        assert not partie_ip.liberee
