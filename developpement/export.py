"""The collective actions a person was named in, for their file's exports and the right-of-access answer
(portail/export.py, docs/securite.md §14): each through ``access.participants_visibles_par``, so an export shows
what its author may know and each part of the answer what its releaser may know."""

from .access import participants_visibles_par
from .models import ParticipantIdentifie


def _participation(p):
    seances = sorted(pr.seance.date for pr in p.presences.all())
    return {
        "action": p.action.titre,
        "du": p.action.debut,
        "au": p.action.fin,
        "accord_donne_le": p.consentement_le,
        "seances_suivies": seances,
    }


def _participations(qs):
    return [
        _participation(p)
        for p in qs.select_related("action").prefetch_related("presences__seance").order_by("action__debut", "pk")
    ]


def actions_lisibles(user, usager):
    return _participations(participants_visibles_par(user).filter(usager=usager))


def actions_de_structure(user, usager, structure):
    return _participations(participants_visibles_par(user).filter(usager=usager, action__structures=structure))


def structures_des_actions(usager):
    return set(
        ParticipantIdentifie.objects.filter(usager=usager)
        .values_list("action__structures", flat=True)
        .exclude(action__structures=None)
    )
