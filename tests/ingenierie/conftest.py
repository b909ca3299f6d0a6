"""The engineering offer's fixtures: two pôles of the Lot, the communes they serve, a request form as a mairie posts
it. Cahors (46042) is served by the MSD de Cahors, Figeac (46102) by the MSD de Figeac; Éric (encadrant) works at
Cahors, Bob (travailleur social) is the advisor."""

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from collectivites.tenancy import tenant_context
from reseau.models import Membre
from tests import factories as f

PDF_MINIMAL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _debit_remis_a_zero(db):
    """The public form's rate limit counts in the shared cache (config/cache_debits.py): each test starts with a
    clean count. (Not after the test: a worker test may have closed the connection the database cache needs.)"""
    caches["debits"].clear()


@pytest.fixture
def grand_figeac(db):
    return f.EPCIFactory(siren="200067361", nom="CC du Grand-Figeac", type="CC", population=43000)


@pytest.fixture
def figeac(db, grand_figeac):
    return f.CommuneFactory(
        code="46102",
        nom="Figeac",
        population=9800,
        codes_postaux="46100",
        latitude=44.6086,
        longitude=2.0317,
        epci=grand_figeac,
    )


@pytest.fixture
def capdenac(db, grand_figeac):
    return f.CommuneFactory(
        code="46053",
        nom="Capdenac",
        population=1100,
        codes_postaux="46100",
        latitude=44.58,
        longitude=2.07,
        epci=grand_figeac,
    )


@pytest.fixture
def poles(lot, cahors, figeac, capdenac, lieu_a, eric):
    with tenant_context(lot):
        tas = f.TASFactory(collectivite=lot, nom="TAS Lot")
        tis_cahors = f.TISFactory(collectivite=lot, nom="MSD de Cahors", tas=tas, telephone="05 65 53 40 00")
        tis_figeac = f.TISFactory(collectivite=lot, nom="MSD de Figeac", tas=tas)
        for commune, tis in ((cahors, tis_cahors), (figeac, tis_figeac), (capdenac, tis_cahors)):
            f.SectorisationFactory(commune=commune, tis=tis)
        lieu_a.tis = tis_cahors
        lieu_a.save()
        Membre.objects.filter(utilisateur=eric).update(lieu_habituel=lieu_a)
    return {"cahors": tis_cahors, "figeac": tis_figeac}


@pytest.fixture
def formulaire():
    """A valid request from the mairie of Cahors, as the public form posts it."""

    def construire(**autres):
        donnees = {
            "type_demandeur": "commune",
            "territoire": "Cahors (46042)",
            "nom_demandeur": "Mairie de Cahors",
            "contact_nom": "Claire Lacombe",
            "contact_fonction": "elu",
            "contact_email": "adjointe.social@mairie-cahors.test",
            "contact_telephone": "05 65 20 88 88",
            "type_projet": "epicerie_sociale",
            "description": "Les demandes d'aide alimentaire augmentent ; les associations caritatives s'essoufflent.",
            "avancement": "idee",
            "calendrier_souhaite": "Ouverture souhaitée en 2027",
        }
        donnees.update(autres)
        return donnees

    return construire


def fichier_pdf(nom="diagnostic.pdf"):
    return SimpleUploadedFile(nom, PDF_MINIMAL, content_type="application/pdf")
