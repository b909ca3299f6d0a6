"""The dashboard's tables, built from the snapshots and the rollups only. The page, the CSV/XLSX exports, the API and
the PDF report all read them here, so the numbers are the same everywhere."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from config import graphiques

from . import statistiques
from .enums import UNITES, Indicateur, Periodicite
from .models import Cible, Instantane

NON_CALCULE = "non calculé"  # not computed yet: never shown as « secret », which means a small cell hidden
MOIS_COURTS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


@dataclass
class Tableau:
    nom: str
    titre: str
    colonnes: list
    lignes: list = field(default_factory=list)
    graphique: str = ""

    @property
    def vide(self):
        return not self.lignes


def _periode(annee):
    return date(annee, 1, 1), date(annee, 12, 31)


def instantanes_de_l_annee(annee, avec_detail=False):
    """The snapshot that stands for each indicator's value in ``annee`` (Instantane.valeurs_de_l_annee)."""
    qs = Instantane.objects.all()
    return (qs if avec_detail else qs.defer("detail", "methode")).valeurs_de_l_annee(annee)


def valeur_du_tableau(valeur, unite):
    """A count is a whole number (« 8 professionnels », never « 8,0 »), a percentage keeps one decimal."""
    if valeur is None:
        return NON_CALCULE
    arrondi = round(valeur, 1) if unite == "%" else round(valeur)
    return int(arrondi) if float(arrondi).is_integer() else arrondi


def tableau_indicateurs(annee, derniers=None):
    derniers = instantanes_de_l_annee(annee) if derniers is None else derniers
    cibles = {c.indicateur: c for c in Cible.objects.filter(annee=annee)}
    lignes, jauges = [], []
    for ind in Indicateur:
        i = derniers.get(ind.value)
        cible = cibles.get(ind.value)
        if i is not None:  # the target a snapshot was computed against, not today's
            valeur_cible = i.cible if i.cible is not None else i.cible_libelle
        else:
            valeur_cible = cible.valeur if cible and cible.valeur is not None else (cible.libelle if cible else "")
        if isinstance(valeur_cible, float):
            valeur_cible = valeur_du_tableau(valeur_cible, UNITES[ind])
        lignes.append(
            [
                ind.label,
                NON_CALCULE if i is None else valeur_du_tableau(i.valeur, UNITES[ind]),
                UNITES[ind],
                valeur_cible,
                "" if i is None else f"{i.debut:%d/%m/%Y} – {i.fin:%d/%m/%Y}",
                "" if i is None else timezone.localtime(i.calcule_le).strftime("%d/%m/%Y %H:%M"),
            ]
        )
        jauges.append(
            (
                ind.label,
                None if i is None else i.valeur,
                UNITES[ind],
                valeur_cible if isinstance(valeur_cible, int | float) else None,
            )
        )
    return Tableau(
        "indicateurs",
        f"Indicateurs de la charte — {annee}",
        ["Indicateur", "Valeur", "Unité", "Cible", "Période", "Calculé le"],
        lignes,
        graphiques.jauges(jauges, f"Les cinq indicateurs de la charte en {annee}, cible en rouge")
        if any(j[1] is not None for j in jauges)
        else "",
    )


def annees_calculees():
    return sorted(
        {
            d.year
            for d in Instantane.objects.exclude(periodicite=Periodicite.MENSUELLE)
            .filter(debut__month=1, debut__day=1)
            .values_list("debut", flat=True)
        }
    )


def tableau_tendances():
    """Each indicator's value year by year (the snapshot that stands for the year, never a monthly one)."""
    annees = annees_calculees()
    par_annee = {a: Instantane.objects.only("indicateur", "fin", "valeur").valeurs_de_l_annee(a) for a in annees}
    lignes = [
        [
            ind.label,
            *[valeur_du_tableau(getattr(par_annee[a].get(ind.value), "valeur", None), UNITES[ind]) for a in annees],
        ]
        for ind in Indicateur
    ]
    return Tableau("tendances", "Évolution des indicateurs", ["Indicateur", *[str(a) for a in annees]], lignes)


def _tableau_stat(nom, titre, source, dimension, debut, fin, seuil, lieux, communes=None, limite=None):
    if dimension == "total_lieu":
        lignes = statistiques.par_lieu(source, debut, fin, seuil, lieux)
    else:
        lignes = statistiques.lire(source, dimension, debut, fin, seuil, lieux, communes)
    if limite:
        lignes = lignes[:limite]
    return Tableau(
        nom,
        titre,
        ["Libellé", "Nombre"],
        [[r["libelle"], r["valeur"]] for r in lignes],
        graphiques.barres([(r["libelle"], r["valeur"], None) for r in lignes[:15]], titre) if lignes else "",
    )


def _tableau_mensuel(nom, titre, source, dimension, debut, fin, seuil, lieux, communes=None):
    lignes = statistiques.par_mois(source, dimension, debut, fin, seuil, lieux)
    points = [(f"{MOIS_COURTS[r['mois'].month - 1]} {r['mois']:%y}", r["valeur"]) for r in lignes]
    return Tableau(
        nom,
        titre,
        ["Mois", "Nombre"],
        [[f"{r['mois']:%m/%Y}", r["valeur"]] for r in lignes],
        graphiques.colonnes(points, titre) if points else "",
    )


def tableaux_statistiques(annee, seuil, lieux=None, communes=None):
    """``lieux``: the sites selected (None: all); ``communes``: the communes of the selected territory, for the
    residence tables (not counted per site: with sites but no territory they are left out)."""
    debut, fin = _periode(annee)
    a = (debut, fin, seuil, lieux, communes)
    tableaux = [
        _tableau_mensuel("passages_mois", "Passages par mois", "passages", "total", *a),
        _tableau_stat("passages_motif", "Passages par motif", "passages", "motif", *a),
        _tableau_stat("passages_canal", "Passages par canal", "passages", "canal", *a),
        _tableau_stat("passages_lieu", "Passages par lieu d'accueil", "passages", "total_lieu", *a),
        _tableau_stat("passages_commune", "Passages par commune de résidence", "passages", "commune", *a, limite=30),
        _tableau_stat("passages_epci", "Passages par EPCI de résidence", "passages", "epci", *a),
        _tableau_stat("orientations_resultat", "Orientations par résultat", "orientations", "resultat", *a),
        _tableau_stat("orientations_delai", "Orientations par délai de réponse", "orientations", "delai", *a),
    ]
    if lieux is None:
        tableaux.insert(1, _tableau_mensuel("personnes_mois", "Personnes distinctes par mois", "personnes", "mois", *a))
        tableaux += [
            _tableau_stat(
                "accompagnements_ouverts", "Accompagnements ouverts par type", "accompagnements", "ouverts_type", *a
            ),
            _tableau_stat("accompagnements_clos", "Accompagnements clos par type", "accompagnements", "clos_type", *a),
            _tableau_stat(
                "accompagnements_issue", "Accompagnements clos par issue", "accompagnements", "clos_issue", *a
            ),
            _tableau_stat("ingenierie_type", "Demandes d'ingénierie par type de projet", "ingenierie", "type", *a),
            _tableau_stat("ingenierie_niveau", "Demandes d'ingénierie par niveau", "ingenierie", "niveau", *a),
            _tableau_stat("ingenierie_etat", "Demandes d'ingénierie par état", "ingenierie", "etat", *a),
        ]
    return tableaux


def tous_les_tableaux(annee, seuil, lieux=None, communes=None):
    return [tableau_indicateurs(annee), tableau_tendances(), *tableaux_statistiques(annee, seuil, lieux, communes)]
