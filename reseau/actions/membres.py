"""Members of the structures: invitations (a signed link, ``reseau.liens``), joining and leaving."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from collectivites.envois import planifier
from collectivites.noms import forme
from collectivites.tenancy import cross_tenant_access
from comptes.models import Utilisateur
from comptes.roles import Role

from ..liens import DUREE_INVITATION
from ..models import Invitation, Membre, NiveauEngagement
from ..signals import sortie_de_structure
from .droits import check_gerer_structure, roles_attribuables


def check_inviter(user, structure, email, role, gestionnaire):
    check_gerer_structure(user, structure)
    if role not in roles_attribuables(user, structure):
        raise ValidationError("Vous ne pouvez pas donner ce rôle : un administrateur de la collectivité le peut.")
    if email == user.email:
        raise ValidationError("Vous ne pouvez pas vous inviter vous-même.")
    if Membre.objects.actifs().filter(structure=structure, utilisateur__email=email).exists():
        raise ValidationError(f"{email} est déjà membre {forme(structure).de}.")
    if Invitation.objects.filter(
        structure=structure,
        email=email,
        acceptee_le__isnull=True,
        revoquee_le__isnull=True,
        expire_le__gt=timezone.now(),
    ).exists():
        raise ValidationError(
            f"{email} a déjà une invitation en attente pour {forme(structure).le} : révoquez-la d'abord."
        )
    with cross_tenant_access("une adresse ne peut avoir qu'un compte : vérifier qu'elle est libre"):
        ailleurs = Utilisateur.objects.filter(email=email).exclude(collectivite_id=user.collectivite_id).exists()
    if ailleurs:  # a neutral message: it must not tell whether an account exists elsewhere (docs/securite.md §3)
        raise ValidationError("Cette adresse ne peut pas être invitée : choisissez une autre adresse professionnelle.")


@transaction.atomic
def do_inviter(user, structure, email, role, gestionnaire=False):
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
    planifier("reseau.envoyer_invitation", structure.collectivite, invitation.pk)
    return invitation


@transaction.atomic
def do_accepter_invitation(invitation, prenom="", nom="", mot_de_passe=None):
    """The invited person joins the structure: their account is created (or found, in the same collectivité) and
    the membership starts today. A structure's first member makes it « mobilisée » in the network."""
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
