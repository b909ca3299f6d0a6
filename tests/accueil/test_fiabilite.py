"""docs/securite.md §26 and §28: a desk never waits on Redis, and concurrent desks lose nothing and duplicate
nothing."""

import threading
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from accueil.models import Orientation, Passage
from collectivites.envois import publier_en_attente
from collectivites.models import Envoi
from collectivites.tenancy import cross_tenant_access, tenant_context
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)


def _broker(url):
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = settings.REDIS_URL
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_injoignable():
    assert settings.REDIS_URL.startswith("redis://")
    celery_app.conf.task_always_eager = False
    _broker("redis://127.0.0.1:1/0")  # nothing listens there
    yield
    _broker(settings.REDIS_URL)
    celery_app.conf.task_always_eager = True


@pytest.mark.worker
def test_a_passage_is_saved_with_the_broker_down_and_notified_after_recovery(
    broker_injoignable, client, alice, lot, saisie, orientation_vers, structure_a2
):
    structure_a2.email = "accueil@ccas-cahors.fr"
    structure_a2.save()
    client.force_login(alice)
    reponse = client.post("/accueil/passage/nouveau/", saisie(**orientation_vers()))
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert Passage.objects.count() == 1
        orientation = Orientation.objects.get()
        assert orientation.notifiee_le is None
        (envoi,) = Envoi.objects.all()
        assert envoi.tache == "accueil.notifier_orientation" and envoi.tentatives == 1
    assert mail.outbox == []
    assert publier_en_attente() == (0, 1)  # still down: kept, in order

    _broker(settings.REDIS_URL)  # Redis is back
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert publier_en_attente() == (1, 0)
        fin = time.monotonic() + 15
        while not mail.outbox and time.monotonic() < fin:
            time.sleep(0.05)
    assert [m.to for m in mail.outbox] == [["accueil@ccas-cahors.fr"]]
    with cross_tenant_access("test"):
        assert not Envoi.objects.exists()
    with tenant_context(lot):
        assert Orientation.objects.get().notifiee_le is not None


def test_concurrent_desks_lose_nothing_and_duplicate_nothing(alice, bob, eric, lot, saisie):
    """Three desks post 6 passages each at the same time, every one of them twice (a double click)."""
    formulaires = {user: [saisie() for _ in range(6)] for user in (alice, bob, eric)}
    erreurs = []
    depart = threading.Barrier(6)

    def guichet(user, envois):
        try:
            desk = Client()
            desk.force_login(user)
            depart.wait(timeout=10)
            for donnees in envois:
                reponse = desk.post("/accueil/passage/nouveau/", donnees)
                if reponse.status_code != 302:
                    erreurs.append(reponse.status_code)
        except Exception as e:  # pragma: no cover - reported below
            erreurs.append(repr(e))
        finally:
            connection.close()

    fils = [
        threading.Thread(target=guichet, args=(user, envois)) for user, envois in formulaires.items() for _ in range(2)
    ]  # each desk sends its forms twice, in parallel
    for t in fils:
        t.start()
    for t in fils:
        t.join(timeout=60)
    assert erreurs == []
    with tenant_context(lot):
        jetons = list(Passage.objects.values_list("jeton", flat=True))
    attendus = {uuid.UUID(d["jeton"]) for envois in formulaires.values() for d in envois}
    assert len(jetons) == 18 and set(jetons) == attendus
