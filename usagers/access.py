"""Who may see a person's file (SECURITY 4): the desk roles of the collectivité, because anyone may walk in at any
desk of the network; a partner only the people whose orientation involves their structure. The chef de projet and
the administrator work on aggregates and settings: no person files."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from comptes.roles import Role

from .models import JournalAcces, Usager


def usagers_visibles_par(user):
    qs = Usager.objects.filter(collectivite_id=user.collectivite_id).actifs()
    if user.peut("accueillir"):
        return qs
    if user.a_role(Role.PARTENAIRE):
        structures = user.structures_actives_ids()
        return qs.filter(
            Q(orientations__structure_destinataire__in=structures) | Q(orientations__structure_emettrice__in=structures)
        ).distinct()
    return qs.none()


def get_usager_for_user(user, pk):
    return get_object_or_404(usagers_visibles_par(user), pk=pk)


def structure_de(user):
    adhesions = user.adhesions_actives()
    return adhesions[0].structure if adhesions else None


def journaliser(user, usager, action, objet=""):
    """SECURITY 9: one row per read of a person's file (who, structure, tenant, when in UTC, action, record)."""
    return JournalAcces.objects.create(
        collectivite_id=user.collectivite_id,
        utilisateur=user,
        structure=structure_de(user),
        usager=usager,
        action=action,
        objet=objet[:100],
    )
