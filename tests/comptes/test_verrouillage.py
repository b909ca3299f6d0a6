"""docs/securite.md §17, §18, §19: lockout figures, password rules on every form, the user's sessions."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from comptes import verrouillage
from comptes.models import EchecConnexion, JournalSecurite, SessionOuverte
from tests.conftest import connexion_sans_second_facteur
from tests.connexion import enroler
from tests.factories import MOT_DE_PASSE

CONNEXION = "/comptes/connexion/"


def _essai(client, email, mot_de_passe="mauvais-mot-de-passe", ip="10.0.0.1"):
    return client.post(CONNEXION, {"username": email, "password": mot_de_passe}, REMOTE_ADDR=ip)


def _connecte(client):
    return "_auth_user_id" in client.session


def test_five_failures_from_one_address_lock_that_address_for_15_minutes(client, alice):
    debut = timezone.now()
    with time_machine.travel(debut, tick=False) as voyage:
        for _ in range(5):
            assert "Trop de tentatives" not in _essai(client, alice.email).content.decode()
        reponse = _essai(client, alice.email, MOT_DE_PASSE)
        assert "Trop de tentatives" in reponse.content.decode() and not _connecte(client)
        # another address still may log in
        _essai(client, alice.email, MOT_DE_PASSE, ip="10.0.0.2")
        assert _connecte(client)
        client.logout()
        voyage.move_to(debut + datetime.timedelta(minutes=14, seconds=59))
        _essai(client, alice.email, MOT_DE_PASSE)
        assert not _connecte(client)
        voyage.move_to(debut + datetime.timedelta(minutes=15, seconds=1))
        _essai(client, alice.email, MOT_DE_PASSE)
        assert _connecte(client)


def test_ten_failures_from_any_address_lock_the_account_for_an_hour(client, alice):
    debut = timezone.now()
    with time_machine.travel(debut, tick=False) as voyage:
        for i in range(10):
            _essai(client, alice.email, ip=f"10.0.1.{i}")  # never five from one address
        _essai(client, alice.email, MOT_DE_PASSE, ip="10.0.2.1")
        assert not _connecte(client)
        voyage.move_to(debut + datetime.timedelta(minutes=59))
        _essai(client, alice.email, MOT_DE_PASSE, ip="10.0.2.1")
        assert not _connecte(client)
        voyage.move_to(debut + datetime.timedelta(minutes=61))
        _essai(client, alice.email, MOT_DE_PASSE, ip="10.0.2.1")
        assert _connecte(client)


def test_the_message_is_the_same_for_an_unknown_address(client, db):
    for _ in range(5):
        _essai(client, "personne@nulle.part")
    assert "Trop de tentatives" in _essai(client, "personne@nulle.part").content.decode()


def test_failed_second_factor_codes_count(client, alice):
    enroler(alice)
    connexion_sans_second_facteur(client, alice)
    for _ in range(5):
        client.post("/comptes/second-facteur/", {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
    assert EchecConnexion.objects.filter(email=alice.email, second_facteur=True).count() == 5
    assert verrouillage.est_verrouille(alice.email, "10.0.0.1")
    client.logout()
    _essai(client, alice.email, MOT_DE_PASSE)
    assert not _connecte(client)


def test_an_administrator_unlocks(client, alice, fanny, bob):
    for _ in range(10):
        _essai(client, alice.email)
    assert verrouillage.est_verrouille(alice.email, "10.0.0.1")
    client.force_login(bob)
    assert client.post(f"/comptes/utilisateurs/{alice.pk}/deverrouiller/").status_code == 403
    client.force_login(fanny)
    assert client.post(f"/comptes/utilisateurs/{alice.pk}/deverrouiller/").status_code == 302
    assert not verrouillage.est_verrouille(alice.email, "10.0.0.1")
    assert JournalSecurite.objects.filter(action="deverrouillage", auteur=fanny, detail=alice.email).exists()
    client.logout()
    _essai(client, alice.email, MOT_DE_PASSE)
    assert _connecte(client)


@pytest.mark.parametrize(
    "mot_de_passe",
    ["motdepasse12", "Azerty123456", "azertyuiop123", "Motdepasse2026!", "123soleil2026", "password1234"],
)
def test_common_french_passwords_are_refused(alice, mot_de_passe):
    with pytest.raises(ValidationError) as erreur:
        validate_password(mot_de_passe, alice)
    assert "Ce mot de passe est trop courant." in erreur.value.messages


def test_a_passphrase_is_accepted(alice):
    validate_password("marmotte-cahors-lundi-pluie", alice)


def test_an_administrator_needs_16_characters(fanny, alice, lot):
    from tests.factories import UtilisateurFactory

    for administrateur in (fanny, UtilisateurFactory(collectivite=lot, is_staff=True)):
        with pytest.raises(ValidationError) as erreur:
            validate_password("quinze-car-okay", administrateur)
        assert any("16 caractères au moins" in m for m in erreur.value.messages)
        validate_password("seize-caracteres", administrateur)
    validate_password("douze-car-ok", alice)


def test_the_reset_form_asks_16_characters_of_an_administrator(client, fanny, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/mot-de-passe/oublie/", {"email": fanny.email})
    lien = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", mail.outbox[-1].body).group(1)
    formulaire = client.get(lien, follow=True)
    url = formulaire.redirect_chain[-1][0]
    court = "douze-car-ok"  # 12 characters
    reponse = client.post(url, {"new_password1": court, "new_password2": court})
    assert "16 caractères au moins" in reponse.content.decode()
    long = "une phrase de seize caracteres"
    assert client.post(url, {"new_password1": long, "new_password2": long}).status_code == 302


def test_a_password_reset_ends_every_session(client, alice, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    ailleurs = type(client)()
    ailleurs.force_login(alice)
    assert SessionOuverte.objects.filter(utilisateur=alice).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/comptes/mot-de-passe/oublie/", {"email": alice.email})
    lien = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", mail.outbox[-1].body).group(1)
    url = client.get(lien, follow=True).redirect_chain[-1][0]
    nouveau = "une phrase de passe toute neuve"
    assert client.post(url, {"new_password1": nouveau, "new_password2": nouveau}).status_code == 302
    assert ailleurs.get("/").status_code == 302
    assert not SessionOuverte.objects.filter(utilisateur=alice).exists()
    assert JournalSecurite.objects.filter(action="mot_de_passe_reinitialise", cible=alice).exists()


def test_a_user_sees_and_ends_their_own_sessions(client, alice, bob):
    ailleurs = type(client)()
    ailleurs.force_login(alice)
    autre_personne = type(client)()
    autre_personne.force_login(bob)
    client.force_login(alice)
    page = client.get("/comptes/sessions/")
    contenu = page.content.decode()
    assert page.status_code == 200 and contenu.count("Terminer</button>") == 2 and "(cette session)" in contenu
    a_terminer = SessionOuverte.objects.get(cle=ailleurs.session.session_key)
    de_bob = SessionOuverte.objects.get(utilisateur=bob)
    assert client.post("/comptes/sessions/", {"session": de_bob.pk}).status_code == 404
    assert client.post("/comptes/sessions/", {"session": a_terminer.pk}).status_code == 302
    assert ailleurs.get("/").status_code == 302
    assert client.get("/").status_code == 200 and autre_personne.get("/comptes/sessions/").status_code == 200
    ailleurs.force_login(alice)
    client.post("/comptes/sessions/", {"toutes": "1"})
    assert ailleurs.get("/").status_code == 302 and client.get("/").status_code == 200
