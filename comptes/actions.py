"""Writes on API tokens (docs/securite.md §16): issue one, revoke one, revoke all of an account. Each is logged in
``JournalSecurite`` like the other account events."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import jetons, second_facteur
from .models import JetonAPI


def check_creer_jeton(user, nom, expire_le):
    """A token only for an active account with a confirmed second factor; a name; an expiry within a year."""
    if not user.is_active:
        raise PermissionDenied("Ce compte est désactivé.")
    if second_facteur.appareil_confirme(user) is None:
        raise PermissionDenied(
            "Un jeton d'API n'est délivré qu'à un compte protégé par un second facteur : activez-le d'abord."
        )
    erreurs = {}
    if not (nom or "").strip():
        erreurs["nom"] = "Donnez un nom au jeton (le logiciel qui l'utilisera)."
    aujourd_hui = timezone.localdate()
    if expire_le is None:
        erreurs["expire_le"] = "Indiquez la date d'expiration."
    elif expire_le <= aujourd_hui:
        erreurs["expire_le"] = "La date d'expiration doit être postérieure à aujourd'hui."
    elif expire_le > aujourd_hui + jetons.DUREE_MAX:
        erreurs["expire_le"] = "Un jeton vaut au plus un an : choisissez une date d'expiration plus proche."
    if erreurs:
        raise ValidationError(erreurs)


def do_creer_jeton(user, nom, expire_le):
    """Issue a token; returns ``(jeton, secret)`` — the secret is shown once and never stored. ``expire_le`` is a
    date: the token works until the end of that day (local time)."""
    check_creer_jeton(user, nom, expire_le)
    secret, prefixe = jetons.nouveau_jeton()
    fin = timezone.make_aware(datetime.datetime.combine(expire_le, datetime.time.max))
    with transaction.atomic():
        jeton = JetonAPI.objects.create(
            utilisateur=user, nom=nom.strip(), prefixe=prefixe, empreinte=jetons.empreinte(secret), expire_le=fin
        )
        second_facteur.journaliser(
            "jeton_api_cree", auteur=user, cible=user, detail=f"{jeton} expire le {expire_le:%d/%m/%Y}"
        )
    return jeton, secret


def check_revoquer_jeton(user, jeton):
    if jeton.utilisateur_id != user.pk and not (
        user.peut("gerer_membres") and jeton.utilisateur.collectivite_id == user.collectivite_id
    ):
        raise PermissionDenied(
            "Vous ne pouvez révoquer que vos jetons, ou ceux de la collectivité que vous administrez."
        )


def do_revoquer_jeton(user, jeton):
    """Revoke at once (the next request with it is refused); revoking twice changes nothing."""
    check_revoquer_jeton(user, jeton)
    if jeton.est_revoque:
        return jeton
    with transaction.atomic():
        jeton.revoque_le = timezone.now()
        jeton.revoque_par = user
        jeton.save(update_fields=["revoque_le", "revoque_par"])
        second_facteur.journaliser("jeton_api_revoque", auteur=user, cible=jeton.utilisateur, detail=str(jeton))
    return jeton


def revoquer_jetons(cible, par, motif):
    """Revoke every active token of an account (its second factor was reset): logged once, with the count."""
    n = JetonAPI.objects.filter(utilisateur=cible, revoque_le__isnull=True).update(
        revoque_le=timezone.now(), revoque_par=par
    )
    if n:
        second_facteur.journaliser("jetons_api_revoques", auteur=par, cible=cible, detail=f"{n} jeton(s) : {motif}")
    return n
