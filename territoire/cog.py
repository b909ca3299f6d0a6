"""Import of the INSEE COG (départements, EPCI, communes) from the CSV files of ``shared/data`` or from the
official geo.api.gouv.fr JSON export.

Every row is read and checked before anything is written; the write is one transaction of bulk upserts, so an
import is idempotent and a malformed file leaves the database as it was.
"""

import codecs
import csv
import io
import json
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import EPCI, Commune, Departement

CODE_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
CODE_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")
CODE_REGION = re.compile(r"^\d{2,3}$")
CODE_POSTAL = re.compile(r"^\d{5}$")
SIREN = re.compile(r"^\d{9}$")
CONTROLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ENTIER_MAX = 2_147_483_647  # PositiveIntegerField on PostgreSQL

GEO_API_COMMUNES = "/communes?fields=code,nom,population,centre,codesPostaux,codeEpci,codeDepartement,codeRegion"
GEO_API_DEPARTEMENTS = "/departements?fields=code,nom,codeRegion"
GEO_API_EPCI = "/epcis?fields=code,nom,population"


class FichierInvalide(Exception):
    """A malformed file: the message names the file, the line and the column (no line for a missing file)."""

    def __init__(self, fichier, ligne, colonne, message):
        self.fichier, self.ligne, self.colonne = fichier, ligne, colonne
        if ligne is None:
            where = fichier
        elif isinstance(ligne, int):
            where = f"{fichier}, ligne {ligne}"
        else:
            where = f"{fichier}, {ligne}"
        if colonne:
            where += f", colonne « {colonne} »"
        super().__init__(f"{where} : {message}")


@dataclass
class DonneesCOG:
    departements: list = field(default_factory=list)
    epcis: list = field(default_factory=list)
    communes: list = field(default_factory=list)


def _max(modele, champ):
    return modele._meta.get_field(champ).max_length


def _apercu(valeur):
    texte = json.dumps(valeur, ensure_ascii=False) if not isinstance(valeur, str) else valeur
    return texte if len(texte) <= 40 else texte[:40] + "…"


def _chaine(valeur, fichier, ligne, colonne, nombre=False):
    """The value as stripped text. A JSON number is accepted only for codes (``nombre``); a list, an object or a
    boolean never is. Control characters (NUL…) are refused: PostgreSQL cannot store NUL."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool) or not isinstance(valeur, (str, int)) or (isinstance(valeur, int) and not nombre):
        raise FichierInvalide(fichier, ligne, colonne, f"texte attendu, reçu {_apercu(valeur)}.")
    valeur = str(valeur).strip()
    if CONTROLE.search(valeur):
        raise FichierInvalide(fichier, ligne, colonne, "caractère de contrôle interdit (NUL, tabulation…).")
    return valeur


def _longueur(valeur, maximum, fichier, ligne, colonne):
    if len(valeur) > maximum:
        raise FichierInvalide(
            fichier, ligne, colonne, f"« {_apercu(valeur)} » dépasse {maximum} caractères ({len(valeur)})."
        )
    return valeur


def _entier(valeur, fichier, ligne, colonne):
    try:
        if isinstance(valeur, (bool, float)):
            raise ValueError
        n = int(str(valeur).strip())
    except (TypeError, ValueError):
        raise FichierInvalide(fichier, ligne, colonne, f"« {_apercu(valeur)} » n'est pas un nombre entier.") from None
    if n < 0:
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » est négatif.")
    if n > ENTIER_MAX:
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » est trop grand.")
    return n


def _coordonnee(valeur, fichier, ligne, colonne, limite):
    try:
        if isinstance(valeur, bool):
            raise ValueError
        x = float(str(valeur).strip())
    except (TypeError, ValueError):
        raise FichierInvalide(fichier, ligne, colonne, f"« {_apercu(valeur)} » n'est pas une coordonnée.") from None
    if not -limite <= x <= limite:
        raise FichierInvalide(fichier, ligne, colonne, f"« {valeur} » est hors des bornes (±{limite}).")
    return x


def _texte(valeur, maximum, fichier, ligne, colonne):
    valeur = _chaine(valeur, fichier, ligne, colonne)
    if not valeur:
        raise FichierInvalide(fichier, ligne, colonne, "valeur manquante.")
    return _longueur(valeur, maximum, fichier, ligne, colonne)


def _code(valeur, motif, fichier, ligne, colonne, quoi, facultatif=False):
    """A code; a JSON number is read as its digits when they make a valid code (46 → « 46 »), else refused."""
    texte = _chaine(valeur, fichier, ligne, colonne, nombre=True)
    if facultatif and not texte:
        return ""
    if not motif.match(texte):
        conseil = ""
        if isinstance(valeur, int):
            conseil = " (nombre reçu : un code s'écrit entre guillemets, les zéros initiaux sont perdus sinon)"
        raise FichierInvalide(fichier, ligne, colonne, f"« {texte} » n'est pas un {quoi} valide{conseil}.")
    return texte


def _codes_postaux(valeur, fichier, ligne, colonne):
    """Postal codes: a list (JSON), or one string of codes separated by spaces or commas."""
    if isinstance(valeur, list):
        codes = [_chaine(v, fichier, ligne, colonne, nombre=True) for v in valeur]
    else:
        codes = _chaine(valeur, fichier, ligne, colonne).replace(",", " ").split()
    for code in codes:
        _code(code, CODE_POSTAL, fichier, ligne, colonne, "code postal")
    return _longueur(" ".join(codes), _max(Commune, "codes_postaux"), fichier, ligne, colonne)


def _unique(vus, code, fichier, ligne, colonne):
    """A code met twice in one file: the upsert could not write it (PostgreSQL refuses to touch a row twice)."""
    if code in vus:
        deja = vus[code]
        ou = f"ligne {deja}" if isinstance(deja, int) else f"à l'{deja}"
        raise FichierInvalide(fichier, ligne, colonne, f"« {code} » en double : déjà présent {ou}.")
    vus[code] = ligne


def _lire_texte(chemin, entete_csv=False):
    """The file decoded as UTF-8 (a BOM is allowed); a byte that is not UTF-8 is named by its line and column."""
    chemin = Path(chemin)
    try:
        brut = chemin.read_bytes()
    except FileNotFoundError:
        raise FichierInvalide(chemin.name, None, None, "fichier introuvable.") from None
    if brut.startswith(codecs.BOM_UTF8):
        brut = brut[len(codecs.BOM_UTF8) :]
    try:
        return brut.decode("utf-8")
    except UnicodeDecodeError as e:
        numero = brut.count(b"\n", 0, e.start) + 1
        colonne = None
        if entete_csv and numero > 1:
            entete = next(csv.reader([brut.split(b"\n", 1)[0].decode("utf-8", "replace")]), [])
            avant = next(csv.reader([brut[brut.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8")]), [])
            rang = max(len(avant), 1) - 1
            colonne = entete[rang].strip() if rang < len(entete) else None
        raise FichierInvalide(
            chemin.name,
            numero,
            colonne,
            f"le fichier n'est pas encodé en UTF-8 (octet 0x{brut[e.start]:02X} invalide ; réenregistrez-le en UTF-8).",
        ) from None


def _lire_csv(chemin, colonnes):
    nom = Path(chemin).name
    lecteur = csv.DictReader(io.StringIO(_lire_texte(chemin, entete_csv=True), newline=""))
    try:
        manquantes = [c for c in colonnes if c not in (lecteur.fieldnames or [])]
        if manquantes:
            raise FichierInvalide(nom, 1, manquantes[0], "colonne absente de l'en-tête.")
        for numero, ligne in enumerate(lecteur, start=2):
            if None in ligne or any(ligne[c] is None for c in colonnes):
                raise FichierInvalide(nom, numero, None, "nombre de colonnes incorrect.")
            yield numero, ligne
    except csv.Error as e:
        message = str(e)
        if "field larger than field limit" in message:
            message = f"champ de plus de {csv.field_size_limit()} caractères (guillemet non refermé ?)."
        else:
            message = f"CSV mal formé ({message})."
        raise FichierInvalide(nom, lecteur.reader.line_num, None, message) from None


def lire_dossier_csv(dossier, departements=None):
    """Read departements.csv, epci.csv and communes.csv; ``departements`` restricts the communes read."""
    dossier = Path(dossier)
    donnees = DonneesCOG()
    f = "departements.csv"
    vus = {}
    for n, row in _lire_csv(dossier / f, ["code", "name", "region", "chef_lieu"]):
        code = _code(row["code"], CODE_DEPARTEMENT, f, n, "code", "code de département")
        _unique(vus, code, f, n, "code")
        donnees.departements.append(
            Departement(
                code=code,
                nom=_texte(row["name"], _max(Departement, "nom"), f, n, "name"),
                region=_code(row["region"], CODE_REGION, f, n, "region", "code région", facultatif=True),
                chef_lieu=_code(
                    row["chef_lieu"], CODE_COMMUNE, f, n, "chef_lieu", "code INSEE de commune", facultatif=True
                ),
            )
        )
    f = "epci.csv"
    vus = {}
    for n, row in _lire_csv(dossier / f, ["siren", "name", "type", "population"]):
        siren = _code(row["siren"], SIREN, f, n, "siren", "SIREN")
        _unique(vus, siren, f, n, "siren")
        donnees.epcis.append(
            EPCI(
                siren=siren,
                nom=_texte(row["name"], _max(EPCI, "nom"), f, n, "name"),
                type=_longueur(_chaine(row["type"], f, n, "type"), _max(EPCI, "type"), f, n, "type"),
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
    vus = {}
    for n, row in _lire_csv(dossier / f, colonnes):
        dep = _code(row["departement"], CODE_DEPARTEMENT, f, n, "departement", "code de département")
        if departements and dep not in departements:
            continue
        code = _code(row["insee_code"], CODE_COMMUNE, f, n, "insee_code", "code INSEE de commune")
        _unique(vus, code, f, n, "insee_code")
        donnees.communes.append(
            Commune(
                code=code,
                nom=_texte(row["name"], _max(Commune, "nom"), f, n, "name"),
                departement_id=dep,
                region=_code(row["region"], CODE_REGION, f, n, "region", "code région", facultatif=True),
                epci_id=_code(row["epci_siren"], SIREN, f, n, "epci_siren", "SIREN", facultatif=True) or None,
                population=_entier(row["population"], f, n, "population"),
                codes_postaux=_codes_postaux(row["postal_codes"], f, n, "postal_codes"),
                latitude=_coordonnee(row["latitude"], f, n, "latitude", 90),
                longitude=_coordonnee(row["longitude"], f, n, "longitude", 180),
            )
        )
    _verifier_references(donnees, f)
    return donnees


def _lire_json(chemin):
    nom = Path(chemin).name
    texte = _lire_texte(chemin)
    try:
        data = json.loads(texte)
    except json.JSONDecodeError as e:
        raise FichierInvalide(nom, e.lineno, f"caractère {e.colno}", f"JSON invalide ({e.msg}).") from None
    except RecursionError:
        raise FichierInvalide(nom, 1, None, "JSON trop imbriqué.") from None
    if not isinstance(data, list):
        raise FichierInvalide(nom, 1, None, "une liste JSON est attendue.")
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise FichierInvalide(nom, f"élément {i}", None, "un objet JSON est attendu.")
        yield f"élément {i}", item


def lire_json_geo_api(communes, departements=None, epcis=None, selection=None):
    """Read the geo.api.gouv.fr export: ``/communes?fields=code,nom,population,centre,codesPostaux,codeEpci,…``."""
    donnees = DonneesCOG()
    if departements:
        f = Path(departements).name
        vus = {}
        for n, item in _lire_json(departements):
            code = _code(item.get("code"), CODE_DEPARTEMENT, f, n, "code", "code de département")
            _unique(vus, code, f, n, "code")
            donnees.departements.append(
                Departement(
                    code=code,
                    nom=_texte(item.get("nom"), _max(Departement, "nom"), f, n, "nom"),
                    region=_code(
                        item.get("codeRegion"), CODE_REGION, f, n, "codeRegion", "code région", facultatif=True
                    ),
                )
            )
    if epcis:
        f = Path(epcis).name
        vus = {}
        for n, item in _lire_json(epcis):
            siren = _code(item.get("code"), SIREN, f, n, "code", "SIREN")
            _unique(vus, siren, f, n, "code")
            donnees.epcis.append(
                EPCI(
                    siren=siren,
                    nom=_texte(item.get("nom"), _max(EPCI, "nom"), f, n, "nom"),
                    population=_entier(item.get("population") or 0, f, n, "population"),
                )
            )
    f = Path(communes).name
    vus = {}
    for n, item in _lire_json(communes):
        dep = _code(item.get("codeDepartement"), CODE_DEPARTEMENT, f, n, "codeDepartement", "code de département")
        if selection and dep not in selection:
            continue
        code = _code(item.get("code"), CODE_COMMUNE, f, n, "code", "code INSEE de commune")
        _unique(vus, code, f, n, "code")
        centre = item.get("centre") or {}
        coords = centre.get("coordinates") if isinstance(centre, dict) else None
        if not isinstance(coords, list) or len(coords) != 2:
            raise FichierInvalide(f, n, "centre", "point GeoJSON [longitude, latitude] attendu.")
        donnees.communes.append(
            Commune(
                code=code,
                nom=_texte(item.get("nom"), _max(Commune, "nom"), f, n, "nom"),
                departement_id=dep,
                region=_code(item.get("codeRegion"), CODE_REGION, f, n, "codeRegion", "code région", facultatif=True),
                epci_id=_code(item.get("codeEpci"), SIREN, f, n, "codeEpci", "SIREN", facultatif=True) or None,
                population=_entier(item.get("population") or 0, f, n, "population"),
                codes_postaux=_codes_postaux(item.get("codesPostaux"), f, n, "codesPostaux"),
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
    for c in donnees.communes:
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
        with urllib.request.urlopen(base_url.rstrip("/") + chemin, timeout=60) as r:  # fixed host
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
