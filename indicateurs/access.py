"""What a member may see of the indicators and statistics.

The network lead and the administrator see the whole network; an encadrant sees the activity of the sites of their
own structures (the charter indicators are the network's and shown to all three). Everything is an aggregate with
the small cells hidden (SECURITY 7).
"""

from django.shortcuts import get_object_or_404

from reseau.models import LieuAccueil

from .models import Calcul, Instantane, RapportCharte


def voit_tout_le_reseau(user):
    return user.peut("piloter_indicateurs")


def lieux_du_tableau(user):
    """Ids of the sites whose activity the user may see; None means every site of the collectivité."""
    if voit_tout_le_reseau(user):
        return None
    structures = [m.structure_id for m in user.adhesions_actives()]
    return list(LieuAccueil.objects.filter(structure_id__in=structures).values_list("pk", flat=True))


def instantanes_visibles_par(user):
    if not user.peut("voir_tableau_de_bord"):
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
