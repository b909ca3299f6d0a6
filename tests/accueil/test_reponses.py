"""The responses given at a passage: a per-collectivité nomenclature seeded with the five checkboxes the desk had
(docs/accueil.md §2), recorded on each passage, adapted by the administrator, counted in the statistics."""

from datetime import date

from django.utils import timezone
from rest_framework.test import APIClient

from accueil.models import Passage, Reponse
from collectivites.tenancy import tenant_context
from indicateurs import statistiques
from tests import factories as f
from tests.connexion import jeton_api


def reponses_du_dernier_passage(lot):
    with tenant_context(lot):
        passage = Passage.objects.order_by("-cree_le").first()
        return sorted(passage.reponses.values_list("code", flat=True)) if passage else None


def test_a_new_collectivite_starts_with_the_five_responses(lot, manche):
    for collectivite in (lot, manche):
        with tenant_context(collectivite):
            assert list(Reponse.objects.values_list("libelle", flat=True)) == [
                "Information donnée",
                "Orientation vers un partenaire",
                "Accompagnement proposé",
                "Rendez-vous donné",
                "Pas de suite nécessaire",
            ]


def test_the_form_records_the_responses_ticked(client, alice, lot, saisie):
    with tenant_context(lot):
        rdv = Reponse.objects.get(code="rendez-vous")
    client.force_login(alice)
    page = client.get("/accueil/passage/nouveau/").content.decode()
    assert "Rendez-vous donné" in page
    client.post("/accueil/passage/nouveau/", saisie(information_donnee="", reponses=[rdv.pk], information=""))
    assert reponses_du_dernier_passage(lot) == ["rendez-vous"]


def test_an_information_written_and_an_orientation_sent_are_recorded_as_responses(
    client, alice, lot, saisie, orientation_vers
):
    client.force_login(alice)
    client.post("/accueil/passage/nouveau/", saisie(information_donnee="", **orientation_vers()))
    assert reponses_du_dernier_passage(lot) == ["information", "orientation"]


def test_a_response_added_by_the_administrator_is_offered_and_shown(client, fanny, alice, lot, saisie):
    client.force_login(fanny)
    client.post("/accueil/reponses/", {"libelle": "Aide financière accordée"})
    with tenant_context(lot):
        aide = Reponse.objects.get(libelle="Aide financière accordée")
    client.force_login(alice)
    assert "Aide financière accordée" in client.get("/accueil/passage/nouveau/").content.decode()
    reponse = client.post(
        "/accueil/passage/nouveau/", saisie(information_donnee="", information="", reponses=[aide.pk]), follow=True
    )
    assert "Aide financière accordée" in reponse.content.decode()


def test_a_switched_off_response_is_no_longer_offered(client, alice, lot, saisie):
    with tenant_context(lot):
        rdv = Reponse.objects.get(code="rendez-vous")
        rdv.actif = False
        rdv.save()
    client.force_login(alice)
    assert "Rendez-vous donné" not in client.get("/accueil/passage/nouveau/").content.decode()
    reponse = client.post("/accueil/passage/nouveau/", saisie(reponses=[rdv.pk]))
    assert "Réponse apportée" in reponse.content.decode()
    assert reponses_du_dernier_passage(lot) is None


def test_no_follow_up_excludes_an_appointment(client, alice, lot, saisie):
    with tenant_context(lot):
        ids = list(Reponse.objects.filter(code__in=["aucune-suite", "rendez-vous"]).values_list("pk", flat=True))
    client.force_login(alice)
    reponse = client.post("/accueil/passage/nouveau/", saisie(reponses=ids))
    page = reponse.content.decode().replace("&#x27;", "'")
    assert "Réponse apportée</a> : « Pas de suite nécessaire » exclut" in page.replace("&laquo;", "«")
    assert reponses_du_dernier_passage(lot) is None


def test_only_the_administrator_adapts_the_responses(client, alice):
    client.force_login(alice)
    assert client.get("/accueil/reponses/").status_code == 403


def test_the_statistics_count_the_responses_in_the_collectivites_words(lot, lieu_a, alice):
    mars = timezone.make_aware(timezone.datetime(2026, 3, 10, 10))
    with tenant_context(lot):
        rdv = Reponse.objects.get(code="rendez-vous")
        rdv.libelle = "RDV posé avec un travailleur social"
        rdv.save()
        for _ in range(6):
            f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=mars, reponses=[rdv])
        statistiques.rafraichir(lot, date(2026, 1, 1), date(2026, 12, 31))
        cellules = {
            r["libelle"]: r["valeur"]
            for r in statistiques.lire("passages", "reponse", date(2026, 1, 1), date(2026, 12, 31), seuil=5)
        }
    assert cellules == {"RDV posé avec un travailleur social": 6}


def test_the_api_takes_and_gives_response_codes(alice, lot, lieu_a, motifs):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api(alice)}")
    corps = {"lieu": lieu_a.pk, "motifs": ["emploi"], "reponses": ["rendez-vous"], "information": ""}
    reponse = api.post("/api/passages/", corps, format="json")
    assert reponse.status_code == 201, reponse.json()
    assert reponse.json()["reponses"] == ["rendez-vous"]
    inconnue = api.post("/api/passages/", {**corps, "reponses": ["voyance"]}, format="json")
    assert inconnue.status_code == 400 and "n'existe pas" in str(inconnue.json()["reponses"])
