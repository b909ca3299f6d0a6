"""Writes of the collective actions (docs/developpement.md §8): an action, its sessions, anonymous attendance."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from usagers.access import usagers_visibles_par

from . import actions
from .access import participants_visibles_par, structures_animees_par, structures_du_personnel
from .enums import THEMES_PAR_DEFAUT, Sexe, TrancheAge
from .modeles import MODELES
from .models import ActionCollective, ParticipantIdentifie, Participation, Presence, Seance, ThemeAction


def initialiser_themes(collectivite):
    """Seed the collectivité's nomenclature of themes with the default list (idempotent)."""
    existants = set(ThemeAction.objects.filter(collectivite=collectivite).values_list("code", flat=True))
    ThemeAction.objects.bulk_create(
        [
            ThemeAction(collectivite=collectivite, code=code, libelle=libelle, ordre=i)
            for i, (code, libelle) in enumerate(THEMES_PAR_DEFAUT)
            if code not in existants
        ]
    )


def check_creer_action(user, structures):
    if not set(s.pk for s in structures) & set(structures_du_personnel(user)):
        raise PermissionDenied("Une des structures porteuses doit être la vôtre.")


@transaction.atomic
def do_creer_action(user, *, themes, structures, animateurs, communes, **champs):
    """``champs``: titre, public, objectifs, debut, fin."""
    check_creer_action(user, structures)
    if champs.get("fin") and champs["fin"] < champs["debut"]:
        raise ValidationError("La fin précède le début.")
    action = ActionCollective.objects.create(collectivite_id=user.collectivite_id, creee_par=user, **champs)
    action.themes.set(themes)
    action.structures.set(structures)
    action.animateurs.set(animateurs)
    action.communes.set(communes)
    return action


def check_animer(user, action):
    """The staff of a carrying structure record its sessions and its evaluation."""
    porteuses = set(action.structures.values_list("pk", flat=True))
    if not porteuses & set(structures_du_personnel(user)):
        raise PermissionDenied("Seules les équipes des structures porteuses enregistrent les séances.")


def check_nommer_participants(user, action):
    """Naming participants is for the staff of a carrying structure who follow persons (docs/developpement.md §8)."""
    porteuses = set(action.structures.values_list("pk", flat=True))
    if not porteuses & set(structures_animees_par(user)):
        raise PermissionDenied(
            "Seuls les travailleurs sociaux et encadrants des structures porteuses nomment les participants."
        )


def check_inscrire(user, action, usager, *, consentement, consentement_le):
    check_nommer_participants(user, action)
    if not usagers_visibles_par(user).filter(pk=usager.pk).exists():
        raise PermissionDenied("Vous n'avez pas accès au dossier de cette personne.")
    if not consentement:
        raise ValidationError({"consentement": "La personne doit avoir donné son accord pour être nommée."})
    if consentement_le > timezone.localdate():
        raise ValidationError({"consentement_le": "L'accord ne peut pas être daté de demain ou plus tard."})
    if ParticipantIdentifie.objects.filter(action=action, usager=usager).exists():
        raise ValidationError({"usager": f"{usager} participe déjà à cette action."})


@transaction.atomic
def do_inscrire(user, action, usager, *, consentement, consentement_le):
    """Name a person of Relais among the participants of ``action``, with the date of their consent."""
    check_inscrire(user, action, usager, consentement=consentement, consentement_le=consentement_le)
    return ParticipantIdentifie.objects.create(
        collectivite_id=action.collectivite_id,
        action=action,
        usager=usager,
        consentement_le=consentement_le,
        ajoute_par=user,
    )


@transaction.atomic
def do_retirer(user, participant):
    """The person withdraws their consent (or was named by mistake): the row and its attendance go; the sessions
    keep their anonymous counts."""
    check_nommer_participants(user, participant.action)
    participant.delete()


@transaction.atomic
def do_enregistrer_seance(user, action, *, date, lieu, adresse, animateurs, contenu, comptes, presents=()):
    """A session with its attendance: ``comptes`` = {(tranche_age, sexe): number}, zeros not stored; ``presents``
    the identified participants who attended (only the user may name them)."""
    check_animer(user, action)
    if lieu is None and not adresse:
        raise ValidationError("Indiquez le lieu d'accueil ou l'adresse de la séance.")
    if presents:
        check_nommer_participants(user, action)
        autorises = set(participants_visibles_par(user).filter(action=action).values_list("pk", flat=True))
        if any(p.pk not in autorises for p in presents):
            raise ValidationError({"presents": "Un des participants cochés n'est pas un participant de l'action."})
    seance = Seance.objects.create(
        collectivite_id=action.collectivite_id,
        action=action,
        date=date,
        lieu=lieu,
        adresse=adresse,
        contenu=contenu,
        enregistree_par=user,
    )
    seance.animateurs.set(animateurs)
    Participation.objects.bulk_create(
        [
            Participation(collectivite_id=action.collectivite_id, seance=seance, tranche_age=t, sexe=s, nombre=n)
            for (t, s), n in sorted(comptes.items())
            if n
        ]
    )
    Presence.objects.bulk_create(
        [Presence(collectivite_id=action.collectivite_id, seance=seance, participant=p) for p in presents]
    )
    return seance


# A participants' questionnaire stays open this long after the action's end (or after today for an open action).
JOURS_QUESTIONNAIRE_PARTICIPANTS = 30


@transaction.atomic
def do_creer_questionnaire_participants(user, action):
    """The optional questionnaire of an action's participants (docs/developpement.md §8): copied from the shipped
    template, owned by the user's carrying structure, linked to the action and published at once (one link for all
    sites, open until 30 days after the action's end)."""
    check_animer(user, action)
    if action.questionnaire_id:
        raise ValidationError("Cette action a déjà son questionnaire des participants.")
    porteuses = action.structures.filter(pk__in=structures_du_personnel(user)).order_by("nom", "pk")
    modele = MODELES["action_collective"]
    questionnaire = actions.do_creer_questionnaire(
        user,
        titre=f"Votre avis sur « {action.titre} »"[:200],
        nature=modele["nature"],
        structure=porteuses.first(),
        introduction=modele["introduction"],
        modele="action_collective",
    )
    jour = timezone.localdate()
    ferme = max(action.fin or jour, jour) + datetime.timedelta(days=JOURS_QUESTIONNAIRE_PARTICIPANTS)
    actions.do_publier(user, questionnaire, lieu=None, ouvre_le=jour, ferme_le=ferme)
    action.questionnaire = questionnaire
    action.save(update_fields=["questionnaire"])
    return questionnaire


@transaction.atomic
def do_evaluer(user, action, *, objectifs_atteints, evaluation):
    check_animer(user, action)
    action.objectifs_atteints, action.evaluation = objectifs_atteints, evaluation
    action.save(update_fields=["objectifs_atteints", "evaluation"])


def presences(action):
    """Attendance per session and in total: the persons counted by age band and sex, plus the identified
    participants present (counted, never named here); read by the action's page and its PDF. Returns
    ``(par_seance, tableau by age band and sex of the counted ones, total, identified attendances)``."""
    lignes = Participation.objects.filter(seance__action=action)
    par_seance = dict(lignes.values_list("seance_id").annotate(n=Sum("nombre")).order_by("seance_id"))
    identifies = dict(
        Presence.objects.filter(seance__action=action)
        .values_list("seance_id")
        .annotate(n=Count("id"))
        .order_by("seance_id")
    )
    for seance_id, n in identifies.items():
        par_seance[seance_id] = par_seance.get(seance_id, 0) + n
    cellules = {
        (r["tranche_age"], r["sexe"]): r["n"]
        for r in lignes.values("tranche_age", "sexe").annotate(n=Sum("nombre")).order_by("tranche_age", "sexe")
    }
    tableau = [(t.label, [cellules.get((t.value, s.value), 0) for s in Sexe]) for t in TrancheAge]
    return par_seance, tableau, sum(cellules.values()) + sum(identifies.values()), sum(identifies.values())
