"""docs/securite.md §16: ProConnect, the State's OpenID Connect federation for public agents.

Configured per collectivité (``Collectivite.proconnect_*``, the secret encrypted) or globally
(``RELAIS_PROCONNECT_*``). Authlib does the protocol: discovery, authorization code with PKCE (S256), state and nonce
kept in the session and checked, the ID token's signature verified against the provider's JWKS, its issuer,
audience and expiry. Relais then finds the account by e-mail *within the collectivité* (never across, never created
from outside: access follows memberships), records ``sub``, and skips its own second factor only when ``amr`` says a
multi-factor method was used.
"""

from dataclasses import dataclass

from authlib.integrations.django_client import OAuth
from django.conf import settings

from collectivites.noms import forme

from .second_facteur import chiffrer, dechiffrer

# RFC 8176 values that mean more than one factor (ProConnect sends "mfa")
AMR_MULTIFACTEUR = {"mfa", "otp", "hwk", "swk", "sms", "mca"}


class RefusProConnect(Exception):
    """A ProConnect login refused; the message is shown to the person."""


@dataclass
class Configuration:
    issuer: str
    client_id: str
    secret: str


def configuration(collectivite):
    if collectivite.proconnect_issuer and collectivite.proconnect_client_id:
        return Configuration(
            collectivite.proconnect_issuer.rstrip("/"),
            collectivite.proconnect_client_id,
            dechiffrer(collectivite.proconnect_secret_chiffre).decode()
            if collectivite.proconnect_secret_chiffre
            else "",
        )
    if settings.RELAIS_PROCONNECT_ISSUER and settings.RELAIS_PROCONNECT_CLIENT_ID:
        return Configuration(
            settings.RELAIS_PROCONNECT_ISSUER.rstrip("/"),
            settings.RELAIS_PROCONNECT_CLIENT_ID,
            settings.RELAIS_PROCONNECT_SECRET,
        )
    return None


def configurer(collectivite, issuer, client_id, secret):
    collectivite.proconnect_issuer = issuer
    collectivite.proconnect_client_id = client_id
    collectivite.proconnect_secret_chiffre = chiffrer(secret.encode()) if secret else ""
    collectivite.save(update_fields=["proconnect_issuer", "proconnect_client_id", "proconnect_secret_chiffre"])


def client(config):
    oauth = OAuth()
    return oauth.register(
        name="proconnect",
        client_id=config.client_id,
        client_secret=config.secret,
        server_metadata_url=f"{config.issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email",
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
        },
    )


def multifacteur(claims):
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(AMR_MULTIFACTEUR & set(amr))


def compte(collectivite, claims):
    """The active account of this collectivité with the ID token's e-mail, or a refusal."""
    from .models import Utilisateur

    email = (claims.get("email") or "").strip().lower()
    sub = claims.get("sub") or ""
    user = (
        Utilisateur.objects.de_la_collectivite(collectivite).filter(email=email, is_active=True).first()
        if email
        else None
    )
    if user is None:
        raise RefusProConnect(
            f"Aucun compte Relais {forme(collectivite).de} n'a l'adresse {email or '(absente)'} : "
            "demandez une invitation à l'administrateur de votre collectivité."
        )
    if user.proconnect_sub and user.proconnect_sub != sub:
        raise RefusProConnect("Ce compte est déjà lié à une autre identité ProConnect.")
    if not user.proconnect_sub:
        user.proconnect_sub = sub
        user.save(update_fields=["proconnect_sub"])
    return user


def informations(oauth_client, jeton):
    """The ID token's claims (checked by Authlib) completed by the userinfo endpoint — JSON, or a JWT signed with
    the provider's keys as ProConnect answers — whose ``sub`` must be the ID token's."""
    from authlib.jose import JsonWebKey, jwt

    claims = dict(jeton.get("userinfo") or {})
    metadonnees = oauth_client.load_server_metadata()
    reponse = oauth_client.get(metadonnees["userinfo_endpoint"], token=jeton)
    reponse.raise_for_status()
    if reponse.headers.get("Content-Type", "").startswith("application/jwt"):
        cles = JsonWebKey.import_key_set(oauth_client.fetch_jwk_set())
        infos = jwt.decode(reponse.text, cles)
        infos.validate()
    else:
        infos = reponse.json()
    if not claims.get("sub") or infos.get("sub") != claims["sub"]:
        raise RefusProConnect("La réponse de ProConnect est incohérente : recommencez.")
    return {**infos, **claims}
