"""docs/securite.md §14: the month allowed by RGPD art. 12.3 to answer a right-of-access request. The pages say when
the answer is due and when it is late; every morning the worker recalls the parts not released to those who release
them — a week before, on the day, then every week while late — in an e-mail that names no person."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from collectivites.tenancy import tenant_context
from portail.models import DemandeAcces, un_mois_apres
from portail.tasks import rappeler_droit_acces
from tests.test_droit_acces import dossier, encadrant_ccas  # noqa: F401 (fixtures)
from tests.test_worker import attendre, worker  # noqa: F401 (fixture)


@pytest.mark.parametrize(
    ("recue", "due"),
    [
        ("2026-11-06", "2026-12-06"),
        ("2026-12-15", "2027-01-15"),
        ("2027-01-31", "2027-02-28"),
        ("2028-01-31", "2028-02-29"),
    ],
)
def test_the_answer_is_due_one_month_after_receipt(recue, due):
    assert un_mois_apres(datetime.date.fromisoformat(recue)) == datetime.date.fromisoformat(due)


def _le(quand):
    return timezone.make_aware(datetime.datetime.fromisoformat(quand))


def _demande(client, eric, jeanne, lot, recue_le):
    client.force_login(eric)
    assert client.post(f"/personnes/{jeanne.pk}/droit-acces/", {"recue_le": recue_le}).status_code == 302
    with tenant_context(lot):
        return DemandeAcces.objects.get(usager=jeanne)


@pytest.mark.django_db
@pytest.mark.date_figee("2026-12-01 10:00")
def test_the_pages_say_when_the_answer_is_due_and_when_it_is_late(client, lot, dossier, eric):  # noqa: F811
    demande = _demande(client, eric, dossier, lot, "2026-11-06")
    page = client.get(f"/droit-acces/{demande.pk}/").content.decode()
    assert "réponse due le 06/12/2026 (dans 5 jours)" in page
    assert "réponse due le 06/12/2026 (dans 5 jours)" in client.get("/droit-acces/").content.decode()
    with time_machine.travel(_le("2026-12-09 09:00"), tick=True):
        client.force_login(eric)  # a week later: a new session
        assert "délai dépassé depuis le 06/12/2026" in client.get(f"/droit-acces/{demande.pk}/").content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.date_figee("2026-12-01 10:00")
def test_the_worker_recalls_each_part_to_who_releases_it_without_naming_the_person(
    worker,  # noqa: F811
    client,
    lot,
    dossier,  # noqa: F811
    eric,
    helene,
    encadrant_ccas,  # noqa: F811
):
    jeanne = dossier
    assert settings.CELERY_BEAT_SCHEDULE["rappels-droit-acces"]["task"] == "portail.rappeler_droit_acces"
    demande = _demande(client, eric, jeanne, lot, "2026-11-06")  # due on 6 December: 5 days left
    mail.outbox = []

    rappeler_droit_acces.delay()
    assert attendre(lambda: len(mail.outbox) == 3), [m.to for m in mail.outbox]
    par_destinataire = {tuple(m.to): m for m in mail.outbox}
    # each part to those who release it: structure A's encadrant, the CCAS's, the child-protection member
    assert set(par_destinataire) == {("eric@lot.test",), ("carole@lot.test",), ("helene@lot.test",)}
    for message in mail.outbox:
        assert "avant le 06/12/2026" in message.subject
        assert "dans 5 jours" in message.body and f"/droit-acces/{demande.pk}/" in message.body
        assert jeanne.nom not in message.body and jeanne.prenom not in message.body
        assert jeanne.nom not in message.alternatives[0][0]
    assert "protection de l'enfance" in par_destinataire[("helene@lot.test",)].body

    # the same morning again: nothing more
    mail.outbox = []
    assert rappeler_droit_acces()[lot.slug] == 0

    # structure A releases its part; on the deadline, the two others are recalled again, then every week
    with tenant_context(lot):
        partie_a = demande.parties.get(structure__nom__startswith="Département", confidentielle=False)
    client.post(f"/droit-acces/{demande.pk}/parties/{partie_a.pk}/liberer/")
    with time_machine.travel(_le("2026-12-06 07:00"), tick=True):
        assert rappeler_droit_acces()[lot.slug] == 2
        assert "due aujourd'hui" in mail.outbox[0].body
    with time_machine.travel(_le("2026-12-08 07:00"), tick=True):
        assert rappeler_droit_acces()[lot.slug] == 0
    with time_machine.travel(_le("2026-12-13 07:00"), tick=True):
        mail.outbox = []
        assert rappeler_droit_acces()[lot.slug] == 2
        assert {m.subject for m in mail.outbox} == {"Relais — droit d'accès : le délai d'un mois est dépassé"}
        assert "dépassé depuis le 6 décembre 2026 (7 jours)" in mail.outbox[0].body
