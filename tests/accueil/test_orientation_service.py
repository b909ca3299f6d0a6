"""Orient to a service of the network (docs/accueil.md §5): searched by need and by the person's commune, with its
conditions and hours, carried on the orientation and on the fiche de liaison."""

import re

import pytest

from accueil.models import Orientation, PassageMotif
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
    assert "Service du réseau</a> : Ce service est proposé par le CCAS de Cahors, pas par la Mission locale." in texte(
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


# --- the API (docs/accueil.md §5) -------------------------------------------------------------------------------


@pytest.fixture
def api_alice(alice):
    from rest_framework.test import APIClient

    from tests.connexion import jeton_api

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(alice)}")
    return client


@pytest.fixture
def passage_logue(lot, lieu_a, motifs):
    with tenant_context(lot):
        passage = f.PassageFactory(lieu=lieu_a)
        PassageMotif.objects.create(collectivite=lot, passage=passage, motif=motifs["logement-hebergement"])
        return passage


def test_the_api_sends_an_orientation_to_a_service_and_reads_it_back_with_its_structure(
    api_alice, lot, services, passage_logue
):
    service = services["logement"]
    reponse = api_alice.post(
        "/api/orientations/",
        {"passage": passage_logue.pk, "service_reseau": service.pk, "consentement": "recueilli"},
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["service_reseau"] == {
        "id": service.pk,
        "nom": "Accompagnement au logement",
        "structure": {"id": service.structure_id, "nom": "CCAS de Cahors"},
    }
    assert corps["structure_destinataire"] == service.structure_id  # the service chose its structure
    lue = api_alice.get(f"/api/orientations/{corps['id']}/").json()
    assert lue["service_reseau"]["structure"]["nom"] == "CCAS de Cahors"
    with tenant_context(lot):
        orientation = Orientation.objects.get()
        assert orientation.service_reseau == service and orientation.emise_par.email == "alice@lot.test"
        # the passage now counts the response « orientation » for the statistics
        assert "orientation" in {r.code for r in passage_logue.reponses.all()}


def test_an_orientation_without_a_service_reads_null(api_alice, lot, structure_a2, passage_logue):
    reponse = api_alice.post(
        "/api/orientations/",
        {"passage": passage_logue.pk, "structure_destinataire": structure_a2.pk, "consentement": "recueilli"},
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["service_reseau"] is None


def test_the_api_refuses_a_service_of_another_collectivite_or_structure_and_writes_nothing(
    api_alice, lot, manche, services, passage_logue
):
    with tenant_context(manche):
        ailleurs = f.ServiceFactory(structure=f.StructureFactory(collectivite=manche, nom="Bétaville Solidarités"))
    reponse = api_alice.post(
        "/api/orientations/",
        {"passage": passage_logue.pk, "service_reseau": ailleurs.pk, "consentement": "recueilli"},
        format="json",
    )
    assert reponse.status_code == 400
    assert reponse.json()["service_reseau"] == ["Ce service ne fait pas partie du réseau."]
    autre = f.StructureFactory(collectivite=lot, nom="Mission locale")
    reponse = api_alice.post(
        "/api/orientations/",
        {
            "passage": passage_logue.pk,
            "structure_destinataire": autre.pk,
            "service_reseau": services["logement"].pk,
            "consentement": "recueilli",
        },
        format="json",
    )
    assert reponse.status_code == 400
    assert reponse.json()["service_reseau"] == [
        "Ce service est proposé par le CCAS de Cahors, pas par la Mission locale."
    ]
    reponse = api_alice.post(
        "/api/orientations/",
        {"passage": passage_logue.pk, "service_reseau": services["chez_soi"].pk, "consentement": "recueilli"},
        format="json",
    )
    assert reponse.status_code == 400  # one does not orient to one's own structure
    with tenant_context(lot):
        assert not Orientation.objects.exists()
        assert not passage_logue.reponses.exists()


def test_the_schema_documents_the_orientation_service(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert "post" in schema["paths"]["/api/orientations/"]
    composants = schema["components"]["schemas"]
    assert "service_reseau" in composants["Orientation"]["properties"]
    assert "service_reseau" in composants["NouvelleOrientationRequest"]["properties"]


# --- the service search without JavaScript (docs/accueil.md §5) ---------------------------------------------------


def test_without_javascript_the_service_search_reloads_the_page_with_the_services_found(client, alice, services):
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    # the search is a GET form of its own (no form nested in the passage's), its button submits it
    assert '<form method="get"' in page and 'id="form-services"' in page
    bouton = page[page.index("Chercher les services") - 300 : page.index("Chercher les services")]
    assert 'type="submit"' in bouton and 'form="form-services"' in bouton
    page = texte(
        client.get(
            "/accueil/passage/nouveau/",
            {"thematique": "logement-hebergement", "commune": "Cahors (46042)", "chercher_services": "1"},
        )
    )
    assert "1 service ouvert aux habitants de Cahors" in page
    assert "Accompagnement au logement</strong> — CCAS de Cahors" in page and "Mo-Fr 09:00-12:00" in page
    assert "Logement à Figeac" not in page and "Épicerie solidaire" not in page and "Notre propre service" not in page
    assert '<details id="choix-service" open>' in page  # the results are in view, with what was asked
    assert '<option value="logement-hebergement" selected>' in page and 'value="Cahors (46042)"' in page
    assert 'name="orientation-service_reseau"' in page  # a radio button of the passage form


def test_without_javascript_the_service_found_is_carried_by_the_orientation(
    client, alice, lot, services, saisie, orientation_vers
):
    client.force_login(alice)
    page = client.get(
        "/accueil/passage/nouveau/", {"thematique": "logement-hebergement", "chercher_services": "1"}
    ).content.decode()
    choix = f'value="{services["logement"].pk}"'
    assert choix in page
    donnees = saisie(**orientation_vers(**{"orientation-service_reseau": services["logement"].pk}))
    del donnees["orientation-structure_destinataire"]
    assert client.post("/accueil/passage/nouveau/", donnees).status_code == 302
    with tenant_context(lot):
        assert Orientation.objects.get().service_reseau == services["logement"]


def test_a_service_search_keeps_the_person_of_the_passage(client, alice, lot, jeanne, services):
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/", {"usager": jeanne.pk}).content.decode()
    formulaire = page[page.index('id="form-services"') :]
    assert f'name="usager" value="{jeanne.pk}"' in formulaire[: formulaire.index("</form>")]
    page = client.get(
        "/accueil/passage/nouveau/", {"usager": jeanne.pk, "thematique": "", "chercher_services": "1"}
    ).content.decode()
    assert "3 services" in page and "Jeanne" in page
