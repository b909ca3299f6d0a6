"""A real Celery worker (in a thread of the test process) against the Redis broker of the test settings."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from collectivites.tasks import TacheCollectivite
from comptes.tasks import envoyer_email
from config.celery import app as celery_app
from reseau.models import Structure

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@celery_app.task(base=TacheCollectivite, name="tests.compter_structures")
def compter_structures():
    return Structure.objects.count()


@pytest.fixture
def worker():
    assert settings.REDIS_URL.startswith("redis://"), "make test fournit REDIS_URL (Redis sur localhost)"
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = settings.REDIS_URL
    celery_app.conf.result_backend = settings.REDIS_URL
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    celery_app.conf.task_always_eager = True


def attendre(condition, delai=15):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_worker_sends_the_password_reset_email_after_commit(worker, client, alice):
    reponse = client.post("/comptes/mot-de-passe/oublie/", {"email": "alice@lot.test"})
    assert reponse.status_code == 302
    assert attendre(lambda: len(mail.outbox) == 1), "le worker n'a pas envoyé l'e-mail"
    assert mail.outbox[0].to == ["alice@lot.test"]
    assert "/comptes/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_each_task_runs_in_the_collectivite_it_was_given(worker, structure_a, structure_a2, zoe, lot, manche):
    # no result is kept by default (docs/securite.md §26): these tests read one, so they ask for it
    lire = {"ignore_result": False}
    assert compter_structures.apply_async(kwargs={"collectivite_id": lot.pk}, **lire).get(timeout=15) == 2
    assert compter_structures.apply_async(kwargs={"collectivite_id": manche.pk}, **lire).get(timeout=15) == 1


def test_a_task_without_collectivite_fails_in_the_worker(worker, structure_a, lot):
    assert compter_structures.apply_async(kwargs={"collectivite_id": lot.pk}, ignore_result=False).get(timeout=15) == 1
    resultat = compter_structures.apply_async(ignore_result=False)
    with pytest.raises(Exception, match="collectivite_id"):
        resultat.get(timeout=15)


def test_an_email_task_needs_its_collectivite(worker, lot):
    resultat = envoyer_email.apply_async(args=[["x@exemple.fr"], "Sujet", "Texte"], ignore_result=False)
    with pytest.raises(Exception, match="collectivite_id"):
        resultat.get(timeout=15)
    assert mail.outbox == []
