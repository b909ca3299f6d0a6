"""docs/securite.md §16: personal API tokens — their shape, how they are stored and how a request's token is checked.

A token reads ``rls_<prefixe><secret>``: ``prefixe`` is 8 hex characters kept in clear to find the row, ``secret``
43 URL-safe characters (256 bits) that never reach the database: the row keeps the SHA-256 of the whole token, and
the hashes are compared in constant time. A plain (unsalted, fast) hash is enough for a random 256-bit secret: there
is no dictionary to try. The writes (issue, revoke) are in ``comptes.actions``.
"""

import datetime
import hashlib
import hmac
import secrets

from django.db.models import Exists, OuterRef
from django.utils import timezone

PREFIXE = "rls_"
LONGUEUR_PREFIXE = 8
DUREE_PAR_DEFAUT = datetime.timedelta(days=90)
DUREE_MAX = datetime.timedelta(days=365)
# the last-used date is written at most once per this delay, not on every request
PRECISION_DERNIERE_UTILISATION = datetime.timedelta(minutes=1)


class JetonRefuse(Exception):
    """The token does not authenticate; the message is French and safe to show to its holder."""


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode()).hexdigest()


def nouveau_jeton() -> tuple[str, str]:
    """A new token and its clear prefix."""
    prefixe = secrets.token_hex(LONGUEUR_PREFIXE // 2)
    return f"{PREFIXE}{prefixe}{secrets.token_urlsafe(32)}", prefixe


def _prefixe(jeton: str) -> str | None:
    if not jeton.startswith(PREFIXE) or len(jeton) < len(PREFIXE) + LONGUEUR_PREFIXE + 1:
        return None
    return jeton[len(PREFIXE) : len(PREFIXE) + LONGUEUR_PREFIXE]


def authentifier(jeton: str):
    """The active ``JetonAPI`` this token is, its user and collectivité loaded (one query), or ``JetonRefuse``.

    A token works only while it is neither revoked nor expired, its user is active with a confirmed second factor
    and their collectivité is active. Its last-used date moves at most once a minute (one UPDATE then)."""
    from .models import AppareilTOTP, JetonAPI

    prefixe = _prefixe(jeton)
    if prefixe is None:
        raise JetonRefuse("Jeton invalide.")
    candidats = (
        JetonAPI.objects.filter(prefixe=prefixe)
        .select_related("utilisateur__collectivite")
        .annotate(second_facteur=Exists(AppareilTOTP.objects.filter(user=OuterRef("utilisateur"), confirmed=True)))
        .order_by("pk")
    )
    attendue = empreinte(jeton)
    trouve = None
    for candidat in candidats:  # the prefix is random: almost always one row; every one compared in constant time
        if hmac.compare_digest(candidat.empreinte, attendue):
            trouve = candidat
    if trouve is None:
        raise JetonRefuse("Jeton invalide.")
    if trouve.est_revoque:
        raise JetonRefuse("Ce jeton a été révoqué.")
    if trouve.est_expire:
        raise JetonRefuse("Ce jeton a expiré : créez-en un nouveau dans votre espace « Mes jetons d'API ».")
    user = trouve.utilisateur
    if not user.is_active:
        raise JetonRefuse("Ce compte est désactivé.")
    if not trouve.second_facteur:
        raise JetonRefuse("Ce compte n'a plus de second facteur : ses jetons ne servent plus.")
    maintenant = timezone.now()
    if trouve.derniere_utilisation is None or maintenant - trouve.derniere_utilisation >= (
        PRECISION_DERNIERE_UTILISATION
    ):
        JetonAPI.objects.filter(pk=trouve.pk).update(derniere_utilisation=maintenant)
        trouve.derniere_utilisation = maintenant
    return trouve
