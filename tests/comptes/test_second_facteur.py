"""docs/securite.md §16: enrolment, challenge, recovery codes, the secret at rest, the administrator's reset."""

import re

import pytest
from django.contrib.sessions.models import Session
from django_otp.oath import TOTP

from comptes import second_facteur
from comptes.models import AppareilTOTP, CodeRecuperation, JournalSecurite
from tests.conftest import connexion_sans_second_facteur
from tests.connexion import code_totp, enroler
from tests.factories import MOT_DE_PASSE


def _cle_de_la_page(contenu):
    return second_facteur.cle_depuis_base32(re.search(r'class="cle-totp">([A-Z2-7 ]+)<', contenu).group(1))


def test_first_login_enrols_with_a_qr_code_a_key_and_ten_recovery_codes(client, alice):
    client.post("/comptes/connexion/", {"username": alice.email, "password": MOT_DE_PASSE})
    reponse = client.get("/comptes/second-facteur/", follow=True)
    contenu = reponse.content.decode()
    assert reponse.redirect_chain[-1][0].startswith("/comptes/second-facteur/enrolement/")
    assert "<svg" in contenu and "otpauth" not in contenu  # the QR code is drawn here, the URI is not printed
    cle = _cle_de_la_page(contenu)
    assert client.get("/").status_code == 302
    faux = client.post("/comptes/second-facteur/enrolement/", {"code": "000000"})
    assert "Code incorrect" in faux.content.decode()
    reponse = client.post("/comptes/second-facteur/enrolement/", {"code": f"{TOTP(cle).token():06d}", "next": "/"})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", reponse.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/").status_code == 200
    appareil = AppareilTOTP.objects.get(user=alice)
    assert appareil.confirmed and appareil.cle() == cle
    # at rest: neither the key nor a recovery code in clear
    assert second_facteur.cle_base32(cle) not in appareil.cle_chiffree and cle.hex() not in appareil.cle_chiffree
    assert not CodeRecuperation.objects.filter(empreinte__in=codes).exists()
    assert JournalSecurite.objects.filter(action="second_facteur_enrole", cible=alice).exists()


def test_the_secret_needs_the_key_from_the_environment(alice, settings):
    enroler(alice)
    appareil = AppareilTOTP.objects.get(user=alice)
    settings.RELAIS_CLE_CHIFFREMENT = "une-autre-cle"
    with pytest.raises(ValueError):
        appareil.cle()


def test_a_code_is_accepted_once_and_the_next_step_too(client, alice):
    enroler(alice)
    connexion_sans_second_facteur(client, alice)
    code = code_totp(alice)
    assert client.post("/comptes/second-facteur/", {"code": code})["Location"] == "/"
    connexion_sans_second_facteur(client, alice)
    reponse = client.post("/comptes/second-facteur/", {"code": code})
    assert reponse.status_code == 200 and "Code incorrect ou déjà utilisé." in reponse.content.decode()
    assert client.get("/").status_code == 302


def test_a_code_from_two_steps_away_is_refused(client, alice):
    cle = enroler(alice)
    totp = TOTP(cle)
    totp.drift = 3
    connexion_sans_second_facteur(client, alice)
    assert client.post("/comptes/second-facteur/", {"code": f"{totp.token():06d}"}).status_code == 200


def test_a_recovery_code_works_once(client, alice):
    enroler(alice)
    codes = second_facteur.generer_codes_recuperation(alice)
    connexion_sans_second_facteur(client, alice)
    assert client.post("/comptes/second-facteur/", {"code": codes[3].upper()}).status_code == 302
    assert client.get("/").status_code == 200
    connexion_sans_second_facteur(client, alice)
    assert client.post("/comptes/second-facteur/", {"code": codes[3]}).status_code == 200
    assert client.get("/").status_code == 302


def test_the_api_refuses_a_session_without_the_second_factor(client, eric):
    connexion_sans_second_facteur(client, eric)
    reponse = client.get("/api/passages/")
    assert reponse.status_code == 403 and "Second facteur requis" in reponse.json()["detail"]
    client.force_login(eric)
    assert client.get("/api/passages/").status_code == 200


def test_the_next_page_is_kept_and_checked(client, alice):
    enroler(alice)
    connexion_sans_second_facteur(client, alice)
    assert client.get("/reseau/lieux/")["Location"] == "/comptes/second-facteur/?next=/reseau/lieux/"
    reponse = client.post("/comptes/second-facteur/", {"code": code_totp(alice), "next": "https://ailleurs.test/"})
    assert reponse["Location"] == "/"


def test_a_new_login_asks_for_the_second_factor_again(client, alice):
    enroler(alice)
    client.force_login(alice)
    assert client.get("/").status_code == 200
    client.post("/comptes/deconnexion/")
    client.post("/comptes/connexion/", {"username": alice.email, "password": MOT_DE_PASSE})
    assert client.get("/")["Location"].startswith("/comptes/second-facteur/")


def test_the_demo_code_helper_shows_only_in_the_demo(client, alice, settings):
    enroler(alice)
    connexion_sans_second_facteur(client, alice)
    assert "Code de démonstration" not in client.get("/comptes/second-facteur/").content.decode()
    settings.RELAIS_ENV = "demo"
    contenu = client.get("/comptes/second-facteur/").content.decode()
    code = re.search(r"Code de démonstration : <strong>(\d{6})</strong>", contenu).group(1)
    assert client.post("/comptes/second-facteur/", {"code": code}).status_code == 302


def test_an_administrator_resets_a_lost_factor_and_ends_the_sessions(client, alice, fanny):
    enroler(alice)
    second_facteur.generer_codes_recuperation(alice)
    autre = type(client)()
    autre.force_login(alice)
    assert autre.get("/").status_code == 200
    client.force_login(fanny)
    reponse = client.post(f"/comptes/utilisateurs/{alice.pk}/reinitialiser-second-facteur/")
    assert reponse.status_code == 302
    assert not AppareilTOTP.objects.filter(user=alice).exists()
    assert not CodeRecuperation.objects.filter(utilisateur=alice).exists()
    assert JournalSecurite.objects.filter(action="second_facteur_reinitialise", auteur=fanny, cible=alice).exists()
    assert autre.get("/").status_code == 302  # her session has ended
    assert not Session.objects.filter(session_key=autre.session.session_key).exists()


def test_only_an_administrator_of_the_collectivite_resets(client, alice, bob, zoe):
    enroler(alice)
    client.force_login(bob)
    assert client.post(f"/comptes/utilisateurs/{alice.pk}/reinitialiser-second-facteur/").status_code == 403
    client.force_login(zoe)
    assert client.post(f"/comptes/utilisateurs/{alice.pk}/reinitialiser-second-facteur/").status_code == 404
    assert AppareilTOTP.objects.filter(user=alice).exists()
