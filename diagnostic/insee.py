"""Import of official INSEE files by commune, for the data pack (docs/diagnostic.md §4).

Two files of INSEE's statistics by commune (« statistiques locales », CSV with « ; »), read as published:

- **« Base comparateur de territoires »** (``base_cc_comparateur.csv``): population at the last two censuses,
  households, dwellings, fiscal households, median disposable income, poverty rate, active population and
  unemployed aged 15–64;
- **« Évolution et structure de la population »** (``base-cc-evol-struct-pop-<année>.csv``): the population by age
  band.

The vintage is in the column names (``P21_POP``, ``MED21``, ``TP6021``): the importer finds each column by its
pattern, so a later vintage reads the same way, and keeps the vintage with each figure. Like the COG importer, every
row is checked before anything is written and a file with a bad row writes nothing: each bad row is reported in
French with its line and column. Communes absent from the COG imported here (another département) are skipped and
counted. An empty cell is a figure INSEE does not publish (statistical or fiscal secrecy): it is not stored, and the
pack says it is missing and why.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from config import fichiers_csv
from territoire.models import Commune

from .models import DonneeInsee

CODE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
VALEUR_MAX = Decimal("100000000000")
NON_PUBLIE = {"", "s", "nd", "na"}  # empty, or INSEE's « secret » / « non disponible »

COMPARATEUR = "comparateur"
STRUCTURE_POPULATION = "structure_population"

# (pack code, column pattern (lower case: the shared CSV reader lower-cases the header), required, percentage)
COLONNES = {
    COMPARATEUR: [
        ("population", r"p(\d\d)_pop", True, False),
        ("menages", r"p(\d\d)_men", False, False),
        ("logements", r"p(\d\d)_log", False, False),
        ("residences_principales", r"p(\d\d)_rp", False, False),
        ("logements_vacants", r"p(\d\d)_logvac", False, False),
        ("menages_fiscaux", r"nbmenfisc(\d\d)", False, False),
        ("revenu_median", r"med(\d\d)", False, False),
        ("taux_pauvrete", r"tp60(\d\d)", False, True),
        ("actifs_15_64", r"p(\d\d)_act1564", False, False),
        ("chomeurs_15_64", r"p(\d\d)_chom1564", False, False),
    ],
    STRUCTURE_POPULATION: [
        ("age_0_14", r"p(\d\d)_pop0014", True, False),
        ("age_15_29", r"p(\d\d)_pop1529", True, False),
        ("age_30_44", r"p(\d\d)_pop3044", True, False),
        ("age_45_59", r"p(\d\d)_pop4559", True, False),
        ("age_60_74", r"p(\d\d)_pop6074", True, False),
        ("age_75_89", r"p(\d\d)_pop7589", True, False),
        ("age_90_plus", r"p(\d\d)_pop90p", True, False),
    ],
}

NOMS_FICHIERS = {
    COMPARATEUR: "base comparateur de territoires",
    STRUCTURE_POPULATION: "évolution et structure de la population",
}


@dataclass
class Lecture:
    fichier: str
    nom: str
    lignes: list = field(default_factory=list)  # DonneeInsee not saved yet
    erreurs: list = field(default_factory=list)  # French messages naming the line and the column
    ignorees: int = 0  # communes outside the COG imported here
    communes: set = field(default_factory=set)


def _colonnes(entete, format_):
    """Each pack code's column and vintage; the population of the older census as ``population_precedente``."""
    trouvees, manquantes = {}, []
    for code, motif, requise, pourcentage in COLONNES[format_]:
        annees = sorted((int(m.group(1)), col) for col in entete if (m := re.fullmatch(motif, col)) is not None)
        if not annees:
            if requise:
                manquantes.append(motif.replace(r"(\d\d)", "AA").upper())
            continue
        trouvees[code] = (annees[-1][1], 2000 + annees[-1][0], pourcentage)
        if code == "population" and len(annees) > 1:
            trouvees["population_precedente"] = (annees[0][1], 2000 + annees[0][0], False)
    return trouvees, manquantes


def _valeur(brut, pourcentage):
    """A published figure (INSEE's decimals use « . »; « , » is accepted), or None when not published."""
    texte = (brut or "").strip()
    if texte.lower() in NON_PUBLIE:
        return None
    try:
        valeur = Decimal(texte.replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"« {texte[:20]} » n'est pas un nombre.") from None
    if not valeur.is_finite() or valeur < 0:
        raise ValueError(f"« {texte[:20]} » : un nombre positif est attendu.")
    if pourcentage and valeur > 100:
        raise ValueError(f"« {texte[:20]} » : un pourcentage ne dépasse pas 100.")
    if valeur >= VALEUR_MAX:
        raise ValueError(f"« {texte[:20]} » : nombre démesuré.")
    return valeur.quantize(Decimal("0.0001"))


def lire(contenu, format_, nom_fichier):
    """Read and check every row of one file; nothing is written here."""
    lecture = Lecture(fichier=format_, nom=nom_fichier)
    entete, rangees, erreurs = fichiers_csv.lire(contenu)
    lecture.erreurs += [f"{nom_fichier}, ligne {n} : {m}" for n, m in erreurs]
    if not entete:
        lecture.erreurs.append(f"{nom_fichier} : fichier vide.")
        return lecture
    if "codgeo" not in entete:
        lecture.erreurs.append(f"{nom_fichier}, ligne 1, colonne « CODGEO » : colonne absente de l'en-tête.")
        return lecture
    colonnes, manquantes = _colonnes(entete, format_)
    for motif in manquantes:
        lecture.erreurs.append(f"{nom_fichier}, ligne 1, colonne « {motif} » : colonne absente de l'en-tête.")
    if manquantes:
        return lecture
    connues = set(Commune.objects.values_list("code", flat=True))
    vues = {}
    for numero, rangee in rangees:
        ou = f"{nom_fichier}, ligne {numero}"
        if None in rangee or any(v is None for v in rangee.values()):
            lecture.erreurs.append(f"{ou} : nombre de colonnes incorrect.")
            continue
        code = (rangee["codgeo"] or "").strip()
        if not CODE_COMMUNE.match(code):
            lecture.erreurs.append(f"{ou}, colonne « CODGEO » : « {code[:20]} » n'est pas un code commune Insee.")
            continue
        if code in vues:
            lecture.erreurs.append(f"{ou}, colonne « CODGEO » : « {code} » en double (déjà ligne {vues[code]}).")
            continue
        vues[code] = numero
        valeurs = {}
        for pack_code, (colonne, millesime, pourcentage) in colonnes.items():
            try:
                valeurs[pack_code] = (_valeur(rangee[colonne], pourcentage), millesime)
            except ValueError as e:
                lecture.erreurs.append(f"{ou}, colonne « {colonne.upper()} » : {e}")
        if code not in connues:
            lecture.ignorees += 1
            continue
        lecture.communes.add(code)
        lecture.lignes += [
            DonneeInsee(commune_id=code, code=c, fichier=format_, millesime=m, valeur=v)
            for c, (v, m) in valeurs.items()
            if v is not None
        ]
    return lecture


def lire_fichier(chemin, format_):
    chemin = Path(chemin)
    try:
        contenu = chemin.read_bytes()
    except OSError:
        return Lecture(fichier=format_, nom=chemin.name, erreurs=[f"{chemin.name} : fichier introuvable ou illisible."])
    return lire(contenu, format_, chemin.name)


@transaction.atomic
def importer(lectures):
    """Write the files read without error: for each commune of a file, its figures from that file replace the
    previous ones (a figure no longer published disappears). Refuses if any file has an error."""
    if any(lecture.erreurs for lecture in lectures):
        raise ValueError("Fichier invalide : rien n'est importé.")
    total = 0
    for lecture in lectures:
        DonneeInsee.objects.filter(fichier=lecture.fichier, commune_id__in=lecture.communes).delete()
        DonneeInsee.objects.bulk_create(lecture.lignes, batch_size=5000)
        total += len(lecture.lignes)
    return total
