"""Import of structures (and their first reception site) from CSV: every line is checked first, the report names
each bad line, and nothing is written unless the whole file is right.

Columns: nom;type;siret;commune_insee;adresse;telephone;email;lieu_nom;type_accueil;horaires
"""

from django.core.exceptions import ValidationError

from collectivites.telephone import normaliser, valider
from config import fichiers_csv
from config.fichiers_csv import CONTROLE
from territoire.models import Commune

from .enums import TypeAccueil, TypeStructure
from .models import LieuAccueil, Structure

COLONNES = [
    "nom",
    "type",
    "siret",
    "commune_insee",
    "adresse",
    "telephone",
    "email",
    "lieu_nom",
    "type_accueil",
    "horaires",
]


# docs/securite.md §21: each column is checked by the model field it is written to (its max_length, its validators: the
# e-mail's syntax, the SIRET's key, the opening hours), the bound the forms and the API share: the import never stores
# a value cut short or one a form would refuse.
CHAMPS = {
    "siret": Structure._meta.get_field("siret"),
    "adresse": Structure._meta.get_field("adresse"),
    "telephone": Structure._meta.get_field("telephone"),
    "email": Structure._meta.get_field("email"),
    "lieu_nom": LieuAccueil._meta.get_field("nom"),
    "horaires": LieuAccueil._meta.get_field("horaires"),
}
CHAMPS_DU_LIEU = {"lieu_nom", "horaires"}


def _hors_des_bornes(v):
    problemes = []
    for colonne, champ in CHAMPS.items():
        if not v[colonne] or (colonne in CHAMPS_DU_LIEU and not v["lieu_nom"]):
            continue
        try:
            # a phone number's rule is its validity, not a length (collectivites/telephone.py)
            valider(v[colonne]) if colonne == "telephone" else champ.clean(v[colonne], None)
        except ValidationError as e:
            problemes.append(f"{colonne} : {' '.join(e.messages)}")
    return problemes


def lire(contenu):
    """(rows ready to write, [(line, message)])."""
    entete, rangees, erreurs = fichiers_csv.lire(contenu)
    if erreurs and not entete:
        return [], erreurs
    manquantes = [c for c in ("nom", "type", "commune_insee") if c not in entete]
    if manquantes:
        return [], [(1, f"Colonne(s) absente(s) : {', '.join(manquantes)}.")]
    existants = {n.lower() for n in Structure.objects.values_list("nom", flat=True)}
    # a site's name is unique in the collectivité too (lieu_nom_unique): a clash is a line error, not a server error
    lieux_existants = set(LieuAccueil.objects.values_list("nom", flat=True))
    vus, lieux_vus, lignes = {}, {}, []
    communes = {
        c.code: c for c in Commune.objects.filter(code__in={(r.get("commune_insee") or "").strip() for _, r in rangees})
    }
    for numero, r in rangees:
        v = {c: (r.get(c) or "").strip() for c in COLONNES}
        problemes = []
        if any(CONTROLE.search(x) for x in v.values()):
            problemes.append("caractère de contrôle interdit (NUL…)")
        if not v["nom"] or len(v["nom"]) > 200:
            problemes.append("nom manquant ou trop long (200 caractères au plus)")
        elif v["nom"].lower() in existants:
            problemes.append(f"« {v['nom']} » existe déjà dans le réseau")
        elif v["nom"].lower() in vus:
            problemes.append(f"« {v['nom']} » figure déjà ligne {vus[v['nom'].lower()]}")
        if v["type"] not in TypeStructure.values:
            problemes.append(f"type « {v['type']} » inconnu (attendu : {', '.join(TypeStructure.values)})")
        if v["commune_insee"] not in communes:
            problemes.append(f"commune « {v['commune_insee']} » inconnue du COG")
        problemes += _hors_des_bornes(v)
        if v["lieu_nom"] in lieux_existants:
            problemes.append(f"lieu_nom : le lieu « {v['lieu_nom']} » existe déjà")
        elif v["lieu_nom"] in lieux_vus:
            problemes.append(f"lieu_nom : le lieu « {v['lieu_nom']} » figure déjà ligne {lieux_vus[v['lieu_nom']]}")
        if v["lieu_nom"] and v["type_accueil"] not in TypeAccueil.values:
            problemes.append(f"type d'accueil « {v['type_accueil']} » inconnu")
        if problemes:
            erreurs.append((numero, " ; ".join(problemes)))
        else:
            vus[v["nom"].lower()] = numero
            if v["lieu_nom"]:
                lieux_vus[v["lieu_nom"]] = numero
            lignes.append({**v, "telephone": normaliser(v["telephone"]), "commune": communes[v["commune_insee"]]})
    if not rangees and not erreurs:
        erreurs.append((2, "Le fichier ne contient aucune ligne."))
    erreurs.sort(key=lambda e: e[0])
    return lignes, erreurs
