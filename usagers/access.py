"""Who may see a person's file (docs/securite.md §4): the desk roles of the collectivité, because anyone may walk in at
any
desk of the network; other roles only the people an app above grants them. The chef de projet and the
administrator work on aggregates and settings: no person files.

usagers knows nothing of the apps above it: an app that grants a role a view of some persons registers it in its
``AppConfig.ready()`` with ``enregistrer_visibilite(role, fonction)``, where ``fonction(user)`` returns the ids of
the persons that user may see (a queryset of ``usager_id`` values, evaluated as a subquery). accueil registers the
partner's: the persons whose orientation involves one of their structures.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import JournalAcces, Usager

_VISIBILITES = []


def enregistrer_visibilite(role, fonction):
    """Grant ``role`` the persons returned by ``fonction(user)`` (ids); idempotent, as ``ready()`` may run twice."""
    if all(f is not fonction or r != role for r, f in _VISIBILITES):
        _VISIBILITES.append((role, fonction))


def usagers_visibles_par(user):
    qs = Usager.objects.filter(collectivite_id=user.collectivite_id).actifs()
    if user.peut("accueillir"):
        return qs
    fonctions = [fonction for role, fonction in _VISIBILITES if user.a_role(role)]
    if not fonctions:
        return qs.none()
    filtre = Q()
    for fonction in fonctions:
        filtre |= Q(pk__in=fonction(user))
    return qs.filter(filtre)


def get_usager_for_user(user, pk):
    return get_object_or_404(usagers_visibles_par(user), pk=pk)


def structure_de(user):
    adhesions = user.adhesions_actives()
    return adhesions[0].structure if adhesions else None


def journaliser(user, usager, action, objet=""):
    """docs/securite.md §9: one row per read of a person's file (who, structure, tenant, when in UTC, action,
    record)."""
    return JournalAcces.objects.create(
        collectivite_id=user.collectivite_id,
        utilisateur=user,
        structure=structure_de(user),
        usager=usager,
        action=action,
        objet=objet[:100],
    )
