"""What a member may see of the indicators and statistics.

The network lead and the administrator see the whole network; an encadrant, and a structure's administrator
(``Membre.gestionnaire``, whatever their role), see the activity of the sites of their own structures (the charter
indicators are the network's and shown to all). Everything is an aggregate with
the small cells hidden (docs/securite.md §7).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from comptes.roles import Role
from reseau.models import LieuAccueil

from .models import Calcul, Instantane, RapportCharte


def voit_tout_le_reseau(user):
    return user.peut("piloter_indicateurs")


def structures_du_tableau(user):
    """The structures whose dashboard the user sees: where they are encadrant or the structure's administrator."""
    return [m.structure_id for m in user.adhesions_actives() if m.gestionnaire or m.role == Role.ENCADRANT]


def peut_voir_tableau(user):
    return user.is_authenticated and (user.peut("voir_tableau_de_bord") or bool(structures_du_tableau(user)))


def lieux_du_tableau(user):
    """Ids of the sites whose activity the user may see; None means every site of the collectivité."""
    if voit_tout_le_reseau(user):
        return None
    return list(LieuAccueil.objects.filter(structure_id__in=structures_du_tableau(user)).values_list("pk", flat=True))


def instantanes_visibles_par(user):
    if not peut_voir_tableau(user):
        return Instantane.objects.none()
    return Instantane.objects.all()


def get_instantane_for_user(user, pk):
    return get_object_or_404(instantanes_visibles_par(user), pk=pk)


def get_calcul_for_user(user, pk):
    if not user.peut("piloter_indicateurs"):
        return get_object_or_404(Calcul.objects.none(), pk=pk)
    return get_object_or_404(Calcul, pk=pk)


def rapports_visibles_par(user):
    if not user.peut("piloter_indicateurs"):
        return RapportCharte.objects.none()
    return RapportCharte.objects.all()


def get_rapport_for_user(user, pk):
    return get_object_or_404(rapports_visibles_par(user), pk=pk)


def tableau_requis(vue):
    """Log-in required, then the dashboard: 403 for a user who has none (as ``permission_requise``)."""

    @login_required
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not peut_voir_tableau(request.user):
            raise PermissionDenied("Votre rôle ne donne pas accès au tableau de bord.")
        return vue(request, *args, **kwargs)

    return enveloppe
