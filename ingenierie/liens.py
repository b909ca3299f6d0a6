"""The municipality's private tracking link to its engineering request: signed, long-lived, revocable."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from collectivites.liens import LienSigne, url_absolue

from .models import Demande

LIEN_SUIVI = LienSigne(
    sel="relais.ingenierie.suivi",
    champ="d",
    # Long-lived: a project runs for months, a note is read again a year later; revocable at any time (cle_lien).
    duree=timezone.timedelta(days=3 * 365),
    message_expire="Ce lien de suivi a expiré : demandez-en un nouveau à votre pôle d'action sociale.",
    message_invalide="Ce lien de suivi n'est pas valide.",
)


def lien_suivi(demande):
    return LIEN_SUIVI.jeton(demande.pk, demande.cle_lien)


def url_suivi(demande):
    """The absolute address of the tracking page, for the e-mails."""
    return url_absolue(
        "ingenierie_public:suivi", collectivite_slug=demande.collectivite.slug, jeton=lien_suivi(demande)
    )


def demande_du_lien(jeton):
    """The request a tracking link designates, or ValidationError (forged, expired, revoked)."""
    pk, cle = LIEN_SUIVI.lire(jeton)
    demande = Demande.objects.filter(pk=pk, cle_lien=cle).select_related("tis").first()
    if demande is None:
        raise ValidationError(
            "Ce lien de suivi n'est plus valide : il a été révoqué. Un nouveau lien vous a été envoyé."
        )
    return demande
