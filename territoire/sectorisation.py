"""Reading a sectorisation CSV: one line per commune, ``code_insee;tis;tas``. Checked whole before any write."""

import csv
import io
from dataclasses import dataclass

from .models import Commune

COLONNES = ("code_insee", "tis", "tas")


@dataclass
class LigneSectorisation:
    commune: Commune
    tis: str
    tas: str


def lire_csv(contenu, departement_code):
    """Return (lines, errors); errors are ``(line number, message)`` in French, one per bad line."""
    if isinstance(contenu, bytes):
        try:
            contenu = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [(1, "Le fichier doit être encodé en UTF-8.")]
    try:
        dialecte = csv.Sniffer().sniff(contenu.splitlines()[0] if contenu else "", delimiters=";,")
    except csv.Error:
        dialecte = csv.excel
    lecteur = csv.DictReader(io.StringIO(contenu), dialect=dialecte)
    entete = [c.strip().lower() for c in (lecteur.fieldnames or [])]
    manquantes = [c for c in COLONNES if c not in entete]
    if manquantes:
        return [], [
            (
                1,
                f"Colonne(s) absente(s) de l'en-tête : {', '.join(manquantes)} (attendu : code_insee;tis;tas).",
            )
        ]
    lecteur.fieldnames = entete
    rows = list(enumerate(lecteur, start=2))
    codes = {(r.get("code_insee") or "").strip() for _, r in rows}
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    lignes, erreurs, vues = [], [], {}
    for numero, r in rows:
        code = (r.get("code_insee") or "").strip()
        tis = (r.get("tis") or "").strip()
        tas = (r.get("tas") or "").strip()
        commune = communes.get(code)
        if not code:
            erreurs.append((numero, "code_insee manquant."))
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
        else:
            vues[code] = numero
            lignes.append(LigneSectorisation(commune, tis[:150], tas[:150]))
    if not rows:
        erreurs.append((2, "Le fichier ne contient aucune ligne."))
    return lignes, erreurs
