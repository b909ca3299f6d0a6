"""Import of the INSEE COG (départements, EPCI, communes) from the CSV files of ``shared/data`` or from the
official geo.api.gouv.fr JSON export.

Every row is read and checked before anything is written; the write is one transaction of bulk upserts, so an
import is idempotent and a malformed file leaves the database as it was.
"""

import csv
import json
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import EPCI, Commune, Departement

CODE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
CODE_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")
SIREN = re.compile(r"^\d{9}$")

GEO_API_COMMUNES = "/communes?fields=code,nom,population,centre,codesPostaux,codeEpci,codeDepartement,codeRegion"
GEO_API_DEPARTEMENTS = "/departements?fields=code,nom,codeRegion"
GEO_API_EPCI = "/epcis?fields=code,nom,population"


class FichierInvalide(Exception):
    """A malformed file: the message names the file, the line and the column."""

    def __init__(self, fichier, ligne, colonne, message):
        self.fichier, self.ligne, self.colonne = fichier, ligne, colonne
        where = f"{fichier}, ligne {ligne}" if isinstance(ligne, int) else f"{fichier}, {ligne}"
        if colonne:
            where += f", colonne « {colonne} »"
        super().__init__(f"{where} : {message}")


@dataclass
class DonneesCOG:
    departements: list = field(default_factory=list)
    epcis: list = field(default_factory=list)
    communes: list = field(default_factory=list)


def _entier(valeur, fichier, ligne, colonne):
    try:
        n = int(str(valeur).strip())
    except (TypeError, ValueError):
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » n'est pas un nombre entier.") from None
    if n < 0:
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » est négatif.")
    return n


def _coordonnee(valeur, fichier, ligne, colonne, limite):
    try:
        x = float(str(valeur).strip())
    except (TypeError, ValueError):
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » n'est pas une coordonnée.") from None
    if not -limite <= x <= limite:
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » est hors des bornes (±{limite}).")
    return x


def _texte(valeur, fichier, ligne, colonne):
    valeur = (valeur or "").strip()
    if not valeur:
        raise FichierInvalide(fichier, ligne, colonne, "valeur manquante.")
    return valeur


def _code(valeur, motif, fichier, ligne, colonne, quoi):
    valeur = (valeur or "").strip()
    if not motif.match(valeur):
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » n'est pas un {quoi} valide.")
    return valeur


def _lire_csv(chemin, colonnes):
    chemin = Path(chemin)
    if not chemin.exists():
        raise FichierInvalide(chemin.name, 0, None, "fichier introuvable.")
    with chemin.open(encoding="utf-8", newline="") as f:
        lecteur = csv.DictReader(f)
        manquantes = [c for c in colonnes if c not in (lecteur.fieldnames or [])]
        if manquantes:
            raise FichierInvalide(chemin.name, 1, manquantes[0], "colonne absente de l'en-tête.")
        for numero, ligne in enumerate(lecteur, start=2):
            if None in ligne or any(ligne[c] is None for c in colonnes):
                raise FichierInvalide(chemin.name, numero, None, "nombre de colonnes incorrect.")
            yield numero, ligne


def lire_dossier_csv(dossier, departements=None):
    """Read departements.csv, epci.csv and communes.csv; ``departements`` restricts the communes read."""
    dossier = Path(dossier)
    donnees = DonneesCOG()
    f = "departements.csv"
    for n, row in _lire_csv(dossier / f, ["code", "name", "region", "chef_lieu"]):
        donnees.departements.append(
            Departement(
                code=_code(row["code"], CODE_DEPARTEMENT, f, n, "code", "code de département"),
                nom=_texte(row["name"], f, n, "name"),
                region=row["region"].strip(),
                chef_lieu=row["chef_lieu"].strip(),
            )
        )
    f = "epci.csv"
    for n, row in _lire_csv(dossier / f, ["siren", "name", "type", "population"]):
        donnees.epcis.append(
            EPCI(
                siren=_code(row["siren"], SIREN, f, n, "siren", "SIREN"),
                nom=_texte(row["name"], f, n, "name"),
                type=row["type"].strip(),
                population=_entier(row["population"], f, n, "population"),
            )
        )
    f = "communes.csv"
    colonnes = [
        "insee_code",
        "name",
        "departement",
        "region",
        "epci_siren",
        "population",
        "postal_codes",
        "latitude",
        "longitude",
    ]
    for n, row in _lire_csv(dossier / f, colonnes):
        dep = _code(row["departement"], CODE_DEPARTEMENT, f, n, "departement", "code de département")
        if departements and dep not in departements:
            continue
        epci = row["epci_siren"].strip()
        if epci:
            _code(epci, SIREN, f, n, "epci_siren", "SIREN")
        donnees.communes.append(
            Commune(
                code=_code(row["insee_code"], CODE_COMMUNE, f, n, "insee_code", "code INSEE de commune"),
                nom=_texte(row["name"], f, n, "name"),
                departement_id=dep,
                region=row["region"].strip(),
                epci_id=epci or None,
                population=_entier(row["population"], f, n, "population"),
                codes_postaux=" ".join(row["postal_codes"].split()),
                latitude=_coordonnee(row["latitude"], f, n, "latitude", 90),
                longitude=_coordonnee(row["longitude"], f, n, "longitude", 180),
            )
        )
    _verifier_references(donnees, f)
    return donnees


def _lire_json(chemin):
    chemin = Path(chemin)
    try:
        data = json.loads(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FichierInvalide(chemin.name, 0, None, "fichier introuvable.") from None
    except json.JSONDecodeError as e:
        raise FichierInvalide(chemin.name, e.lineno, f"caractère {e.colno}", f"JSON invalide ({e.msg}).") from None
    if not isinstance(data, list):
        raise FichierInvalide(chemin.name, 1, None, "une liste JSON est attendue.")
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise FichierInvalide(chemin.name, f"élément {i}", None, "un objet JSON est attendu.")
        yield f"élément {i}", item


def lire_json_geo_api(communes, departements=None, epcis=None, selection=None):
    """Read the geo.api.gouv.fr export: ``/communes?fields=code,nom,population,centre,codesPostaux,codeEpci,…``."""
    donnees = DonneesCOG()
    if departements:
        f = Path(departements).name
        for n, item in _lire_json(departements):
            donnees.departements.append(
                Departement(
                    code=_code(item.get("code"), CODE_DEPARTEMENT, f, n, "code", "code de département"),
                    nom=_texte(item.get("nom"), f, n, "nom"),
                    region=str(item.get("codeRegion") or ""),
                )
            )
    if epcis:
        f = Path(epcis).name
        for n, item in _lire_json(epcis):
            donnees.epcis.append(
                EPCI(
                    siren=_code(item.get("code"), SIREN, f, n, "code", "SIREN"),
                    nom=_texte(item.get("nom"), f, n, "nom"),
                    population=_entier(item.get("population") or 0, f, n, "population"),
                )
            )
    f = Path(communes).name
    for n, item in _lire_json(communes):
        dep = _code(item.get("codeDepartement"), CODE_DEPARTEMENT, f, n, "codeDepartement", "code de département")
        if selection and dep not in selection:
            continue
        centre = item.get("centre") or {}
        coords = centre.get("coordinates") if isinstance(centre, dict) else None
        if not isinstance(coords, list) or len(coords) != 2:
            raise FichierInvalide(f, n, "centre", "point GeoJSON [longitude, latitude] attendu.")
        epci = item.get("codeEpci") or None
        if epci:
            _code(epci, SIREN, f, n, "codeEpci", "SIREN")
        donnees.communes.append(
            Commune(
                code=_code(item.get("code"), CODE_COMMUNE, f, n, "code", "code INSEE de commune"),
                nom=_texte(item.get("nom"), f, n, "nom"),
                departement_id=dep,
                region=str(item.get("codeRegion") or ""),
                epci_id=epci,
                population=_entier(item.get("population") or 0, f, n, "population"),
                codes_postaux=" ".join(item.get("codesPostaux") or []),
                latitude=_coordonnee(coords[1], f, n, "centre", 90),
                longitude=_coordonnee(coords[0], f, n, "centre", 180),
            )
        )
    _verifier_references(donnees, f)
    return donnees


def _verifier_references(donnees, fichier):
    """Every commune's département and EPCI must exist, in the files read or already in the database."""
    deps = {d.code for d in donnees.departements} | set(Departement.objects.values_list("code", flat=True))
    epcis = {e.siren for e in donnees.epcis} | set(EPCI.objects.values_list("siren", flat=True))
    vus = set()
    for c in donnees.communes:
        if c.code in vus:
            raise FichierInvalide(fichier, f"commune {c.code}", "code", "code INSEE en double.")
        vus.add(c.code)
        if c.departement_id not in deps:
            raise FichierInvalide(
                fichier, f"commune {c.code}", "departement", f"département {c.departement_id} inconnu."
            )
        if c.epci_id and c.epci_id not in epcis:
            raise FichierInvalide(fichier, f"commune {c.code}", "epci", f"EPCI {c.epci_id} inconnu.")


def telecharger_geo_api(base_url, dossier):
    """Download the three official JSON exports into ``dossier`` (used by the demo when no data directory is set)."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = {}
    for nom, chemin in (
        ("departements", GEO_API_DEPARTEMENTS),
        ("epcis", GEO_API_EPCI),
        ("communes", GEO_API_COMMUNES),
    ):
        cible = dossier / f"{nom}.json"
        with urllib.request.urlopen(base_url.rstrip("/") + chemin, timeout=60) as r:  # noqa: S310 (fixed host)
            cible.write_bytes(r.read())
        chemins[nom] = cible
    return chemins


def importer(donnees, progression=None, taille_lot=2000):
    """Write the data read, in one transaction. ``progression(n)`` is called after each batch."""
    with transaction.atomic():
        Departement.objects.bulk_create(
            donnees.departements,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["nom", "region", "chef_lieu"],
        )
        EPCI.objects.bulk_create(
            donnees.epcis,
            update_conflicts=True,
            unique_fields=["siren"],
            update_fields=["nom", "type", "population"],
        )
        champs = [
            "nom",
            "departement",
            "region",
            "epci",
            "population",
            "codes_postaux",
            "latitude",
            "longitude",
        ]
        for debut in range(0, len(donnees.communes), taille_lot):
            lot = donnees.communes[debut : debut + taille_lot]
            Commune.objects.bulk_create(lot, update_conflicts=True, unique_fields=["code"], update_fields=champs)
            if progression:
                progression(len(lot))
    return {
        "departements": len(donnees.departements),
        "epci": len(donnees.epcis),
        "communes": len(donnees.communes),
    }
