"""Links that leave the app: absolute URLs for e-mails, and signed single-purpose links for people without an account.

One implementation for every app: the orientation answer (accueil), the tracking link of an engineering request
(ingenierie), the invitation to join a structure (reseau). Each declares its ``LienSigne`` next to its model and
resolves the object itself (the token only carries the object's id and its revocable key).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse


def url_absolue(nom, *args, **kwargs):
    """``reverse(nom, …)`` prefixed with the public address of the app (``RELAIS_URL``), for e-mails and PDFs."""
    return settings.RELAIS_URL.rstrip("/") + reverse(nom, args=args or None, kwargs=kwargs or None)


@dataclass(frozen=True)
class LienSigne:
    """A kind of signed link: ``{champ: id, "c": key}`` signed with its own salt, valid ``duree``.

    The object's key (a UUID field, regenerated to revoke every link sent so far) travels with the id, so a link
    dies with the key. ``champ`` is the payload letter each app has always used: links already sent stay valid.
    """

    sel: str
    champ: str
    duree: timedelta
    message_expire: str = "Ce lien a expiré."
    message_invalide: str = "Ce lien n'est pas valide."

    def jeton(self, pk, cle):
        return signing.dumps({self.champ: pk, "c": str(cle)}, salt=self.sel, compress=True)

    def lire(self, jeton):
        """``(id, key)`` carried by a token, or ValidationError (tampered, another kind of link, expired)."""
        try:
            donnees = signing.loads(jeton, salt=self.sel, max_age=self.duree)
        except signing.SignatureExpired:
            raise ValidationError(self.message_expire) from None
        except signing.BadSignature:
            raise ValidationError(self.message_invalide) from None
        if not isinstance(donnees, dict):
            raise ValidationError(self.message_invalide)
        return donnees.get(self.champ), donnees.get("c")
