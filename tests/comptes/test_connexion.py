import re

import pytest
from django.core import mail

from comptes.models import Utilisateur
from tests.connexion import code_totp, enroler
from tests.factories import MOT_DE_PASSE


def test_a_user_logs_in_with_their_email_whatever_the_case(client, alice):
    enroler(alice)
    reponse = client.post("/comptes/connexion/", {"username": "ALICE@Lot.test", "password": MOT_DE_PASSE})
    assert reponse.status_code == 302 and reponse["Location"] == "/"
    assert client.get("/")["Location"] == "/comptes/second-facteur/?next=/"
    reponse = client.post("/comptes/second-facteur/", {"code": code_totp(alice), "next": "/"})
    assert reponse.status_code == 302 and reponse["Location"] == "/"
    assert "Bonjour Alice" in client.get("/").content.decode()


def test_a_wrong_password_gets_a_french_error_and_no_session(client, alice):
    reponse = client.post("/comptes/connexion/", {"username": "alice@lot.test", "password": "mauvais"})
    assert reponse.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_inactive_collectivite_closes_its_accounts(client, alice, lot):
    lot.active = False
    lot.save()
    reponse = client.post("/comptes/connexion/", {"username": "alice@lot.test", "password": MOT_DE_PASSE})
    assert "_auth_user_id" not in client.session
    assert reponse.status_code == 200


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    assert client.get("/comptes/deconnexion/").status_code == 405
    assert client.post("/comptes/deconnexion/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_home_page_needs_a_login(client):
    reponse = client.get("/")
    assert reponse.status_code == 302 and reponse["Location"].startswith("/comptes/connexion/")


def test_password_reset_sends_a_link_that_works(client, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post("/comptes/mot-de-passe/oublie/", {"email": "alice@lot.test"})
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@lot.test"] and "réinitialisation" in message.subject
    lien = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    formulaire = client.get(lien, follow=True)
    assert "Choisir un nouveau mot de passe" in formulaire.content.decode()
    nouveau = "une phrase de passe bien longue"
    reponse = client.post(formulaire.redirect_chain[-1][0], {"new_password1": nouveau, "new_password2": nouveau})
    assert reponse.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(nouveau)


def test_password_reset_says_nothing_about_unknown_addresses(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post("/comptes/mot-de-passe/oublie/", {"email": "personne@nulle.part"})
    assert reponse.status_code == 302 and len(mail.outbox) == 0


@pytest.mark.parametrize(
    "mot_de_passe,message",
    [
        ("court123!", "au minimum 12 caractères"),
        ("x" * 65, "64 caractères au maximum"),
        ("123456789012", "entièrement numérique"),
    ],
)
def test_password_rules(client, alice, mot_de_passe, message, django_capture_on_commit_callbacks):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as erreur:
        validate_password(mot_de_passe, alice)
    assert any(message in m for m in erreur.value.messages)


def test_users_are_stored_with_a_lowercase_email(lot):
    user = Utilisateur.objects.create_user(
        "Marie.Curie@Exemple.FR", "phrase de passe longue", collectivite=lot, prenom="Marie", nom="Curie"
    )
    assert user.email == "marie.curie@exemple.fr"


def test_the_technical_admin_lists_and_creates_accounts(client, lot):
    admin = Utilisateur.objects.create_superuser(
        "tech@relais.fr", "phrase de passe longue", collectivite=lot, prenom="Tech", nom="Nique"
    )
    client.force_login(admin)
    assert client.get("/admin-technique/comptes/utilisateur/").status_code == 200
    assert client.get("/admin-technique/comptes/utilisateur/add/").status_code == 200
    assert client.get(f"/admin-technique/comptes/utilisateur/{admin.pk}/change/").status_code == 200
    assert client.get("/admin-technique/territoire/commune/").status_code == 200


def test_security_headers_are_sent(client, db):
    reponse = client.get("/comptes/connexion/")
    csp = reponse["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"


def test_an_idle_session_ends_after_30_minutes(client, alice, settings):
    import time

    client.force_login(alice)
    assert client.get("/").status_code == 200
    session = client.session
    session["relais_derniere_activite"] = int(time.time()) - 31 * 60
    session.save()
    reponse = client.get("/")
    assert reponse.status_code == 302 and reponse["Location"].startswith("/comptes/connexion/")


def test_an_active_session_goes_on(client, alice):
    import time

    client.force_login(alice)
    session = client.session
    session["relais_derniere_activite"] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_a_session_is_read_while_it_lives_and_not_once_expired(client, david):
    """The session store reads its row in plain SQL (comptes.sessions): a live session keeps the user signed in, an
    expired or unknown one is a new, anonymous session."""
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(david)
    assert client.get("/indicateurs/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    r = client.get("/indicateurs/")
    assert r.status_code == 302 and r["Location"].startswith("/comptes/")
    client.force_login(david)
    client.cookies["sessionid"] = "inconnue" * 4
    assert client.get("/indicateurs/").status_code == 302
