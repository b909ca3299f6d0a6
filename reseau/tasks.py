"""Network tasks run by the worker: invitation e-mails and the signed-charter attestation. Both are idempotent."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites import courriels
from collectivites.noms import forme
from collectivites.tasks import tache_collectivite

from .liens import url_invitation
from .models import Invitation, Signature


@tache_collectivite(name="reseau.envoyer_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def envoyer_invitation(invitation_id):
    invitation = Invitation.objects.select_related("structure", "invitee_par", "collectivite").get(pk=invitation_id)
    if invitation.acceptee_le or invitation.revoquee_le:
        return "sans objet"
    return courriels.envoyer(
        "reseau/emails/invitation.txt",
        f"Relais — invitation à rejoindre {forme(invitation.structure).le}",
        [invitation.email],
        {"invitation": invitation, "lien": url_invitation(invitation)},
    )


@tache_collectivite(name="reseau.generer_attestation_signature")
def generer_attestation_signature(signature_id):
    """The signed charter as a PDF: the version's text, the commitments accepted, the signatory. Not redone once a
    document exists (generated or uploaded)."""
    from config.pdf import rendre

    from .affichage import markdown_sur

    with transaction.atomic():
        signature = (
            Signature.objects.select_for_update(of=("self",))
            .select_related("charte", "structure", "collectivite")
            .get(pk=signature_id)
        )
        if signature.document:
            return "déjà présent"
        engagements = signature.charte.engagements.all()
        contenu = rendre(
            "reseau/pdf/signature.html",
            {
                "s": signature,
                "texte": markdown_sur(signature.charte.texte),
                "acceptes": [e for e in engagements if e.pk in signature.engagements],
                "maintenant": timezone.now(),
            },
        )
        signature.document.save(f"charte-signee-{signature.pk}.pdf", ContentFile(contenu), save=False)
        signature.save(update_fields=["document"])
    return signature.document.name
