"""The aids in the person's file: the right-of-access export reads them like the pages, and the retention job
clears their content with the file (docs/aides.md)."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from aides import actions
from aides.models import Decision, Demande, SituationFoyer, Versement
from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers.models import Usager
from usagers.retention import appliquer

from .conftest import accorder


@pytest.fixture
def aide_versee(lot, eric, bob, demande):
    with tenant_context(lot):
        decision = actions.do_decider_urgence(eric, demande, accorder("250", objectifs="Désendettement"))
        actions.do_verser(
            bob,
            decision,
            {
                "montant": 250,
                "moyen": "virement",
                "beneficiaire": "tiers",
                "tiers_nom": "EDF",
                "tiers_iban": "FR1420041010050500013M02606",
            },
        )
    return demande


def test_the_encadrants_export_holds_the_aid_as_the_pages_show_it(client, eric, jeanne, aide_versee):
    client.force_login(eric)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/personnes/{jeanne.pk}/export.zip").content))
    [aide] = json.loads(archive.read("aides.json"))
    assert aide["dispositif"] == "Secours d'urgence" and aide["montant_demande"] == "250.00"
    assert aide["decisions"][0]["objectifs"] == "Désendettement"
    assert aide["decisions"][0]["versements"][0]["montant"] == "250.00"
    assert "FR14" not in archive.read("aides.json").decode()  # the third party's account is not the person's data


def test_the_right_of_access_answer_has_the_aids_of_the_structure(client, eric, jeanne, aide_versee, lot):
    from portail.models import DemandeAcces

    client.force_login(eric)
    client.post(f"/personnes/{jeanne.pk}/droit-acces/", {"recue_le": "2026-10-01"})
    with tenant_context(lot):
        demande_acces = DemandeAcces.objects.get(usager=jeanne)
        parties = list(demande_acces.parties.all())
    assert len(parties) == 1  # structure A runs the scheme
    from portail.export import partie_de_structure

    with tenant_context(lot):
        contenu = partie_de_structure(eric, jeanne, parties[0].structure, False)
    assert contenu["aides"][0]["objet"] == "Facture d'électricité"


@pytest.mark.date_figee
def test_the_retention_job_clears_the_aids_content_with_the_file(lot, jeanne, aide_versee):
    maintenant = timezone.now()
    with tenant_context(lot):
        decision = Decision.objects.get()
        Decision.objects.filter(pk=decision.pk).update(derogation="Deux enfants en bas âge")
        heures = f.HeuresContrepartieFactory(decision=decision, statut="refusees", motif_refus="Absent sans prévenir")
        Usager.objects.filter(pk=jeanne.pk).update(dernier_contact=maintenant - timezone.timedelta(days=800))
    appliquer(maintenant)
    with tenant_context(lot):
        demande = Demande.objects.get()
        assert demande.objet == "" and demande.evaluation == ""
        assert Decision.objects.get().objectifs == "" and Decision.objects.get().derogation == ""
        heures.refresh_from_db()
        assert heures.motif_refus == "" and heures.statut == "refusees"
        assert Decision.objects.get().montant == 250  # what the statistics count stays
        assert Versement.objects.get().tiers_iban == ""
        assert SituationFoyer.objects.get().detail == ""
    jeanne.refresh_from_db()
    assert jeanne.anonymise_le is not None
