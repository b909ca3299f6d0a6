"""The partner's answer to an orientation without an account: a signed, single-purpose link sent by e-mail."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from collectivites.liens import LienSigne, url_absolue

from .enums import StatutOrientation
from .models import Orientation

LIEN_REPONSE = LienSigne(
    sel="relais.orientation.reponse",
    champ="o",
    duree=timezone.timedelta(days=120),
    message_expire="Ce lien a expiré.",
    message_invalide="Ce lien n'est pas valide.",
)


def lien_reponse(orientation):
    """The token of the answer link (lifetime: until the orientation expires; revoked with ``cle_lien``)."""
    return LIEN_REPONSE.jeton(orientation.pk, orientation.cle_lien)


def url_reponse(orientation):
    """The absolute address of the answer page, for the e-mail."""
    return url_absolue(
        "orientation_lien", collectivite_slug=orientation.collectivite.slug, jeton=lien_reponse(orientation)
    )


def orientation_du_lien(jeton):
    """The orientation a link designates, or ValidationError (tampered, expired, revoked)."""
    pk, cle = LIEN_REPONSE.lire(jeton)
    orientation = Orientation.objects.filter(pk=pk, cle_lien=cle).first()
    if orientation is None:
        raise ValidationError(LIEN_REPONSE.message_invalide)
    ouverte = orientation.statut in (StatutOrientation.ENVOYEE, StatutOrientation.RECUE)
    if ouverte and orientation.echeance < timezone.now():
        raise ValidationError("Ce lien a expiré : l'orientation n'a pas reçu de réponse à temps.")
    return orientation
