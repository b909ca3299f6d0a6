"""The invitation to join a structure: a signed, single-purpose link; revoking or accepting the invitation kills it."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from collectivites.liens import LienSigne, url_absolue

from .models import Invitation

DUREE_INVITATION = timezone.timedelta(days=14)
LIEN_INVITATION = LienSigne(
    sel="reseau.invitation",
    champ="i",
    duree=DUREE_INVITATION,
    message_expire="Cette invitation a expiré : demandez-en une nouvelle.",
    message_invalide="Ce lien d'invitation n'est pas valide.",
)


def lien_invitation(invitation):
    return LIEN_INVITATION.jeton(invitation.pk, invitation.cle)


def url_invitation(invitation):
    """The absolute address of the invitation page, for the e-mail."""
    return url_absolue("invitation", collectivite_slug=invitation.collectivite.slug, jeton=lien_invitation(invitation))


def invitation_du_lien(jeton):
    """The pending invitation a link designates, or ValidationError (tampered, expired, revoked, used)."""
    pk, cle = LIEN_INVITATION.lire(jeton)
    invitation = Invitation.objects.select_related("structure").filter(pk=pk, cle=cle).first()
    if invitation is None:
        raise ValidationError(LIEN_INVITATION.message_invalide)
    if invitation.revoquee_le:
        raise ValidationError("Cette invitation a été révoquée.")
    if invitation.acceptee_le:
        raise ValidationError("Cette invitation a déjà été acceptée : connectez-vous.")
    if invitation.expire_le < timezone.now():
        raise ValidationError(LIEN_INVITATION.message_expire)
    return invitation
