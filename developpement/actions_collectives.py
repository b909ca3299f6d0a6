"""Writes of the collective actions (docs/developpement.md §8): an action, its sessions, anonymous attendance."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum

from .access import structures_du_personnel
from .enums import THEMES_PAR_DEFAUT, Sexe, TrancheAge
from .models import ActionCollective, Participation, Seance, ThemeAction


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


@transaction.atomic
def do_enregistrer_seance(user, action, *, date, lieu, adresse, animateurs, contenu, comptes):
    """A session with its attendance: ``comptes`` = {(tranche_age, sexe): number}; zeros are not stored."""
    check_animer(user, action)
    if lieu is None and not adresse:
        raise ValidationError("Indiquez le lieu d'accueil ou l'adresse de la séance.")
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
    return seance


@transaction.atomic
def do_evaluer(user, action, *, objectifs_atteints, evaluation):
    check_animer(user, action)
    action.objectifs_atteints, action.evaluation = objectifs_atteints, evaluation
    action.save(update_fields=["objectifs_atteints", "evaluation"])


def presences(action):
    """Attendance per session and in total, by age band and sex (the team's counts, not identified people); read
    by the action's page and its PDF."""
    lignes = Participation.objects.filter(seance__action=action)
    par_seance = dict(lignes.values_list("seance_id").annotate(n=Sum("nombre")).order_by("seance_id"))
    cellules = {
        (r["tranche_age"], r["sexe"]): r["n"]
        for r in lignes.values("tranche_age", "sexe").annotate(n=Sum("nombre")).order_by("tranche_age", "sexe")
    }
    tableau = [(t.label, [cellules.get((t.value, s.value), 0) for s in Sexe]) for t in TrancheAge]
    return par_seance, tableau, sum(cellules.values())
