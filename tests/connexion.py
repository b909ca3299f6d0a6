"""Logging in through the real second factor in tests (docs/securite.md §16).

``client.force_login(user)`` already gives a session whose second factor is passed (tests/conftest.py); use these
helpers to go through the real pages: ``enroler(user)`` gives the user a TOTP device with a known secret,
``code_totp(user)`` the code their application shows now (the next unused step, as each code is accepted once).
"""

import time

from django_otp.oath import TOTP

from comptes import second_facteur
from comptes.models import AppareilTOTP

CLE_DE_TEST = bytes(range(20))


def enroler(user, cle=CLE_DE_TEST):
    second_facteur.enroler(user, cle)
    return cle


def code_totp(user):
    appareil = AppareilTOTP.objects.get(user=user, confirmed=True)
    totp = TOTP(appareil.cle())
    while totp.t() <= appareil.dernier_pas - 1:  # the drift window accepts one step ahead, no more
        time.sleep(1)
    if totp.t() <= appareil.dernier_pas:
        totp.drift = 1
    return f"{totp.token():06d}"


def se_connecter(client, user, mot_de_passe):
    """Password, then the TOTP code: the whole login of a user whose device is enrolled."""
    client.post("/comptes/connexion/", {"username": user.email, "password": mot_de_passe})
    return client.post("/comptes/second-facteur/", {"code": code_totp(user)})


def jeton_api(user, nom="Logiciel partenaire", jours=90):
    """A personal API token of ``user`` (docs/securite.md §16), issued as the page does — the user gets a TOTP device
    first if they have none, since a token needs one. Returns the secret, for ``Authorization: Token <secret>``."""
    import datetime

    from django.utils import timezone

    from comptes.actions import do_creer_jeton

    if second_facteur.appareil_confirme(user) is None:
        enroler(user)
    return do_creer_jeton(user, nom, timezone.localdate() + datetime.timedelta(days=jours))[1]
