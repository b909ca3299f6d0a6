"""Orient to a service of the network (docs/accueil.md §5): searched by need and by the person's commune, with its
conditions and hours, carried on the orientation and on the fiche de liaison."""

import re

import pytest

from accueil.models import Orientation
from collectivites.tenancy import tenant_context

from .. import factories as f

LOGEMENT = "logement-hebergement--etre-accompagne-pour-se-loger"


def texte(reponse):
    return re.sub(r"\s+", " ", reponse.content.decode().replace("&#x27;", "'"))


@pytest.fixture
def services(lot, cahors, structure_a, structure_a2):
    with tenant_context(lot):
        figeac = f.CommuneFactory(code="46102", nom="Figeac", departement=lot.departement)
        lieu = f.LieuAccueilFactory(
            structure=structure_a2, nom="CCAS, rue Wilson", commune=cahors, horaires="Mo-Fr 09:00-12:00"
        )
        return {
            "logement": f.ServiceFactory(
                structure=structure_a2,
                lieu=lieu,
                nom="Accompagnement au logement",
                thematiques=[LOGEMENT],
                publics=["familles"],
                modes_accueil=["en-presentiel"],
                zone_eligibilite=["46042"],
            ),
            "alimentation": f.ServiceFactory(
                structure=structure_a2,
                nom="Épicerie solidaire",
                thematiques=["equipement-et-alimentation--alimentation"],
            ),
            "figeac": f.ServiceFactory(
                structure=structure_a2, nom="Logement à Figeac", thematiques=[LOGEMENT], zone_eligibilite=[figeac.code]
            ),
            "chez_soi": f.ServiceFactory(structure=structure_a, nom="Notre propre service", thematiques=[LOGEMENT]),
        }


def test_the_desk_finds_the_services_for_a_need_open_to_the_persons_commune(client, alice, services):
    client.force_login(alice)
    page = texte(client.get("/accueil/services/", {"thematique": "logement-hebergement", "commune": "Cahors (46042)"}))
    assert "1 service ouvert aux habitants de Cahors" in page
    assert "Accompagnement au logement</strong> — CCAS de Cahors" in page
    assert "Familles" in page and "Mo-Fr 09:00-12:00" in page and "CCAS, rue Wilson" in page  # conditions, hours
    assert "Logement à Figeac" not in page  # not open to the inhabitants of Cahors
    assert "Épicerie solidaire" not in page  # another need
    assert "Notre propre service" not in page  # one does not orient to one's own structure
    page = texte(client.get("/accueil/services/", {"thematique": "", "commune": ""}))
    assert "3 services" in page
    page = texte(client.get("/accueil/services/", {"thematique": "sante", "commune": "Nulle part"}))
    assert "Commune inconnue" in page and "Aucun service du réseau ne répond à ce besoin" in page


def test_the_orientation_carries_the_chosen_service_and_the_fiche_shows_its_conditions_and_hours(
    client, alice, emma, lot, services, saisie, orientation_vers
):
    client.force_login(alice)
    # choosing the service is enough: it chooses its structure
    donnees = saisie(**orientation_vers(**{"orientation-service_reseau": services["logement"].pk}))
    del donnees["orientation-structure_destinataire"]
    client.post("/accueil/passage/nouveau/", donnees)
    with tenant_context(lot):
        orientation = Orientation.objects.get()
    assert orientation.service_reseau == services["logement"]
    assert orientation.structure_destinataire == services["logement"].structure
    assert orientation.service == "Aide alimentaire"  # the free text stays
    client.force_login(emma)
    fiche = texte(client.get(f"/accueil/orientations/{orientation.pk}/"))
    assert "CCAS de Cahors — Accompagnement au logement — Aide alimentaire" in fiche
    assert "Service du réseau" in fiche and "Mo-Fr 09:00-12:00" in fiche and "Familles" in fiche
    assert "Logement, hébergement — Accompagnement au logement</a>" in texte(client.get("/accueil/orientations/"))


def test_a_service_of_another_structure_or_collectivite_is_refused_and_nothing_is_written(
    client, alice, lot, manche, services, saisie, orientation_vers
):
    autre = f.StructureFactory(collectivite=lot, nom="Mission locale")
    client.force_login(alice)
    reponse = client.post(
        "/accueil/passage/nouveau/",
        saisie(
            **orientation_vers(
                **{
                    "orientation-structure_destinataire": autre.pk,
                    "orientation-service_reseau": services["logement"].pk,
                }
            )
        ),
    )
    assert "Service du réseau</a> : Ce service est proposé par CCAS de Cahors, pas par Mission locale." in texte(
        reponse
    )
    with tenant_context(manche):
        service_b = f.ServiceFactory(structure=f.StructureFactory(collectivite=manche, nom="Bétaville Solidarités"))
    reponse = client.post(
        "/accueil/passage/nouveau/", saisie(**orientation_vers(**{"orientation-service_reseau": service_b.pk}))
    )
    assert "Service du réseau</a> : Ce service ne fait pas partie du réseau." in texte(reponse)
    with tenant_context(lot):
        assert not Orientation.objects.exists()


def test_the_service_choice_is_optional_and_last_in_the_orientation_block(client, alice, services):
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    bloc = page[page.index('id="bloc-orientation"') :]
    assert bloc.index('name="orientation-message"') < bloc.index('<details id="choix-service"')
