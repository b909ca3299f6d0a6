"""The statistics of the collective actions on their pages (docs/developpement.md §13).

The figures are the monthly rollup of the indicators app (source « actions_collectives »,
``indicateurs/sources_developpement.py``), refreshed by the worker like every rollup. This app sits below
``indicateurs`` and does not import it: the indicators app says, in its ``AppConfig.ready()``, how to read the rollup
(``lire_par``), as it does for the published coverage (territoire.couverture.publier_par).

The tables: per month, per theme and per territory (commune of the action), three measures — actions started,
sessions held, attendances (persons counted at a session plus identified participants present). Attendances are
counts of people: they go through the small-cell rule. Actions and sessions count no one and are shown as they are.
"""

MESURES = [("actions", "Actions commencées"), ("seances", "Séances"), ("participants", "Participations")]
AXES = [("theme", "Thème"), ("commune", "Territoire")]

_LECTEUR = []


def lire_par(fonction):
    """Register ``fonction(debut, fin, seuil) -> {"mois": [...], "theme": [...], "commune": [...]}``, each a list of
    rows ``{"libelle", "actions", "seances", "participants"}`` (``None`` for a hidden cell)."""
    _LECTEUR[:] = [fonction]


def tableaux(debut, fin, seuil):
    """The tables of the period, or None when no reader is registered."""
    return _LECTEUR[0](debut, fin, seuil) if _LECTEUR else None


ENTETE_EXPORT = ["Axe", "Libellé"] + [libelle for _, libelle in MESURES]


def lignes_export(t):
    """One row per month, theme and territory; a hidden cell reads « secret » (the export's ``nul``)."""
    for axe, libelle_axe in [("mois", "Mois"), *AXES]:
        for ligne in t[axe]:
            yield [libelle_axe, ligne["libelle"], *(ligne[m] for m, _ in MESURES)]
