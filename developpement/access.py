"""Who may see and build the questionnaires (docs/developpement.md §4). Tenant first; "missing" and "not yours" are
the same 404.

- The staff of a structure (every role but « partenaire ») build, publish and read the questionnaires of their
  structure, free texts included.
- The network's leads (``animer_reseau``) build the network's questionnaires and read the figures of every
  questionnaire, but the free texts of a structure's questionnaire only if they are also its staff.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from comptes.roles import Role
from reseau.models import Structure
from usagers import lecture
from usagers.access import usagers_visibles_par

from .models import (
    ActionCollective,
    Diffusion,
    DocumentDeveloppement,
    ParticipantIdentifie,
    PreuveSatisfaction,
    Questionnaire,
)


def structures_du_personnel(user):
    """The structures where the user is staff (not only a partner)."""
    return tuple(dict.fromkeys(m.structure_id for m in user.adhesions_actives() if m.role != Role.PARTENAIRE))


def peut_gerer_questionnaires(user):
    """Navigation: the page is for a structure's staff and the network's leads."""
    return bool(structures_du_personnel(user)) or user.peut("animer_reseau")


def questionnaires_visibles_par(user):
    qs = Questionnaire.objects.filter(collectivite_id=user.collectivite_id)
    if user.peut("animer_reseau"):
        return qs
    return qs.filter(structure__in=structures_du_personnel(user))


def get_questionnaire_for_user(user, pk):
    return get_object_or_404(questionnaires_visibles_par(user).select_related("structure"), pk=pk)


def peut_modifier(user, questionnaire):
    """The owner: the staff of its structure, or the network's leads for a network questionnaire."""
    if questionnaire.structure_id is None:
        return user.peut("animer_reseau")
    return questionnaire.structure_id in structures_du_personnel(user)


def lit_les_textes_libres(user, questionnaire):
    """Free answers may name someone or something: only the owning structure's staff read them."""
    return peut_modifier(user, questionnaire)


def questionnaires_possedes_par(user):
    """The questionnaires ``user`` owns (``peut_modifier`` as a QuerySet): those whose free texts they read."""
    qs = Questionnaire.objects.filter(collectivite_id=user.collectivite_id)
    possedes = Q(structure__in=structures_du_personnel(user))
    if user.peut("animer_reseau"):
        possedes |= Q(structure__isnull=True)
    return qs.filter(possedes)


def diffusions_visibles_par(user):
    return Diffusion.objects.filter(
        collectivite_id=user.collectivite_id, questionnaire__in=questionnaires_visibles_par(user)
    )


def get_diffusion_for_user(user, pk):
    return get_object_or_404(diffusions_visibles_par(user).select_related("questionnaire", "lieu"), pk=pk)


def structures_proposees(user):
    """The owners a user may choose for a new questionnaire: the structures where they are staff."""
    return Structure.objects.filter(collectivite_id=user.collectivite_id, pk__in=structures_du_personnel(user))


def actions_collectives_visibles_par(user):
    """The network's leads see every collective action; other staff those their structures carry."""
    qs = ActionCollective.objects.filter(collectivite_id=user.collectivite_id)
    if user.peut("animer_reseau"):
        return qs
    return qs.filter(structures__in=structures_du_personnel(user)).distinct()


def get_action_collective_for_user(user, pk):
    return get_object_or_404(actions_collectives_visibles_par(user), pk=pk)


def structures_animees_par(user):
    """The structures where ``user`` may know the persons of a collective action: staff who follow persons
    (``accompagner``, the roles that may read a support) — the need-to-know of supports (docs/developpement.md §8)."""
    if not user.peut("accompagner"):
        return ()
    return structures_du_personnel(user)


def participants_visibles_par(user):
    """The identified participants ``user`` may know: those of the actions carried by a structure where the user
    follows persons (social workers, encadrants), and only persons whose file the user may open. The network's
    leads, the desk and partners see the anonymous counts only. Reading them through this function notes nothing:
    the page that shows them calls ``noter_participants`` (the access log)."""
    structures = structures_animees_par(user)
    if not structures:
        return ParticipantIdentifie.objects.none()
    actions = ActionCollective.objects.filter(collectivite_id=user.collectivite_id, structures__in=structures)
    return ParticipantIdentifie.objects.filter(
        collectivite_id=user.collectivite_id, action__in=actions, usager__in=usagers_visibles_par(user)
    )


def noter_participants(participants, objet):
    """docs/securite.md §9: the request that shows these participants writes its access-log row (one row naming
    every person for a list, through usagers.lecture)."""
    lecture.noter([p.usager_id for p in participants], objet)
    lecture.noter(None)


def preuves_visibles_par(user):
    """The evidence files of the structures where the user is staff; the network's leads read all of them (they
    check indicator 5's declarations)."""
    qs = PreuveSatisfaction.objects.filter(collectivite_id=user.collectivite_id)
    if user.peut("animer_reseau"):
        return qs
    return qs.filter(structure__in=structures_du_personnel(user))


def get_preuve_for_user(user, pk):
    return get_object_or_404(preuves_visibles_par(user), pk=pk)


def documents_visibles_par(user):
    """The PDFs of the actions a user sees, of the questionnaires they see (a summary with free texts only for the
    owner) and, for the network's leads, of the steering meetings."""
    qs = DocumentDeveloppement.objects.filter(collectivite_id=user.collectivite_id)
    visibles = Q(action__in=actions_collectives_visibles_par(user))
    visibles |= Q(version__questionnaire__in=questionnaires_visibles_par(user), avec_textes=False)
    visibles |= Q(version__questionnaire__in=questionnaires_possedes_par(user))
    if user.peut("animer_reseau"):
        visibles |= Q(reunion__isnull=False)
    return qs.filter(visibles)


def get_document_for_user(user, pk):
    return get_object_or_404(documents_visibles_par(user), pk=pk)
