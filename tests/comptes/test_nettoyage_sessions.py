"""docs/securite.md §19: the hourly job deletes expired sessions and the ``SessionOuverte`` rows that outlived them."""

import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

from comptes.models import SessionOuverte
from comptes.tasks import nettoyer_sessions


def _connexion(client, user):
    client.force_login(user)
    return client.session.session_key


def test_the_job_deletes_the_rows_of_ended_sessions_and_keeps_the_open_ones(client, alice, bob, eric):
    from django.test import Client

    ouverte = _connexion(client, alice)
    expiree = _connexion(Client(), bob)
    disparue = _connexion(Client(), eric)
    Session.objects.filter(session_key=expiree).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    Session.objects.filter(session_key=disparue).delete()
    assert SessionOuverte.objects.count() == 3

    assert nettoyer_sessions.delay().get() == 2

    assert list(SessionOuverte.objects.values_list("cle", flat=True)) == [ouverte]
    assert not Session.objects.filter(session_key=expiree).exists()
    assert client.get("/comptes/sessions/").status_code == 200  # the open session goes on
    assert nettoyer_sessions() == 0


def test_the_job_is_scheduled_every_hour(settings):
    from config.celery import app

    app.loader.import_default_modules()
    entree = settings.CELERY_BEAT_SCHEDULE["nettoyer-sessions"]
    assert entree["task"] == "comptes.nettoyer_sessions" and entree["schedule"] == 3600.0
    assert "comptes.nettoyer_sessions" in app.tasks
