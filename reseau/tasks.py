"""Network tasks run by the worker: invitation e-mails and the signed-charter attestation. Both are idempotent."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from collectivites.tasks import tache_collectivite

from .actions import lien_invitation
from .models import Invitation, Signature


@tache_collectivite(name="reseau.envoyer_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def envoyer_invitation(invitation_id):
    invitation = Invitation.objects.select_related("structure", "invitee_par", "collectivite").get(pk=invitation_id)
    if invitation.acceptee_le or invitation.revoquee_le:
        return "sans objet"
    lien = settings.RELAIS_URL.rstrip("/") + reverse(
        "invitation", kwargs={"collectivite_slug": invitation.collectivite.slug, "jeton": lien_invitation(invitation)}
    )
    contexte = {"invitation": invitation, "lien": lien}
    message = EmailMultiAlternatives(
        f"Relais — invitation à rejoindre {invitation.structure}",
        render_to_string("reseau/emails/invitation.txt", contexte),
        to=[invitation.email],
    )
    message.attach_alternative(render_to_string("reseau/emails/invitation.html", contexte), "text/html")
    return message.send()


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
