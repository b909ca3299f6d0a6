"""Writes on the network: structures and sites, members and invitations, the charter, events and resources."""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from collectivites.tasks import planifier
from collectivites.tenancy import cross_tenant_access
from comptes.models import Utilisateur
from comptes.roles import Role

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
    from .tasks import generer_attestation_signature

    planifier(generer_attestation_signature, structure.collectivite, signature.pk)
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
    """Create or update a site. Coordinates typed by hand are kept as such; otherwise a new or changed address is
    geocoded (BAN, falling back to the commune's point) and the source is recorded."""
    from territoire.geocodage import geocoder

    from .models import SourceGeocodage

    check_animer(user)
    lieu = form.save(commit=False)
    lieu.collectivite_id = user.collectivite_id
    lieu.structure = structure
    saisies = {"latitude", "longitude"} & set(form.changed_data)
    if saisies and lieu.latitude is not None and lieu.longitude is not None:
        lieu.geocodage_source, lieu.geocodage_score = SourceGeocodage.MANUEL, None
    elif lieu.latitude is None or lieu.longitude is None or {"adresse", "commune"} & set(form.changed_data):
        position = geocoder(lieu.adresse, lieu.commune)
        lieu.latitude, lieu.longitude = position.latitude, position.longitude
        lieu.geocodage_source, lieu.geocodage_score = position.source, position.score
        if "localisation_verifiee" not in form.changed_data:
            lieu.localisation_verifiee = False  # moved: to be checked again
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


# --- members and invitations -------------------------------------------------------------------------------------

SEL_INVITATION = "reseau.invitation"
DUREE_INVITATION = timezone.timedelta(days=14)


def gere_structure(user, structure):
    """The network lead and the collectivité's administrators manage every structure; a structure's administrators
    (Membre.gestionnaire) manage their own."""
    if user.peut("animer_reseau") or user.peut("gerer_membres"):
        return True
    return any(m.gestionnaire and m.structure_id == structure.pk for m in user.adhesions_actives())


def check_gerer_structure(user, structure):
    if not gere_structure(user, structure):
        raise PermissionDenied("Seuls les administrateurs de la structure et l'animation du réseau gèrent ses membres.")


def roles_attribuables(user, structure):
    """The roles ``user`` may grant in ``structure``: every role for the collectivité's administrators; otherwise
    « partenaire » (no access to persons' files) plus, for the structure's own administrators, the roles they hold
    there themselves — a grant never exceeds what the granter has."""
    if user.peut("gerer_collectivite"):
        return set(Role)
    roles = {Role.PARTENAIRE}
    for m in user.adhesions_actives():
        if m.structure_id == structure.pk and m.gestionnaire:
            roles.add(Role(m.role))
    return roles - {Role.ADMINISTRATEUR}


def check_inviter(user, structure, email, role, gestionnaire):
    from .models import Invitation, Membre

    check_gerer_structure(user, structure)
    if role not in roles_attribuables(user, structure):
        raise ValidationError("Vous ne pouvez pas donner ce rôle : un administrateur de la collectivité le peut.")
    if email == user.email:
        raise ValidationError("Vous ne pouvez pas vous inviter vous-même.")
    if Membre.objects.actifs().filter(structure=structure, utilisateur__email=email).exists():
        raise ValidationError(f"{email} est déjà membre de {structure}.")
    if Invitation.objects.filter(
        structure=structure,
        email=email,
        acceptee_le__isnull=True,
        revoquee_le__isnull=True,
        expire_le__gt=timezone.now(),
    ).exists():
        raise ValidationError(f"{email} a déjà une invitation en attente pour {structure} : révoquez-la d'abord.")
    with cross_tenant_access("une adresse ne peut avoir qu'un compte : vérifier qu'elle est libre"):
        ailleurs = Utilisateur.objects.filter(email=email).exclude(collectivite_id=user.collectivite_id).exists()
    if ailleurs:  # a neutral message: it must not tell whether an account exists elsewhere (SECURITY 3)
        raise ValidationError("Cette adresse ne peut pas être invitée : choisissez une autre adresse professionnelle.")


@transaction.atomic
def do_inviter(user, structure, email, role, gestionnaire=False):
    from .models import Invitation
    from .tasks import envoyer_invitation

    email = email.strip().lower()
    check_inviter(user, structure, email, role, gestionnaire)
    invitation = Invitation.objects.create(
        collectivite_id=user.collectivite_id,
        email=email,
        structure=structure,
        role=role,
        gestionnaire=gestionnaire,
        invitee_par=user,
        expire_le=timezone.now() + DUREE_INVITATION,
    )
    planifier(envoyer_invitation, structure.collectivite, invitation.pk)
    return invitation


def lien_invitation(invitation):
    """A signed, single-purpose token; revoking or accepting the invitation kills it."""
    return signing.dumps({"i": invitation.pk, "c": str(invitation.cle)}, salt=SEL_INVITATION, compress=True)


def invitation_du_lien(jeton):
    """The pending invitation a link designates, or ValidationError (tampered, expired, revoked, used)."""
    from .models import Invitation

    try:
        donnees = signing.loads(jeton, salt=SEL_INVITATION, max_age=DUREE_INVITATION)
    except signing.SignatureExpired:
        raise ValidationError("Cette invitation a expiré : demandez-en une nouvelle.") from None
    except signing.BadSignature:
        raise ValidationError("Ce lien d'invitation n'est pas valide.") from None
    invitation = (
        Invitation.objects.select_related("structure").filter(pk=donnees.get("i"), cle=donnees.get("c")).first()
    )
    if invitation is None:
        raise ValidationError("Ce lien d'invitation n'est pas valide.")
    if invitation.revoquee_le:
        raise ValidationError("Cette invitation a été révoquée.")
    if invitation.acceptee_le:
        raise ValidationError("Cette invitation a déjà été acceptée : connectez-vous.")
    if invitation.expire_le < timezone.now():
        raise ValidationError("Cette invitation a expiré : demandez-en une nouvelle.")
    return invitation


@transaction.atomic
def do_accepter_invitation(invitation, prenom="", nom="", mot_de_passe=None):
    """The invited person joins the structure: their account is created (or found, in the same collectivité) and
    the membership starts today. A structure's first member makes it « mobilisée » in the network."""
    from .models import Invitation, Membre

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.acceptee_le or invitation.revoquee_le or invitation.expire_le < timezone.now():
        raise ValidationError("Cette invitation n'est plus valable.")
    utilisateur = Utilisateur.objects.filter(email=invitation.email).first()
    if utilisateur is None:
        if not (prenom and nom and mot_de_passe):
            raise ValidationError("Indiquez vos prénom, nom et mot de passe.")
        utilisateur = Utilisateur.objects.create_user(
            invitation.email, mot_de_passe, prenom=prenom, nom=nom, collectivite_id=invitation.collectivite_id
        )
    elif utilisateur.collectivite_id != invitation.collectivite_id:
        raise ValidationError("Cette adresse a déjà un compte dans une autre collectivité.")
    membre = Membre.objects.filter(
        utilisateur=utilisateur, structure=invitation.structure, role=invitation.role
    ).first()
    if membre is None:
        membre = Membre(
            collectivite_id=invitation.collectivite_id, utilisateur=utilisateur, structure=invitation.structure
        )
        membre.role = invitation.role
    membre.gestionnaire = invitation.gestionnaire
    membre.date_debut, membre.date_fin = timezone.localdate(), None
    membre.save()
    invitation.acceptee_le = timezone.now()
    invitation.save(update_fields=["acceptee_le"])
    structure = invitation.structure
    if structure.niveau_engagement == NiveauEngagement.IDENTIFIEE:
        structure.niveau_engagement = NiveauEngagement.MOBILISEE
        structure.engagee_le = structure.engagee_le or timezone.localdate()
        structure.save(update_fields=["niveau_engagement", "engagee_le"])
    return membre


def do_revoquer_invitation(user, invitation):
    check_gerer_structure(user, invitation.structure)
    if invitation.acceptee_le:
        raise ValidationError("Cette invitation a déjà été acceptée : retirez plutôt le membre.")
    invitation.revoquee_le = timezone.now()
    invitation.save(update_fields=["revoquee_le"])


@transaction.atomic
def do_retirer_membre(user, membre):
    """End a membership today (a member leaves, or is removed by the structure's administrators): the access it
    gave ends at once, the history of what they did stays. Other apps end what the membership gave there
    (``signals.sortie_de_structure``: the groupes de suivi) and may refuse (a referent must be replaced first)."""
    from .models import Membre
    from .signals import sortie_de_structure

    if membre.utilisateur_id != user.pk:
        check_gerer_structure(user, membre.structure)
        if membre.role not in roles_attribuables(user, membre.structure):
            raise PermissionDenied("Seul un administrateur de la collectivité retire ce rôle.")
    if membre.date_fin and membre.date_fin <= timezone.localdate():
        raise ValidationError("Ce membre a déjà quitté la structure.")
    if (
        membre.role == Role.ADMINISTRATEUR
        and not Membre.objects.actifs().filter(role=Role.ADMINISTRATEUR).exclude(pk=membre.pk).exists()
    ):
        raise ValidationError("C'est le dernier administrateur de la collectivité : nommez-en un autre avant.")
    membre.date_fin = timezone.localdate()
    membre.save(update_fields=["date_fin"])
    sortie_de_structure.send(sender=Membre, membre=membre)


# --- contacts and services ----------------------------------------------------------------------------------------


@transaction.atomic
def do_enregistrer_contact(user, structure, form):
    check_gerer_structure(user, structure)
    contact = form.save(commit=False)
    contact.collectivite_id, contact.structure = user.collectivite_id, structure
    contact.save()
    return contact


@transaction.atomic
def do_enregistrer_service(user, structure, form):
    check_gerer_structure(user, structure)
    service = form.save(commit=False)
    service.collectivite_id, service.structure = user.collectivite_id, structure
    service.save()
    return service


def do_supprimer(user, objet):
    """Delete a contact or a service of a structure."""
    check_gerer_structure(user, objet.structure)
    objet.delete()


# --- events -------------------------------------------------------------------------------------------------------


@transaction.atomic
def do_enregistrer_evenement(user, form):
    from .models import CibleEvenement

    check_animer(user)
    evenement = form.save(commit=False)
    evenement.collectivite_id = user.collectivite_id
    evenement.save()
    if "cibles" in form.cleaned_data:
        evenement.cibles.all().delete()
        CibleEvenement.objects.bulk_create(
            [
                CibleEvenement(collectivite_id=user.collectivite_id, evenement=evenement, structure=s)
                for s in form.cleaned_data["cibles"]
            ]
        )
    return evenement


def do_evaluer(user, inscription, note, avis):
    """A participant rates the event they attended (1 to 5) once it has taken place."""
    if inscription.utilisateur_id != user.pk:
        raise PermissionDenied("Chacun évalue sa propre participation.")
    if inscription.evenement.date > timezone.now():
        raise ValidationError("L'événement n'a pas encore eu lieu : vous l'évaluerez ensuite.")
    if not inscription.present:
        raise ValidationError("Votre présence n'a pas été enregistrée : vous évaluerez l'événement ensuite.")
    if not 1 <= note <= 5:
        raise ValidationError("La note va de 1 à 5.")
    inscription.note, inscription.avis = note, avis
    inscription.save(update_fields=["note", "avis"])


def do_evaluation_organisateur(user, evenement, texte):
    check_animer(user)
    evenement.evaluation = texte
    evenement.save(update_fields=["evaluation"])


# --- signed charter document --------------------------------------------------------------------------------------


def do_deposer_document_signature(user, signature, fichier):
    import uuid

    if not gere_structure(user, signature.structure):
        raise PermissionDenied(
            "Seuls les administrateurs de la structure et l'animation du réseau déposent ce document."
        )
    signature.document.save(f"charte-signee-{uuid.uuid4().hex}.{fichier.extension_detectee}", fichier, save=False)
    signature.document_depose = True
    signature.save(update_fields=["document", "document_depose"])


# --- shared resources ---------------------------------------------------------------------------------------------


@transaction.atomic
def do_creer_ressource(user, form, fichier, note=""):
    check_animer(user)
    ressource = form.save(commit=False)
    ressource.collectivite_id, ressource.creee_par = user.collectivite_id, user
    ressource.save()
    do_nouvelle_version_ressource(user, ressource, fichier, note or "Première version")
    return ressource


@transaction.atomic
def do_nouvelle_version_ressource(user, ressource, fichier, note):
    import uuid

    from .models import Ressource, VersionRessource

    check_animer(user)
    Ressource.objects.select_for_update().filter(pk=ressource.pk).first()  # numbering under concurrency
    numero = (ressource.versions.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    version = VersionRessource(
        collectivite_id=user.collectivite_id,
        ressource=ressource,
        numero=numero,
        nom_original=fichier.name[:200],
        type_mime=fichier.type_detecte,
        note=note,
        deposee_par=user,
    )
    version.fichier.save(f"ressource-{uuid.uuid4().hex}.{fichier.extension_detectee}", fichier, save=False)
    version.save()
    return version


def do_demander_attestation(user, signature):
    """Queue the PDF attestation of a signature recorded without one (before attestations existed)."""
    from .tasks import generer_attestation_signature

    if not gere_structure(user, signature.structure):
        raise PermissionDenied("Seuls les administrateurs de la structure et l'animation du réseau la demandent.")
    if signature.document:
        raise ValidationError("Cette signature a déjà son document.")
    planifier(generer_attestation_signature, signature.structure.collectivite, signature.pk)
