"""docs/securite.md §26 and §28: a desk never waits on Redis, and concurrent desks lose nothing and duplicate
nothing."""

import contextlib
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
from collectivites import envois
from collectivites.envois import publier_en_attente
from collectivites.models import Envoi
from collectivites.tenancy import cross_tenant_access, tenant_context
from config.celery import app as celery_app
from tests.pannes import port_ferme, trou_noir

pytestmark = pytest.mark.django_db(transaction=True)


def _broker(url):
    # As in production, the broker and any result backend are the same Redis (REDIS_URL): both are down together.
    celery_app.conf.broker_url = url
    celery_app.conf.result_backend = url
    celery_app._backend_cache = None  # the backend object is built again from the new address
    celery_app._local.__dict__.pop("backend", None)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(params=["port fermé", "trou noir"])
def broker_en_panne(request):
    assert settings.REDIS_URL.startswith("redis://")
    celery_app.conf.task_always_eager = False
    envois._pause_jusqua = 0.0
    with contextlib.ExitStack() as pile:
        url = port_ferme() if request.param == "port fermé" else pile.enter_context(trou_noir())
        _broker(url)
        yield request.param
        _broker(settings.REDIS_URL)
    envois._pause_jusqua = 0.0
    celery_app.conf.task_always_eager = True


def _enregistrer(client, donnees):
    debut = time.monotonic()
    reponse = client.post("/accueil/passage/nouveau/", donnees)
    return reponse, time.monotonic() - debut


@pytest.mark.worker
def test_a_passage_is_saved_in_under_two_seconds_with_the_broker_down_and_notified_after_recovery(
    broker_en_panne, client, alice, lot, saisie, orientation_vers, structure_a2
):
    """docs/securite.md §26, both ways Redis goes down: the desk's save answers in under 2 s, the passage and its
    notification's outbox row are written, and a real worker sends the e-mail once Redis is back.

    The 2 s are the broker's share: the same save with Redis up, measured in this test once it is back, is the
    floor (a machine loaded by other work slows both alike); the outage may add at most 1.5 s to the first save and
    nothing to the next. Whatever the load, a save never takes 10 s."""
    structure_a2.email = "accueil@ccas-cahors.fr"
    structure_a2.save()
    client.force_login(alice)
    reponse, premiere = _enregistrer(client, saisie(**orientation_vers()))
    assert reponse.status_code == 302 and reponse["Location"].startswith("/accueil/")
    # the next desk does not wait again: the rows wait for the beat job
    reponse, seconde = _enregistrer(client, saisie(**orientation_vers()))
    assert reponse.status_code == 302
    assert max(premiere, seconde) < 10, f"{broker_en_panne} : enregistrements en {premiere:.1f} et {seconde:.1f} s"
    with tenant_context(lot):
        assert Passage.objects.count() == 2
        assert list(Orientation.objects.values_list("notifiee_le", flat=True)) == [None, None]
        assert [e.tache for e in Envoi.objects.order_by("pk")] == ["accueil.notifier_orientation"] * 2
    assert mail.outbox == []
    debut = time.monotonic()
    assert publier_en_attente() == (0, 2)  # the beat job: still down, kept in order, bounded too
    assert time.monotonic() - debut < 5  # each wait on the broker is bounded: never the 20 s of a retried connection

    _broker(settings.REDIS_URL)  # Redis is back
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert publier_en_attente() == (2, 0)
        fin = time.monotonic() + 15
        while len(mail.outbox) < 2 and time.monotonic() < fin:
            time.sleep(0.05)
    assert [m.to for m in mail.outbox] == [["accueil@ccas-cahors.fr"]] * 2
    with cross_tenant_access("test"):
        assert not Envoi.objects.exists()
    with tenant_context(lot):
        assert Orientation.objects.filter(notifiee_le__isnull=True).count() == 0
    # the floor: the same save with Redis up (the median of three)
    plancher = sorted(_enregistrer(client, saisie(**orientation_vers()))[1] for _ in range(3))[1]
    assert premiere - plancher < 1.5, f"{broker_en_panne} : {premiere:.2f} s, {plancher:.2f} s Redis en marche"
    assert seconde - plancher < 0.5, f"{broker_en_panne} : second {seconde:.2f} s, {plancher:.2f} s Redis en marche"


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
