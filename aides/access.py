"""Who sees an application for an aid (docs/aides.md « Besoin d'en connaître », docs/securite.md §4).

The same rule as supports: the professional who instructs it, the members of the support it was opened from, the
encadrants of the structure that runs the scheme; and the members of a commission for the applications on its
agenda or decided by it. Resources, debts and decisions are sensitive: everyone else only learns, on the person strip,
that an aid exists — never its amount.
"""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from accompagnement.access import accompagnements_visibles_par
from comptes.roles import roles_permettant
from usagers import lecture

from .models import Commission, Decision, Demande, Dispositif, HeuresContrepartie


def gere_la_structure(user, structure_id):
    """The encadrants of the structure run its schemes and commissions."""
    return user.peut("encadrer") and structure_id in user.structures_actives_ids()


def dispositifs_visibles_par(user):
    """Schemes hold no person data: every professional of the collectivité may read them (to apply)."""
    if not user.peut("accompagner"):
        return Dispositif.objects.none()
    return Dispositif.objects.all()


def commissions_visibles_par(user):
    return Commission.objects.filter(
        Q(membres=user) | Q(structure_id__in=user.structures_actives_ids() if user.peut("encadrer") else [])
    ).distinct()


def demandes_visibles_par(user):
    condition = Q(commission__membres=user) | Q(
        Exists(Decision.objects.filter(demande=OuterRef("pk"), commission__membres=user))
    )
    if user.peut("accompagner"):
        condition |= Q(instructeur=user, structure_instructrice_id__in=user.structures_actives_ids())
        condition |= Q(accompagnement__in=accompagnements_visibles_par(user))
        if user.peut("encadrer"):
            condition |= Q(dispositif__structure_id__in=user.structures_actives_ids())
    return Demande.objects.filter(pk__in=Demande.objects.filter(condition).values("pk"))


def get_demande_for_user(user, pk):
    demande = get_object_or_404(demandes_visibles_par(user), pk=pk)
    lecture.noter(demande.usager_id, f"aide:{demande.pk}")
    return demande


def get_commission_for_user(user, pk):
    return get_object_or_404(commissions_visibles_par(user), pk=pk)


def usagers_des_demandes_lisibles(user):
    """Registered with usagers.access.enregistrer_dossier_ouvert."""
    return demandes_visibles_par(user).values("usager_id")


def peut_suivre(user, demande):
    """Who records the instruction, payments and follow-up: the instructing professional and the encadrants."""
    return instruit(user, demande) or gere_la_structure(user, demande.dispositif.structure_id)


def instruit(user, demande):
    """The professional who instructs the application, while a member of the structure they instruct it for."""
    return demande.instructeur_id == user.pk and demande.structure_instructrice_id in user.structures_actives_ids()


def structure_instructrice(user, accompagnement=None, passage=None):
    """The structure an application is instructed for: the support's or the passage's when the professional belongs
    to it, else their first structure where their role may apply."""
    actives = user.structures_actives_ids()
    for candidate in (
        getattr(accompagnement, "structure_id", None),
        getattr(getattr(passage, "lieu", None), "structure_id", None),
    ):
        if candidate in actives:
            return candidate
    return next((m.structure_id for m in user.adhesions_actives() if m.role in roles_permettant("accompagner")), None)


def peut_deliberer(user, commission):
    return gere_la_structure(user, commission.structure_id) or commission.membres.filter(pk=user.pk).exists()


def heures_a_valider_par(user):
    """The counterpart hours hosted by the user's structures: their people see the date, the hours and the person's
    name — what a host needs to validate them — never the application (docs/aides.md « Bourse au permis »)."""
    return HeuresContrepartie.objects.filter(structure_hote_id__in=user.structures_actives_ids())


def accueille_des_heures(user):
    """Navigation: a partner (a commune service, an association) whose structure hosts counterpart hours reaches
    « Heures de contrepartie » from the menu; the roles who instruct aids reach it from the aids' own menu."""
    return not user.peut("accueillir") and user.peut("repondre_orientations") and heures_a_valider_par(user).exists()


def get_heures_for_user(user, pk):
    heures = get_object_or_404(heures_a_valider_par(user).select_related("decision__demande"), pk=pk)
    lecture.noter(heures.decision.demande.usager_id, f"aide-heures:{heures.pk}")
    return heures


def peut_valider_heures(user, heures):
    return heures.structure_hote_id is not None and heures.structure_hote_id in user.structures_actives_ids()
