"""docs/securite.md §16: the second factor — who needs it, how a session passes it, the TOTP secret at rest,
the recovery codes, and what an administrator's reset does.

A session passes the second factor when ``CLE_SESSION`` holds its user's id: set after a TOTP or recovery code
(``marquer_passe``), never by the password alone. ``comptes.middleware.SecondFacteurMiddleware`` lets such a session
reach nothing but the pages in ``ROUTES_AVANT_SECOND_FACTEUR``.
"""

import base64
import hashlib
import hmac
import io
import secrets
from urllib.parse import quote

import segno
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from .roles import Role

CLE_SESSION = "relais_second_facteur"
NOMBRE_CODES_RECUPERATION = 10
# Roles that never see a person: the only ones a collectivité may exempt (Collectivite.second_facteur_facultatif…).
ROLES_SANS_PERSONNE = {Role.CHEF_DE_PROJET}
ROUTES_AVANT_SECOND_FACTEUR = {
    "comptes:connexion",
    "comptes:deconnexion",
    "comptes:second_facteur",
    "comptes:enrolement",
    "comptes:mot_de_passe_oublie",
    "comptes:mot_de_passe_envoye",
    "comptes:mot_de_passe_nouveau",
    "comptes:mot_de_passe_change",
    "portail:theme",
    "portail:logo",
}


def exige(user):
    """Everyone needs a second factor, unless their collectivité exempts the roles that never see a person and
    they hold only such roles. Staff (technical admin) always."""
    if user.is_staff or not user.collectivite.second_facteur_facultatif_sans_personne:
        return True
    roles = user.roles
    return not roles or not roles <= ROLES_SANS_PERSONNE


def passe(request):
    return request.session.get(CLE_SESSION) == str(request.user.pk)


def marquer_passe(request, methode):
    from .models import SessionOuverte

    ancienne = request.session.session_key
    request.session.cycle_key()
    if ancienne:
        SessionOuverte.objects.filter(cle=ancienne).update(cle=request.session.session_key)
    request.session[CLE_SESSION] = str(request.user.pk)
    request.session[f"{CLE_SESSION}_methode"] = methode


# --- the secret at rest ---------------------------------------------------------------------------------------


def _fernet():
    cle = hashlib.sha256(("relais-second-facteur:" + settings.RELAIS_CLE_CHIFFREMENT).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(cle))


def chiffrer(cle: bytes) -> str:
    return _fernet().encrypt(cle).decode()


def dechiffrer(texte: str) -> bytes:
    try:
        return _fernet().decrypt(texte.encode())
    except InvalidToken as e:  # a changed RELAIS_CLE_CHIFFREMENT: the factor must be reset, not guessed
        raise ValueError("Secret du second facteur illisible : la clé de chiffrement a changé.") from e


def cle_base32(cle: bytes) -> str:
    return base64.b32encode(cle).decode().rstrip("=")


def cle_depuis_base32(texte: str) -> bytes:
    texte = texte.replace(" ", "").upper()
    return base64.b32decode(texte + "=" * (-len(texte) % 8))


def uri_otpauth(user, cle: bytes) -> str:
    emetteur = f"Relais {user.collectivite.nom}"
    return (
        f"otpauth://totp/{quote(emetteur)}:{quote(user.email)}?secret={cle_base32(cle)}"
        f"&issuer={quote(emetteur)}&algorithm=SHA1&digits=6&period=30"
    )


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG, rendered here: no outside service sees the secret."""
    tampon = io.BytesIO()
    segno.make(uri, error="m").save(
        tampon, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="Code QR du second facteur"
    )
    return tampon.getvalue().decode()


def appareil_en_cours(user, cle: bytes | None = None):
    """The user's TOTP device being enrolled (unconfirmed), created with a new secret if none."""
    from .models import AppareilTOTP

    appareil = AppareilTOTP.objects.filter(user=user, confirmed=False).first()
    if appareil is None:
        appareil = AppareilTOTP.objects.create(
            user=user, name="Application", confirmed=False, cle_chiffree=chiffrer(cle or secrets.token_bytes(20))
        )
    return appareil


def appareil_confirme(user):
    from .models import AppareilTOTP

    return AppareilTOTP.objects.filter(user=user, confirmed=True).first()


def enroler(user, cle: bytes):
    """A confirmed device with this secret (the demo builder, the tests)."""
    from .models import AppareilTOTP

    AppareilTOTP.objects.filter(user=user).delete()
    return AppareilTOTP.objects.create(user=user, name="Application", confirmed=True, cle_chiffree=chiffrer(cle))


# --- recovery codes --------------------------------------------------------------------------------------------


def _empreinte(code: str) -> str:
    code = code.replace("-", "").replace(" ", "").lower()
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def generer_codes_recuperation(user):
    """Ten new single-use codes (the old ones stop working); returned once, stored as keyed hashes."""
    from .models import CodeRecuperation

    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = ["".join(secrets.choice(alphabet) for _ in range(10)) for _ in range(NOMBRE_CODES_RECUPERATION)]
    codes = [f"{c[:5]}-{c[5:]}" for c in codes]
    with transaction.atomic():
        CodeRecuperation.objects.filter(utilisateur=user).delete()
        CodeRecuperation.objects.bulk_create(CodeRecuperation(utilisateur=user, empreinte=_empreinte(c)) for c in codes)
    return codes


def utiliser_code_recuperation(user, code: str) -> bool:
    from .models import CodeRecuperation

    return bool(
        CodeRecuperation.objects.filter(utilisateur=user, empreinte=_empreinte(code), utilise_le__isnull=True).update(
            utilise_le=timezone.now()
        )
    )


def verifier(user, code: str):
    """The method that accepted the code ("totp", "recuperation") or None."""
    code = (code or "").strip()
    appareil = appareil_confirme(user)
    if appareil is None:
        return None
    chiffres = code.replace(" ", "")
    if len(chiffres) == 6 and chiffres.isascii() and chiffres.isdigit():  # « ²²²²²² » is not a code
        return "totp" if appareil.verify_token(chiffres) else None
    return "recuperation" if utiliser_code_recuperation(user, code) else None


# --- sessions and reset ----------------------------------------------------------------------------------------


def terminer_sessions(user, sauf=None):
    """docs/securite.md §19: end every open session of the user (but ``sauf``, a session key)."""
    from .models import SessionOuverte

    for ouverte in SessionOuverte.objects.filter(utilisateur=user).exclude(cle=sauf or ""):
        SessionStore(session_key=ouverte.cle).delete()
        ouverte.delete()


def nettoyer_sessions():
    """docs/securite.md §19: the periodic clean-up (``comptes.nettoyer_sessions``). Expired Django sessions are
    deleted (what ``clearsessions`` does), then every ``SessionOuverte`` whose session no longer exists or has expired
    (ended by idleness, by the 12-hour cap, or a logout that never reached the server). Returns the rows deleted."""
    from django.contrib.sessions.models import Session

    from .models import SessionOuverte

    SessionStore.clear_expired()
    vivantes = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return SessionOuverte.objects.exclude(cle__in=vivantes).delete()[0]


def journaliser(action, auteur=None, cible=None, detail=""):
    from .models import JournalSecurite

    JournalSecurite.objects.create(action=action, auteur=auteur, cible=cible, detail=detail[:500])


def reinitialiser(user, par):
    """An administrator's reset after a lost device: the factor and codes are deleted (never read), every session
    ends, every API token is revoked (docs/securite.md §16), and the reset is logged. The user enrols again at their
    next login."""
    from .actions import revoquer_jetons
    from .models import AppareilTOTP, CodeRecuperation

    with transaction.atomic():
        AppareilTOTP.objects.filter(user=user).delete()
        CodeRecuperation.objects.filter(utilisateur=user).delete()
        journaliser("second_facteur_reinitialise", auteur=par, cible=user)
        revoquer_jetons(user, par=par, motif="second facteur réinitialisé")
    terminer_sessions(user)
