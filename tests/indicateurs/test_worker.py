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
