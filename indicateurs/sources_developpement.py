"""Rollup source of the collective actions (docs/developpement.md §13): actions, sessions and attendances per month,
theme and territory. Imported by ``IndicateursConfig.ready()``, which also hands the reader to ``developpement``
(its actions' pages show these figures without importing this app).

Cells ``(mois, lieu_id, dimension, cle, libelle, valeur)`` of ``indicateurs.sources.source``:

- ``actions`` / ``actions_theme`` / ``actions_commune``: actions by the month they start;
- ``seances`` / ``seances_theme`` / ``seances_commune``: sessions by their month;
- ``participants`` / ``participants_theme`` / ``participants_commune``: attendances by the month of the session —
  the persons counted by age band and sex plus the identified participants present.

An action with several themes or communes counts under each (the cells of one axis do not add up to the total); an
action without a territory counts under « Territoire non précisé ». No cell is per site (``lieu_id`` is empty).
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from developpement import statistiques as statistiques_actions
from developpement.models import ActionCollective, Participation, Presence, Seance

from .sources import _mois, source
from .statistiques import lire, par_mois

NOM = "actions_collectives"
SANS_TERRITOIRE = ("aucun", "Territoire non précisé")


def _axes(action_ids):
    """{action id: [(cle, libelle)]} for the themes and for the communes of these actions."""
    themes, communes = defaultdict(list), defaultdict(list)
    lien = ActionCollective.themes.through.objects.filter(actioncollective_id__in=action_ids)
    for a, t, libelle in lien.values_list("actioncollective_id", "themeaction_id", "themeaction__libelle"):
        themes[a].append((str(t), libelle))
    lien = ActionCollective.communes.through.objects.filter(actioncollective_id__in=action_ids)
    for a, code, nom in lien.values_list("actioncollective_id", "commune_id", "commune__nom"):
        communes[a].append((str(code), nom))
    return {"theme": themes, "commune": communes}


@source(NOM, "Actions collectives")
def source_actions_collectives(debut, fin):
    premier = date(debut.year, debut.month, 1)
    suivant = date(fin.year + (fin.month == 12), fin.month % 12 + 1, 1)
    cellules = defaultdict(int)
    actions = list(
        ActionCollective.objects.filter(debut__gte=premier, debut__lt=suivant).values_list("pk", "debut").order_by()
    )
    seances = list(
        Seance.objects.filter(date__gte=premier, date__lt=suivant)
        .annotate(m=TruncMonth("date"))
        .values_list("pk", "action_id", "m")
        .order_by()
    )
    comptes = dict(
        Participation.objects.filter(seance__in=[s[0] for s in seances])
        .values_list("seance_id")
        .annotate(n=Sum("nombre"))
        .order_by()
    )
    for seance_id, n in (
        Presence.objects.filter(seance__in=[s[0] for s in seances])
        .values_list("seance_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        comptes[seance_id] = comptes.get(seance_id, 0) + n
    axes = _axes({a for a, _ in actions} | {s[1] for s in seances})

    def compter(mesure, mois, action_id, n):
        cellules[(mois, mesure, "total", "Total")] += n
        for axe, par_action in axes.items():
            for cle, libelle in par_action.get(action_id) or ([SANS_TERRITOIRE] if axe == "commune" else []):
                cellules[(mois, f"{mesure}_{axe}", cle, libelle)] += n

    for action_id, jour in actions:
        compter("actions", _mois(jour), action_id, 1)
    for seance_id, action_id, mois in seances:
        compter("seances", _mois(mois), action_id, 1)
        if comptes.get(seance_id):
            compter("participants", _mois(mois), action_id, comptes[seance_id])
    for (mois, dimension, cle, libelle), n in cellules.items():
        yield mois, None, dimension, cle, libelle, n


def _seuil(mesure, seuil):
    """Attendances are people: the collectivité's threshold; actions and sessions count no one (1 hides nothing)."""
    return seuil if mesure == "participants" else 1


def tableaux(debut, fin, seuil):
    """The tables of developpement.statistiques: per month, theme and territory, one column per measure."""
    mesures = [m for m, _ in statistiques_actions.MESURES]
    t = {}
    lignes = defaultdict(lambda: dict.fromkeys(mesures, 0))
    for m in mesures:
        for r in par_mois(NOM, m, debut, fin, _seuil(m, seuil)):
            lignes[r["mois"]][m] = r["valeur"]
    t["mois"] = [{"libelle": f"{mois:%m/%Y}", **lignes[mois]} for mois in sorted(lignes)]
    for axe, _ in statistiques_actions.AXES:
        lignes, libelles = defaultdict(lambda: dict.fromkeys(mesures, 0)), {}
        for m in mesures:
            for r in lire(NOM, f"{m}_{axe}", debut, fin, _seuil(m, seuil)):
                lignes[r["cle"]][m] = r["valeur"]
                libelles[r["cle"]] = r["libelle"]
        ordre = sorted(lignes, key=lambda c: (-(lignes[c]["actions"] or 0), libelles[c]))
        t[axe] = [{"libelle": libelles[c], **lignes[c]} for c in ordre]
    return t


statistiques_actions.lire_par(tableaux)
