"""docs/aides.md « Budget »: concurrent decisions on the last euros of a scheme's budget do not overspend it (the
scheme's row is locked with select_for_update while the remaining budget is checked), on real PostgreSQL."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from aides.models import Decision
from collectivites.tenancy import tenant_context
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_urgent_decisions_never_overspend_the_budget(lot, eric, bob, secours, cahors):
    with tenant_context(lot):
        demandes = []
        for _ in range(4):
            usager = f.UsagerFactory(commune=cahors)
            situation = f.SituationFoyerFactory(usager=usager)
            demandes.append(f.DemandeAideFactory(dispositif=secours, situation=situation, instructeur=bob))
    depart = threading.Barrier(len(demandes))
    statuts, erreurs = [], []

    def decider(demande):
        try:
            client = Client()
            client.force_login(eric)
            depart.wait(timeout=10)
            reponse = client.post(f"/aides/{demande.pk}/urgence/", {"sens": "accordee", "montant": "300"}, follow=True)
            statuts.append(reponse.status_code)
        except Exception as e:  # pragma: no cover - reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [threading.Thread(target=decider, args=(d,)) for d in demandes]
    for t in fils:
        t.start()
    for t in fils:
        t.join(timeout=60)
    assert erreurs == [] and statuts == [200] * 4
    with tenant_context(lot):
        accordees = list(Decision.objects.accordees().values_list("montant", flat=True))
    # budget 1 000 €: three aids of 300 €, the fourth is refused (100 € left)
    assert len(accordees) == 3 and sum(accordees) == Decimal("900")
