import uuid

import pytest
from django.utils import timezone

from accueil.models import Motif
from collectivites.tenancy import tenant_context
from usagers.models import Usager


@pytest.fixture
def motifs(lot):
    with tenant_context(lot):
        return {m.code: m for m in Motif.objects.all()}


@pytest.fixture
def jeanne(lot, cahors):
    with tenant_context(lot):
        return Usager.objects.create(
            collectivite=lot,
            prenom="Jeanne",
            nom="Dupont",
            date_naissance="1980-03-14",
            telephone="06 12 34 56 78",
            commune=cahors,
        )


@pytest.fixture
def saisie(lieu_a, motifs):
    """A valid anonymous passage form, as the desk posts it."""

    def construire(**autres):
        donnees = {
            "jeton": str(uuid.uuid4()),
            "lieu": lieu_a.pk,
            "date_heure": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "canal": "sur_place",
            "motifs": [motifs["logement-hebergement"].pk, motifs["gestion-financiere"].pk],
            "information_donnee": "on",
            "information": "Coordonnées de l'ADIL remises.",
            "duree_minutes": "12",
        }
        donnees.update(autres)
        return donnees

    return construire


@pytest.fixture
def orientation_vers(structure_a2):
    def construire(**autres):
        donnees = {
            "orienter": "on",
            "orientation-structure_destinataire": structure_a2.pk,
            "orientation-service": "Aide alimentaire",
            "orientation-message": "Demande d'aide alimentaire d'urgence.",
            "orientation-contact": "06 00 00 00 00",
            "orientation-consentement": "recueilli",
        }
        donnees.update(autres)
        return donnees

    return construire
