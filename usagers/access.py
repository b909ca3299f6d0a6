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

from . import lecture
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
    usager = get_object_or_404(usagers_visibles_par(user), pk=pk)
    lecture.noter(usager, f"usager:{usager.pk}")
    return usager


_DOSSIERS_OUVERTS = []


def enregistrer_dossier_ouvert(fonction):
    """An app above says whose file is open to a user beyond the desk (``fonction(user)`` returns ``usager_id``
    values): accompagnement registers the persons of the supports the user may read. Idempotent."""
    if fonction not in _DOSSIERS_OUVERTS:
        _DOSSIERS_OUVERTS.append(fonction)


def dossiers_ouverts_a(user):
    """The ids of the persons whose file is open to ``user`` (docs/securite.md §4): a desk far away sees their name
    in a list of passages (accueil.access.passages_nommes)."""
    filtre = Q(pk__in=[])
    for fonction in _DOSSIERS_OUVERTS:
        filtre |= Q(pk__in=fonction(user))
    return Usager.objects.filter(filtre).values("pk")


def structure_de(user):
    adhesions = user.adhesions_actives()
    return adhesions[0].structure if adhesions else None


def journaliser(user, usager, action, objet=""):
    """docs/securite.md §9: one row per read of a person's file (who, structure, tenant, when in UTC, action,
    record)."""
    lecture.noter_journalise(getattr(usager, "pk", usager))
    return JournalAcces.objects.create(
        collectivite_id=user.collectivite_id,
        utilisateur=user,
        structure=structure_de(user),
        usager_id=getattr(usager, "pk", usager),
        action=action,
        objet=objet[:100],
    )


def journaliser_liste(user, usagers, chemin):
    """docs/securite.md §9, written by ``usagers.lecture.LectureMiddleware``: one row for a page that showed one
    person, one row naming every person for a list (``usagers`` maps an id to the record read)."""
    action = JournalAcces.Action.API if chemin.startswith("/api/") else JournalAcces.Action.CONSULTATION
    if len(usagers) == 1:
        [(pk, objet)] = usagers.items()
        return journaliser(user, pk, action, objet or chemin)
    ligne = journaliser(user, None, JournalAcces.Action.LISTE, f"liste:{chemin}")
    ligne.usagers_lus.set(list(usagers))
    return ligne
