"""Reading a sectorisation CSV: one line per commune, ``code_insee;tis;tas``. Checked whole before any write."""

from dataclasses import dataclass

from config import fichiers_csv
from config.fichiers_csv import CONTROLE

from .models import Commune, TerritoireActionSociale, TerritoireInterventionSociale

COLONNES = ("code_insee", "tis", "tas")
LONGUEUR_TIS = TerritoireInterventionSociale._meta.get_field("nom").max_length
LONGUEUR_TAS = TerritoireActionSociale._meta.get_field("nom").max_length


@dataclass
class LigneSectorisation:
    commune: Commune
    tis: str
    tas: str


def lire_csv(contenu, departement_code):
    """Return (lines, errors); errors are ``(line number, message)`` in French, one per bad line."""
    entete, rows, erreurs = fichiers_csv.lire(contenu)
    if erreurs and not entete:
        return [], erreurs
    manquantes = [c for c in COLONNES if c not in entete]
    if manquantes:
        return [], [
            (
                1,
                f"Colonne(s) absente(s) de l'en-tête : {', '.join(manquantes)} (attendu : code_insee;tis;tas).",
            )
        ]
    lus = {}
    for numero, r in rows:
        lus[numero] = tuple((r.get(c) or "").strip() for c in COLONNES)
    codes = {code for code, _, _ in lus.values() if code and not CONTROLE.search(code)}
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    lignes, vues, tas_du_tis = [], {}, {}
    for numero, _ in rows:
        code, tis, tas = lus[numero]
        commune = communes.get(code)
        deja = tas_du_tis.get(tis.casefold())
        if not code:
            erreurs.append((numero, "code_insee manquant."))
        elif any(CONTROLE.search(v) for v in (code, tis, tas)):
            erreurs.append((numero, "caractère de contrôle interdit (NUL…)."))
        elif commune is None:
            erreurs.append((numero, f"commune « {code} » inconnue du COG."))
        elif commune.departement_id != departement_code:
            erreurs.append((numero, f"la commune {commune} n'est pas dans le département {departement_code}."))
        elif code in vues:
            erreurs.append((numero, f"la commune {commune} figure déjà ligne {vues[code]}."))
        elif not tis:
            erreurs.append((numero, "nom du TIS manquant."))
        elif not tas:
            erreurs.append((numero, "nom du TAS manquant."))
        elif len(tis) > LONGUEUR_TIS:
            erreurs.append((numero, f"le nom du TIS dépasse {LONGUEUR_TIS} caractères ({len(tis)})."))
        elif len(tas) > LONGUEUR_TAS:
            erreurs.append((numero, f"le nom du TAS dépasse {LONGUEUR_TAS} caractères ({len(tas)})."))
        elif deja and deja[0].casefold() != tas.casefold():
            erreurs.append((numero, f"le TIS « {tis} » est déjà rattaché au TAS « {deja[0]} » ligne {deja[1]}."))
        else:
            vues[code] = numero
            tas_du_tis.setdefault(tis.casefold(), (tas, numero))
            lignes.append(LigneSectorisation(commune, tis, tas))
    erreurs.sort(key=lambda e: e[0])
    if not rows and not erreurs:
        erreurs.append((2, "Le fichier ne contient aucune ligne."))
    return lignes, erreurs
