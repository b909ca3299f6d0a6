"""Statistics of the aids for the structures that run them (docs/aides.md §11): applications, decisions and amounts by
scheme, month, outcome, commune of residence and household type; the budget consumed against the year's budget; the
average delay from an application to its decision.

The figures are read from the monthly rollups that the worker maintains: the source that writes them is
``indicateurs/sources_aides.py``. ``aides`` sits below ``indicateurs`` and may not import it, so the source registers
its reader here (``enregistrer_lecteur``, docs/architecture.md §5). This module names the rollup's dimensions — the
scheme is part of the dimension, ``commune:12``, so that a structure reads its own schemes only — and applies the
small-cell rule when the cells are read (``config.secret_statistique``): each breakdown of a count is protected, an
amount is shown only where the count it adds up is shown, an average delay only over enough decisions. The year's
totals per scheme (budget, committed, paid, remaining) are the scheme's budget lines and are shown as they are, as on
the budget page and in the activity report.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from config.secret_statistique import SECRET, proteger

from .enums import Sens, TypeFoyer

SOURCE = "aides"
DEMANDES = "demandes"  # applications per scheme: the key is the scheme's id
# the other dimensions carry the scheme: f"{nom}:{dispositif_id}"
COMMUNE, FOYER, DECISION = "commune", "foyer", "decision"
ACCORDEES_COMMUNE, MONTANT_COMMUNE = "accordees_commune", "montant_commune"
ACCORDEES_FOYER, MONTANT_FOYER = "accordees_foyer", "montant_foyer"
MONTANT, VERSE, DELAI = "montant", "verse", "delai"
PAR_DISPOSITIF = (
    COMMUNE,
    FOYER,
    DECISION,
    ACCORDEES_COMMUNE,
    MONTANT_COMMUNE,
    ACCORDEES_FOYER,
    MONTANT_FOYER,
    MONTANT,
    VERSE,
    DELAI,
)
TOTAL = "total"
MINUTES, NOMBRE = "minutes", "nombre"  # the delay: minutes summed over the decisions, and their number
SANS_COMMUNE = "inconnue"

_LECTEURS = []


def enregistrer_lecteur(fonction):
    """``fonction(dispositifs_ids, debut, fin)`` returns the raw cells of those schemes over the months from ``debut``
    to ``fin``: dicts ``{dimension, cle, libelle, mois, valeur}`` (registered by indicateurs/sources_aides.py)."""
    _LECTEURS[:] = [fonction]


def dimension(nom, dispositif_id):
    return f"{nom}:{dispositif_id}"


def centimes(montant):
    """An amount as the rollup stores it (whole numbers only)."""
    return int((Decimal(montant or 0) * 100).quantize(Decimal("1")))


def euros(centimes_):
    return (Decimal(centimes_) / 100).quantize(Decimal("0.01"))


@dataclass
class Tableau:
    nom: str
    titre: str
    colonnes: list
    lignes: list = field(default_factory=list)


TITRES = {
    "budget": "Budget consommé par dispositif",
    "mois": "Demandes, décisions et montants accordés par mois",
    "decisions": "Décisions par dispositif et par sens",
    "communes": "Demandes et aides accordées par commune de résidence",
    "foyers": "Demandes et aides accordées par composition du foyer",
}


class _Cellules:
    """The raw cells read, summed over the year or kept per month."""

    def __init__(self, lignes):
        self.annee, self.libelles, self.mois = {}, {}, {}
        for r in lignes:
            cle = (r["dimension"], r["cle"])
            self.annee[cle] = self.annee.get(cle, 0) + r["valeur"]
            self.libelles.setdefault(cle, r["libelle"])
            self.mois[(*cle, r["mois"])] = self.mois.get((*cle, r["mois"]), 0) + r["valeur"]

    def total(self, nom, d, cle=TOTAL):
        return self.annee.get((dimension(nom, d), cle), 0)

    def repartition(self, nom, d):
        """``{cle: (libelle, valeur)}`` of one scheme's breakdown over the year."""
        prefixe = dimension(nom, d)
        return {cle: (self.libelles[(dim, cle)], v) for (dim, cle), v in self.annee.items() if dim == prefixe}


def _proteger(valeurs, seuil):
    """``{cle: count}`` → ``{cle: count or None}`` under the small-cell rule (one breakdown)."""
    lignes = [{"cle": cle, "libelle": str(cle), "valeur": v} for cle, v in valeurs.items()]
    return {r["cle"]: r["valeur"] for r in proteger(lignes, seuil)}


def _montant_si(compte, centimes_):
    """An amount shown only where the count of the aids it adds up is shown."""
    return None if compte is None else euros(centimes_)


def _delai_moyen(cellules, d, seuil):
    nombre = cellules.total(DELAI, d, NOMBRE)
    if nombre == 0:
        return "—"
    if nombre < seuil:
        return None
    return round(Decimal(cellules.total(DELAI, d, MINUTES)) / nombre / 1440, 1)


def tableaux(dispositifs, annee, seuil, noms=None):
    """The tables of the statistics page for these schemes (their structures' own), the small cells hidden (None)."""
    dispositifs = list(dispositifs)
    if not _LECTEURS or not dispositifs:
        return []
    lues = _Cellules(_LECTEURS[0]([d.pk for d in dispositifs], date(annee, 1, 1), date(annee, 12, 31)))
    choisis = [n for n in TITRES if noms is None or n in noms]
    construits = {
        "budget": _budget,
        "mois": _par_mois,
        "decisions": _decisions,
        "communes": lambda ds, c, s: _residence(ds, c, s, COMMUNE, ACCORDEES_COMMUNE, MONTANT_COMMUNE, "Commune"),
        "foyers": lambda ds, c, s: _residence(ds, c, s, FOYER, ACCORDEES_FOYER, MONTANT_FOYER, "Composition du foyer"),
    }
    return [Tableau(nom, TITRES[nom], *construits[nom](dispositifs, lues, seuil)) for nom in choisis]


def _budget(dispositifs, cellules, seuil):
    demandes = _proteger({d.pk: cellules.annee.get((DEMANDES, str(d.pk)), 0) for d in dispositifs}, seuil)
    lignes = []
    for d in dispositifs:
        engage, verse = euros(cellules.total(MONTANT, d.pk)), euros(cellules.total(VERSE, d.pk))
        consomme = (engage / d.budget_annuel * 100).quantize(Decimal("0.1")) if d.budget_annuel else "—"
        lignes.append(
            [
                d.nom,
                d.structure.nom,
                d.budget_annuel,
                engage,
                verse,
                d.budget_annuel - engage,
                consomme,
                demandes[d.pk],
                _delai_moyen(cellules, d.pk, seuil),
            ]
        )
    colonnes = [
        "Dispositif",
        "Structure",
        "Budget (€)",
        "Engagé (€)",
        "Versé dans l'année (€)",
        "Restant (€)",
        "Consommé (%)",
        "Demandes",
        "Délai moyen de décision (jours)",
    ]
    return colonnes, lignes


def _par_mois(dispositifs, cellules, seuil):
    lignes = []
    for d in dispositifs:
        colonnes_comptees = [
            (DEMANDES, str(d.pk)),
            *[(dimension(DECISION, d.pk), s) for s in (Sens.ACCORDEE, Sens.REFUSEE, Sens.AJOURNEE)],
        ]
        mois = sorted({m for (dim, cle, m) in cellules.mois if (dim, cle) in colonnes_comptees})
        # each column of one scheme is its own breakdown over the months
        protegees = [_proteger({m: cellules.mois.get((*col, m), 0) for m in mois}, seuil) for col in colonnes_comptees]
        montants = {m: cellules.mois.get((dimension(MONTANT, d.pk), TOTAL, m), 0) for m in mois}
        for m in mois:
            comptes = [p[m] for p in protegees]
            lignes.append([d.nom, f"{m:%m/%Y}", *comptes, _montant_si(comptes[1], montants[m])])
    return ["Dispositif", "Mois", "Demandes", "Accordées", "Refusées", "Ajournées", "Montant accordé (€)"], lignes


def _decisions(dispositifs, cellules, seuil):
    lignes = []
    for d in dispositifs:
        comptes = {s: cellules.total(DECISION, d.pk, s) for s in Sens.values}
        protegees = _proteger(comptes, seuil)
        lignes += [[d.nom, Sens(s).label, protegees[s]] for s in Sens.values]
    return ["Dispositif", "Décision", "Nombre"], lignes


def _residence(dispositifs, cellules, seuil, nom, nom_accordees, nom_montant, colonne):
    lignes = []
    for d in dispositifs:
        demandes = cellules.repartition(nom, d.pk)
        if nom == FOYER:  # every household type, in the scheme's order, even at zero
            demandes = {t: demandes.get(t, (libelle, 0)) for t, libelle in TypeFoyer.choices}
        accordees = cellules.repartition(nom_accordees, d.pk)
        cles = list(demandes) + sorted(set(accordees) - set(demandes), key=lambda c: accordees[c][0])
        if nom != FOYER:
            cles.sort(key=lambda c: (demandes.get(c) or accordees[c])[0])
        p_demandes = _proteger({c: demandes.get(c, ("", 0))[1] for c in cles}, seuil)
        p_accordees = _proteger({c: accordees.get(c, ("", 0))[1] for c in cles}, seuil)
        for c in cles:
            libelle = (demandes.get(c) or accordees[c])[0]
            montant = cellules.total(nom_montant, d.pk, c)
            lignes.append([d.nom, libelle, p_demandes[c], p_accordees[c], _montant_si(p_accordees[c], montant)])
    return ["Dispositif", colonne, "Demandes", "Aides accordées", "Montant accordé (€)"], lignes


def affiche(valeur):
    """How a cell reads on the page: « secret » for a hidden one."""
    return SECRET if valeur is None else valeur
