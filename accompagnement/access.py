"""Who sees a support (docs/securite.md §4–6, CASF L.121-6-2 and L.226-2-2).

- Its shared parts (plan, syntheses, group): the active members of its groupe de suivi, and the encadrants of the
  structure that runs it.
- Confidential types (child-protection evaluation): additionally the child-protection role; everyone else only
  learns that « a confidential support exists ».
- Everyone who may see the person's strip learns that a (non-confidential) support exists: type, structure,
  referent, since when — never its content.
- Private notes: their author, through ``NotePrivee.objects.de(user)`` only.
"""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from usagers import lecture

from .models import Accompagnement, MembreGroupe


def accompagnements_visibles_par(user):
    if not user.peut("accompagner"):
        return Accompagnement.objects.none()
    membre = MembreGroupe.objects.actifs().filter(accompagnement=OuterRef("pk"), utilisateur=user)
    condition = Q(Exists(membre))
    if user.peut("encadrer"):
        condition |= Q(structure_id__in=user.structures_actives_ids())
    qs = Accompagnement.objects.filter(condition)
    if not user.peut("protection_enfance"):
        qs = qs.filter(type__confidentiel=False)
    return qs


def get_accompagnement_for_user(user, pk):
    accompagnement = get_object_or_404(accompagnements_visibles_par(user), pk=pk)
    lecture.noter(accompagnement.usager_id, f"accompagnement:{accompagnement.pk}")
    return accompagnement


def usagers_accompagnes_par(user):
    """The persons whose file is open to ``user`` through a support they may read (registered with
    usagers.access.enregistrer_dossier_ouvert)."""
    return accompagnements_visibles_par(user).values("usager_id")


def est_membre_actif(user, accompagnement):
    return MembreGroupe.objects.actifs().filter(accompagnement=accompagnement, utilisateur=user).exists()


def peut_modifier(user, accompagnement):
    """Writers: the active group members, and the encadrants of the structure (replacement of a referent…)."""
    if est_membre_actif(user, accompagnement):
        return True
    return user.peut("encadrer") and accompagnement.structure_id in user.structures_actives_ids()
