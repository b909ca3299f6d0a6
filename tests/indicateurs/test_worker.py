"""The charter computation through a real Celery worker: queued after the commit, progress visible to the page, and
run again it adds nothing (docs/securite.md §27)."""

import re

import pytest
from django.urls import reverse

from collectivites.tenancy import tenant_context
from indicateurs.enums import StatutCalcul
from indicateurs.models import Calcul, Instantane
from indicateurs.tasks import calculer_indicateurs
from tests.test_worker import attendre, worker  # noqa: F401 (fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_computes_the_indicators_and_the_page_follows_it(worker, client, david, lot, lieu_a):  # noqa: F811
    client.force_login(david)
    r = client.post(reverse("indicateurs:calculer"), {"annee": 2025})
    with tenant_context(lot):
        calcul = Calcul.objects.get()

        def termine():
            return Calcul.objects.get(pk=calcul.pk).statut == StatutCalcul.TERMINE

        assert attendre(termine), "le worker n'a pas terminé le calcul"
        assert Instantane.objects.filter(calcul=calcul).count() == 5
    fragment = client.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'value="5"\s+max="5"', fragment) and "Calcul terminé" in fragment

    # published twice (the outbox retries): one set of snapshots
    calculer_indicateurs.apply(args=[calcul.pk], kwargs={"collectivite_id": lot.pk}).get()
    with tenant_context(lot):
        assert Instantane.objects.count() == 5


def test_the_worker_runs_the_incremental_refresh_queued_by_the_beat(worker, lot, lieu_a, alice):  # noqa: F811
    """docs/performance.md §14: a passage written, the beat's incremental run queues the refresh of its collectivité,
    the worker recomputes the marked month and consumes the mark."""
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from indicateurs import statistiques
    from indicateurs.models import Agregat, MoisARafraichir
    from indicateurs.tasks import planifier_statistiques
    from tests import factories as f

    with tenant_context(lot):
        f.PassageFactory(lieu=lieu_a, agent=alice, date_heure=timezone.make_aware(timezone.datetime(2026, 3, 10, 10)))
        assert MoisARafraichir.objects.filter(source="passages", mois=date(2026, 3, 1)).exists()
    with transaction.atomic():
        planifier_statistiques(modifie=True)

    def compte():
        with tenant_context(lot):
            lignes = statistiques.par_mois("passages", "total", date(2026, 3, 1), date(2026, 3, 31), seuil=0)
            return [r["valeur"] for r in lignes] == [1] and not MoisARafraichir.objects.exists()

    assert attendre(compte), "le worker n'a pas rafraîchi le mois marqué"
    with tenant_context(lot):
        # an anonymous passage: counted by channel, no distinct person
        assert list(Agregat.objects.filter(source="passages", dimension="canal").values_list("cle", "valeur")) == [
            ("sur_place", 1)
        ]
        assert not Agregat.objects.filter(source="personnes").exists()
