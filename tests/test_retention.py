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
