from django.shortcuts import get_object_or_404

from .models import TerritoireInterventionSociale


def tis_visibles_par(user):
    return TerritoireInterventionSociale.objects.filter(collectivite_id=user.collectivite_id)


def get_tis_for_user(user, pk):
    return get_object_or_404(tis_visibles_par(user), pk=pk)
