"""Writes on the network: charter versions and signatures."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Charte, EngagementCharte, NiveauEngagement, Signature

ORDRE_ENGAGEMENT = list(NiveauEngagement.values)


def check_animer(user):
    if not user.peut("animer_reseau"):
        raise PermissionDenied("Seuls le chef de projet et l'administrateur animent le réseau.")


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
    mes_structures = {m.structure_id for m in user.adhesions_actives()}
    if not (user.peut("animer_reseau") or structure.pk in mes_structures):
        raise PermissionDenied("Vous ne pouvez signer qu'au nom de votre structure.")
    if not charte.en_vigueur:
        raise ValidationError("Cette version de la charte n'est pas en vigueur : signez la version publiée.")
    if signee_le > timezone.localdate():
        raise ValidationError("La date de signature ne peut pas être dans le futur.")
    attendus = set(charte.engagements.values_list("pk", flat=True))
    if not set(engagements) <= attendus:
        raise ValidationError("Un engagement choisi n'appartient pas à cette version de la charte.")
    if Signature.objects.filter(charte=charte, structure=structure).exists():
        raise ValidationError(f"{structure} a déjà signé cette version.")


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
    if ORDRE_ENGAGEMENT.index(structure.niveau_engagement) < ORDRE_ENGAGEMENT.index(NiveauEngagement.SIGNATAIRE):
        structure.niveau_engagement = NiveauEngagement.SIGNATAIRE
    structure.engagee_le = structure.engagee_le or signee_le
    structure.save(update_fields=["niveau_engagement", "engagee_le"])
    return signature


@transaction.atomic
def do_enregistrer_structure(user, form):
    """Create or update a structure; becoming engaged stamps the date it joined (network census)."""
    check_animer(user)
    structure = form.save(commit=False)
    structure.collectivite_id = user.collectivite_id
    if structure.niveau_engagement != NiveauEngagement.IDENTIFIEE and not structure.engagee_le:
        structure.engagee_le = timezone.localdate()
    if structure.latitude is None and structure.commune_id:
        structure.latitude, structure.longitude = structure.commune.latitude, structure.commune.longitude
    structure.save()
    return structure


@transaction.atomic
def do_enregistrer_lieu(user, structure, form):
    check_animer(user)
    lieu = form.save(commit=False)
    lieu.collectivite_id = user.collectivite_id
    lieu.structure = structure
    lieu.save()
    return lieu


def check_inscrire(user, evenement, utilisateur, structure):
    """One registers oneself, or a colleague of one's structure; the network lead registers anyone."""
    from .models import Membre

    if not user.peut("animer_reseau"):
        mes_structures = {m.structure_id for m in user.adhesions_actives()}
        if structure.pk not in mes_structures:
            raise PermissionDenied("Vous n'inscrivez que des professionnels de votre structure.")
    if not Membre.objects.actifs().filter(utilisateur=utilisateur, structure=structure).exists():
        raise ValidationError(f"{utilisateur} n'est pas membre de {structure}.")
    if evenement.date < timezone.now():
        raise ValidationError("Cet événement a déjà eu lieu : les inscriptions sont closes.")
    if evenement.inscriptions.filter(utilisateur=utilisateur).exists():
        raise ValidationError(f"{utilisateur} est déjà inscrit·e.")


@transaction.atomic
def do_inscrire(user, evenement, utilisateur, structure):
    from .models import Evenement, Inscription

    evenement = Evenement.objects.select_for_update().get(pk=evenement.pk)  # capacity under concurrency
    check_inscrire(user, evenement, utilisateur, structure)
    if evenement.inscriptions.count() >= evenement.capacite:
        raise ValidationError(f"Complet : les {evenement.capacite} places sont prises.")
    return Inscription.objects.create(
        collectivite_id=user.collectivite_id,
        evenement=evenement,
        utilisateur=utilisateur,
        structure=structure,
        inscrit_par=user,
    )


def do_pointer(user, evenement, presents):
    """Record attendance: the registrations listed in ``presents`` attended, the others did not."""
    check_animer(user)
    for inscription in evenement.inscriptions.all():
        inscription.present = inscription.pk in presents
        inscription.save(update_fields=["present"])


@transaction.atomic
def do_importer_structures(user, lignes):
    """Write the checked lines of an import (reseau.import_csv.lire) in one transaction."""
    from .models import LieuAccueil, Structure

    check_animer(user)
    for v in lignes:
        c = v["commune"]
        structure = Structure.objects.create(
            collectivite_id=user.collectivite_id,
            nom=v["nom"],
            type=v["type"],
            siret=v["siret"],
            commune=c,
            adresse=v["adresse"],
            telephone=v["telephone"][:30],
            email=v["email"][:254],
            latitude=c.latitude,
            longitude=c.longitude,
        )
        if v["lieu_nom"]:
            LieuAccueil.objects.create(
                collectivite_id=user.collectivite_id,
                nom=v["lieu_nom"],
                structure=structure,
                type_accueil=v["type_accueil"],
                adresse=v["adresse"],
                commune=c,
                latitude=c.latitude,
                longitude=c.longitude,
                horaires=v["horaires"],
            )
    return len(lignes)
