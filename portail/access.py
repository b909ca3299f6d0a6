"""Who sees a right-of-access request (docs/securite.md §14): the encadrants, who record requests and hand over the
answer, and whoever has a part of it to release (an encadrant of the structure, the child-protection role for
evaluations). Only for persons the user may see."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from usagers import lecture
from usagers.access import usagers_visibles_par

from .models import DemandeAcces, PartieAcces


def participe_au_droit_d_acces(user):
    """Who has a right-of-access page (docs/securite.md §14): the encadrants and the child-protection role."""
    return user.peut("encadrer") or user.peut("protection_enfance")


def parties_a_liberer_par(user):
    """The parts ``user`` may be asked to release: their structures' parts for an encadrant, the child-protection
    parts for that role."""
    condition = Q(pk__in=[])
    if user.peut("encadrer"):
        condition |= Q(confidentielle=False, structure_id__in=user.structures_actives_ids())
    if user.peut("protection_enfance"):
        condition |= Q(confidentielle=True)
    return PartieAcces.objects.filter(condition, demande__usager__in=usagers_visibles_par(user))


def demandes_visibles_par(user):
    qs = DemandeAcces.objects.filter(usager__in=usagers_visibles_par(user))
    if user.peut("exporter_dossier"):
        return qs
    return qs.filter(Exists(parties_a_liberer_par(user).filter(demande=OuterRef("pk"))))


def get_demande_for_user(user, pk):
    demande = get_object_or_404(demandes_visibles_par(user), pk=pk)
    lecture.noter(demande.usager_id, f"droit-acces:{demande.pk}")
    return demande
