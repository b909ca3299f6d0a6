import pytest
from django.utils import timezone

from accompagnement.models import Accompagnement
from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers.models import JournalAcces, Usager
from usagers.retention import appliquer

# 729/731 days and 12 months: two years back from today cross a 29 February or not.
pytestmark = pytest.mark.date_figee


@pytest.mark.parametrize("jours,anonymise", [(729, False), (731, True)])
def test_a_person_without_contact_for_two_years_is_anonymised(lot, jeanne, jours, anonymise):
    maintenant = timezone.now()
    with tenant_context(lot):
        Usager.objects.filter(pk=jeanne.pk).update(dernier_contact=maintenant - timezone.timedelta(days=jours))
    appliquer(maintenant)
    jeanne.refresh_from_db()
    assert (jeanne.anonymise_le is not None) is anonymise
    assert (jeanne.nom == "Dupont") is not anonymise
    if anonymise:
        assert jeanne.date_naissance is None and jeanne.telephone == "" and jeanne.commune_id == "46042"
        with tenant_context(lot):
            assert not Usager.objects.actifs().filter(pk=jeanne.pk).exists()  # out of the search and the desk
            assert not Usager.historique.filter(id=jeanne.pk).exists()  # the history held the old values


def test_an_open_support_keeps_the_file(lot, jeanne, soutien):
    with tenant_context(lot):
        Usager.objects.filter(pk=jeanne.pk).update(dernier_contact=timezone.now() - timezone.timedelta(days=900))
        assert Accompagnement.objects.ouverts().exists()
    appliquer()
    jeanne.refresh_from_db()
    assert jeanne.anonymise_le is None


def test_the_access_log_is_purged_after_twelve_months_only(lot, alice, jeanne):
    maintenant = timezone.now()
    with tenant_context(lot):
        ancienne = f.JournalAccesFactory(
            utilisateur=alice, usager=jeanne, quand=maintenant - timezone.timedelta(days=366)
        )
        recente = f.JournalAccesFactory(
            utilisateur=alice, usager=jeanne, quand=maintenant - timezone.timedelta(days=364)
        )
    assert appliquer(maintenant)["lot"]["journal"] == 1
    with tenant_context(lot):
        assert list(JournalAcces.objects.values_list("pk", flat=True)) == [recente.pk]
        assert not JournalAcces.objects.filter(pk=ancienne.pk).exists()


def test_the_daily_job_runs_the_task_of_usagers(settings):
    from config.celery import app

    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE["retention"]["task"] == "usagers.retention"
    assert "usagers.retention" in app.tasks
    assert "usagers.retention_collectivite" in app.tasks


@pytest.mark.date_figee("2026-12-03 14:05")
def test_the_person_can_read_who_read_their_file(lot, alice, structure_a, jeanne):
    from usagers.journal import lisible

    with tenant_context(lot):
        f.JournalAccesFactory(utilisateur=alice, usager=jeanne, structure=structure_a, action="pdf", objet="contrat")
        lignes = lisible(jeanne)
    assert lignes == [
        {
            "qui": str(alice),
            "structure": structure_a.nom,
            "quand": "3 décembre 2026 à 14 h 05",
            "quoi": "a ouvert un document de votre dossier (contrat)",
        }
    ]


def _durees(**autres):
    from usagers.retention import CATEGORIES

    return {c.code: str(c.defaut) for c in CATEGORIES} | {k: str(v) for k, v in autres.items()}


def test_the_administrator_sees_the_schedule_and_may_shorten_a_period(client, fanny, lot, zoe, manche):
    from usagers.retention import calendrier

    client.force_login(fanny)
    assert "Durées de conservation des données" in client.get("/parametres/").content.decode()
    page = client.get("/parametres/conservation/").content.decode()
    assert "Entretiens et notes privées" in page and "délibération 2021-028" in page
    reponse = client.post("/parametres/conservation/", _durees(notes_privees=6, journal=6))
    assert reponse.status_code == 302
    assert calendrier(lot)["notes_privees"] == 6 and calendrier(lot)["journal"] == 6
    assert calendrier(manche)["notes_privees"] == 24  # another collectivité keeps its own schedule
    page = client.get("/parametres/conservation/").content.decode()
    assert 'name="notes_privees" value="6"' in page


@pytest.mark.parametrize(
    "modification,message",
    [
        ({"notes_privees": 36}, "Au plus 24 mois : une collectivité peut raccourcir cette durée"),
        ({"journal": 13}, "Au plus 12 mois"),
        ({"journal": 2}, "Au moins 6 mois pour cette catégorie"),
        ({"dossier": "deux ans"}, "Indiquez un nombre entier de mois."),
        ({"documents": ""}, "Indiquez une durée en mois."),
    ],
)
def test_a_period_is_never_lengthened_past_its_maximum(client, fanny, lot, modification, message):
    from usagers.models import DureeConservation

    client.force_login(fanny)
    page = client.post("/parametres/conservation/", _durees(**modification)).content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "Rien n'a été enregistré" in page.replace("&#x27;", "'")
    with tenant_context(lot):
        assert not DureeConservation.objects.exists()


def test_only_the_administrator_changes_the_schedule(client, bob, david):
    for personne in (bob, david):
        client.force_login(personne)
        assert client.get("/parametres/conservation/").status_code == 403
        assert client.post("/parametres/conservation/", _durees(journal=6)).status_code == 403


def test_a_shortened_period_applies_to_its_collectivite_only(lot, alice, jeanne, manche, zoe):
    from usagers.models import DureeConservation

    maintenant = timezone.now()
    with tenant_context(lot):
        DureeConservation.objects.create(collectivite=lot, categorie="journal", mois=6)
        f.JournalAccesFactory(utilisateur=alice, usager=jeanne, quand=maintenant - timezone.timedelta(days=200))
    with tenant_context(manche):
        f.JournalAccesFactory(
            usager=f.UsagerFactory(), utilisateur=zoe, quand=maintenant - timezone.timedelta(days=200)
        )
    resultats = appliquer(maintenant)
    assert resultats["lot"]["journal"] == 1 and resultats["manche"]["journal"] == 0


def test_the_outbox_is_emptied_at_the_end_of_its_period(lot):
    from collectivites.models import Envoi

    with tenant_context(lot):
        vieux = f.EnvoiFactory(collectivite=lot)
        Envoi.objects.filter(pk=vieux.pk).update(cree_le=timezone.now() - timezone.timedelta(days=100))
        recent = f.EnvoiFactory(collectivite=lot)
    assert appliquer()["lot"]["envois"] == 1
    with tenant_context(lot):
        assert list(Envoi.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_documented_schedule_is_the_one_in_the_code():
    from pathlib import Path

    from usagers.retention import CATEGORIES

    page = (Path(__file__).resolve().parents[1] / "docs" / "retention.md").read_text()
    for c in CATEGORIES:
        assert f"| `{c.code}` |" in page
        ligne = next(x for x in page.splitlines() if x.startswith(f"| `{c.code}` |"))
        assert [int(x) for x in ligne.split("|")[3:6]] == [c.defaut, c.minimum, c.maximum], c.code


def test_a_merged_file_leaves_with_the_file_it_was_merged_into(lot, jeanne):
    maintenant = timezone.now()
    with tenant_context(lot):
        doublon = f.UsagerFactory(prenom="Jeanne", nom="Dupond", telephone="06 12 34 56 78", fusionne_dans=jeanne)
        Usager.objects.filter(pk=jeanne.pk).update(dernier_contact=maintenant - timezone.timedelta(days=800))
    appliquer(maintenant)
    doublon.refresh_from_db()
    assert doublon.nom != "Dupond" and doublon.telephone == ""
    with tenant_context(lot):
        assert not Usager.historique.filter(id=doublon.pk).exists()


def test_the_daily_task_runs_the_schedule_of_every_collectivite_in_the_worker(lot, manche, alice, jeanne):
    from usagers.tasks import retention

    with tenant_context(lot):
        f.JournalAccesFactory(utilisateur=alice, usager=jeanne, quand=timezone.now() - timezone.timedelta(days=400))
    assert retention() == 2  # one task per active collectivité (run in-process here)
    with tenant_context(lot):
        assert not JournalAcces.objects.exists()
