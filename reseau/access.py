"""What a user may see of the network. Filters by tenant first; "missing" and "not yours" are the same 404."""

from django.shortcuts import get_object_or_404

from .models import LieuAccueil, Membre, Structure


def structures_visibles_par(user):
    """Every member of the network sees the network's directory (names, types, places)."""
    return Structure.objects.filter(collectivite_id=user.collectivite_id)


def get_structure_for_user(user, pk):
    return get_object_or_404(structures_visibles_par(user), pk=pk)


def lieux_visibles_par(user):
    return LieuAccueil.objects.filter(collectivite_id=user.collectivite_id)


def get_lieu_for_user(user, pk):
    return get_object_or_404(lieux_visibles_par(user), pk=pk)


def membres_visibles_par(user):
    """Administrators see every member of the collectivité; others only the members of their own structures."""
    qs = Membre.objects.actifs().filter(collectivite_id=user.collectivite_id).select_related("utilisateur", "structure")
    if user.peut("gerer_membres"):
        return qs
    return qs.filter(structure__in=user.structures_actives_ids())


def structures_gerees_par(user):
    """The structures whose members, contacts and services the user manages."""
    if user.peut("animer_reseau") or user.peut("gerer_membres"):
        return structures_visibles_par(user)
    return structures_visibles_par(user).filter(
        pk__in=[m.structure_id for m in user.adhesions_actives() if m.gestionnaire]
    )


def get_structure_geree(user, pk):
    return get_object_or_404(structures_gerees_par(user), pk=pk)


def invitations_visibles_par(user):
    from .models import Invitation

    return Invitation.objects.filter(structure__in=structures_gerees_par(user))


def get_invitation_for_user(user, pk):
    return get_object_or_404(invitations_visibles_par(user).select_related("structure"), pk=pk)


def get_membre_for_user(user, pk):
    """A membership the user may end: their own, or one of a structure they manage."""
    from django.db.models import Q

    qs = Membre.objects.filter(collectivite_id=user.collectivite_id).select_related("structure", "utilisateur")
    return get_object_or_404(qs.filter(Q(utilisateur=user) | Q(structure__in=structures_gerees_par(user))), pk=pk)


def get_contact_for_user(user, pk, structure=None):
    from .models import Contact

    qs = Contact.objects.filter(structure__in=structures_gerees_par(user))
    return get_object_or_404(qs.filter(structure=structure) if structure else qs, pk=pk)


def get_service_for_user(user, pk, structure=None):
    from .models import Service

    qs = Service.objects.filter(structure__in=structures_gerees_par(user))
    return get_object_or_404(qs.filter(structure=structure) if structure else qs, pk=pk)


def signatures_visibles_par(user):
    """Signed documents: the network lead sees all; a member sees those of their own structures."""
    from .models import Signature

    qs = Signature.objects.filter(collectivite_id=user.collectivite_id)
    if user.peut("animer_reseau"):
        return qs
    return qs.filter(structure__in=user.structures_actives_ids())


def get_signature_for_user(user, pk):
    return get_object_or_404(signatures_visibles_par(user).select_related("structure", "charte"), pk=pk)


def ressources_visibles_par(user):
    """Shared resources by visibility: everyone in the network; signatories of the charter in force; the
    Département's own services. The network lead sees them all."""
    from django.db.models import Q

    from .enums import TypeStructure
    from .models import Ressource, Signature, Visibilite

    qs = Ressource.objects.filter(collectivite_id=user.collectivite_id)
    if user.peut("animer_reseau"):
        return qs
    adhesions = user.adhesions_actives()
    mes_structures = user.structures_actives_ids()
    filtre = Q(visibilite=Visibilite.RESEAU)
    if any(m.structure.type == TypeStructure.DEPARTEMENT for m in adhesions):
        filtre |= Q(visibilite=Visibilite.INTERNE) | Q(visibilite=Visibilite.SIGNATAIRES)
    elif Signature.objects.filter(
        structure__in=mes_structures, charte__publiee_le__isnull=False, charte__retiree_le__isnull=True
    ).exists():
        filtre |= Q(visibilite=Visibilite.SIGNATAIRES)
    return qs.filter(filtre)


def get_ressource_for_user(user, pk):
    return get_object_or_404(ressources_visibles_par(user), pk=pk)


def get_version_for_user(user, pk):
    from .models import VersionRessource

    return get_object_or_404(
        VersionRessource.objects.filter(ressource__in=ressources_visibles_par(user)).select_related("ressource"), pk=pk
    )
