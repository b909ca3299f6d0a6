"""The charter: versions prepared and published by the lead, signatures, and the signed document (a PDF attestation
rendered by the worker, or a scan uploaded by the structure)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from collectivites.envois import planifier
from collectivites.noms import forme

from ..models import Charte, EngagementCharte, NiveauEngagement, Signature
from .droits import check_animer, gere_structure

ORDRE_ENGAGEMENT = list(NiveauEngagement.values)


@transaction.atomic
def do_nouvelle_version(user, titre, texte, engagements):
    check_animer(user)
    version = (Charte.objects.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    charte = Charte.objects.create(collectivite_id=user.collectivite_id, version=version, titre=titre, texte=texte)
    EngagementCharte.objects.bulk_create(
        [
            EngagementCharte(collectivite_id=user.collectivite_id, charte=charte, libelle=e, ordre=i)
            for i, e in enumerate(engagements)
        ]
    )
    return charte


@transaction.atomic
def do_publier(user, charte):
    """Publish a version: the previous one is retired, and its signatories have to renew."""
    check_animer(user)
    aujourd_hui = timezone.localdate()
    Charte.objects.filter(publiee_le__isnull=False, retiree_le__isnull=True).exclude(pk=charte.pk).update(
        retiree_le=aujourd_hui
    )
    charte.publiee_le = aujourd_hui
    charte.retiree_le = None
    charte.save(update_fields=["publiee_le", "retiree_le"])


def check_signer(user, structure, charte, signee_le, engagements):
    if not (user.peut("animer_reseau") or structure.pk in user.structures_actives_ids()):
        raise PermissionDenied("Vous ne pouvez signer qu'au nom de votre structure.")
    if not charte.en_vigueur:
        raise ValidationError("Cette version de la charte n'est pas en vigueur : signez la version publiée.")
    if signee_le > timezone.localdate():
        raise ValidationError("La date de signature ne peut pas être dans le futur.")
    attendus = set(charte.engagements.values_list("pk", flat=True))
    if not set(engagements) <= attendus:
        raise ValidationError("Un engagement choisi n'appartient pas à cette version de la charte.")
    if Signature.objects.filter(charte=charte, structure=structure).exists():
        raise ValidationError(f"{capfirst(forme(structure).le)} a déjà signé cette version.")


@transaction.atomic
def do_signer(user, structure, charte, signataire, fonction, signee_le, engagements):
    check_signer(user, structure, charte, signee_le, engagements)
    signature = Signature.objects.create(
        collectivite_id=user.collectivite_id,
        charte=charte,
        structure=structure,
        signataire=signataire,
        fonction=fonction,
        signee_le=signee_le,
        engagements=sorted(engagements),
        enregistree_par=user,
    )
    planifier("reseau.generer_attestation_signature", structure.collectivite, signature.pk)
    if ORDRE_ENGAGEMENT.index(structure.niveau_engagement) < ORDRE_ENGAGEMENT.index(NiveauEngagement.SIGNATAIRE):
        structure.niveau_engagement = NiveauEngagement.SIGNATAIRE
    structure.engagee_le = structure.engagee_le or signee_le
    structure.save(update_fields=["niveau_engagement", "engagee_le"])
    return signature


def do_deposer_document_signature(user, signature, fichier):
    if not gere_structure(user, signature.structure):
        raise PermissionDenied(
            "Seuls les administrateurs de la structure et l'animation du réseau déposent ce document."
        )
    signature.document.save(f"charte-signee-{uuid.uuid4().hex}.{fichier.extension_detectee}", fichier, save=False)
    signature.document_depose = True
    signature.save(update_fields=["document", "document_depose"])


def do_demander_attestation(user, signature):
    """Queue the PDF attestation of a signature recorded without one (before attestations existed)."""
    if not gere_structure(user, signature.structure):
        raise PermissionDenied("Seuls les administrateurs de la structure et l'animation du réseau la demandent.")
    if signature.document:
        raise ValidationError("Cette signature a déjà son document.")
    planifier("reseau.generer_attestation_signature", signature.structure.collectivite, signature.pk)
