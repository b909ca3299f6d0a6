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
    qs = Membre.objects.filter(collectivite_id=user.collectivite_id).select_related("utilisateur", "structure")
    if user.peut("gerer_membres"):
        return qs
    return qs.filter(structure__in=[m.structure_id for m in user.adhesions_actives()])
