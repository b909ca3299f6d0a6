from django.db import models


class Nature(models.TextChoices):
    SATISFACTION = "satisfaction", "Satisfaction des usagers"
    ATTENTES = "attentes", "Attentes des usagers (démarche participative)"
    DEMANDE_SOCIALE = "demande_sociale", "Demande sociale exprimée (diagnostic de territoire)"
    ACTION_COLLECTIVE = "action_collective", "Avis des participants d'une action collective"
    AUTRE = "autre", "Autre"


class TypeQuestion(models.TextChoices):
    CHOIX_UNIQUE = "choix_unique", "Choix unique"
    CHOIX_MULTIPLE = "choix_multiple", "Choix multiple"
    ECHELLE = "echelle", "Échelle de 1 à 5"
    NOMBRE = "nombre", "Nombre"
    TEXTE_COURT = "texte_court", "Texte court"
    TEXTE_LONG = "texte_long", "Texte long"


TYPES_A_CHOIX = {TypeQuestion.CHOIX_UNIQUE, TypeQuestion.CHOIX_MULTIPLE}
TYPES_TEXTE = {TypeQuestion.TEXTE_COURT, TypeQuestion.TEXTE_LONG}
# The labels of the 1–5 scale, in plain French (docs/developpement.md §2)
ECHELLE = {
    1: "1 — pas du tout",
    2: "2 — un peu",
    3: "3 — moyennement",
    4: "4 — plutôt",
    5: "5 — tout à fait",
}


class TrancheAge(models.TextChoices):
    MOINS_18 = "moins_18", "moins de 18 ans"
    DE_18_A_25 = "18_25", "18 à 25 ans"
    DE_26_A_59 = "26_59", "26 à 59 ans"
    PLUS_60 = "60_plus", "60 ans ou plus"


class Sexe(models.TextChoices):
    FEMME = "femme", "Femmes"
    HOMME = "homme", "Hommes"
    NON_PRECISE = "non_precise", "Non précisé"


class ObjectifsAtteints(models.TextChoices):
    OUI = "oui", "Atteints"
    EN_PARTIE = "en_partie", "En partie"
    NON = "non", "Non atteints"


# The collectivité's nomenclature of themes starts with this list (collectivites/nomenclature.py adapts it).
THEMES_PAR_DEFAUT = [
    ("acces-aux-droits", "Accès aux droits"),
    ("budget", "Budget et consommation"),
    ("logement", "Logement et cadre de vie"),
    ("emploi", "Emploi et insertion"),
    ("sante", "Santé et bien-être"),
    ("parentalite", "Parentalité et famille"),
    ("numerique", "Numérique"),
    ("mobilite", "Mobilité"),
    ("lien-social", "Lien social et isolement"),
    ("alimentation", "Alimentation"),
]


class TypeInstance(models.TextChoices):
    COMITE_PILOTAGE = "comite_pilotage", "Comité de pilotage"
    COMITE_TECHNIQUE = "comite_technique", "Comité technique"


class StatutDocument(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente du worker"
    EN_COURS = "en_cours", "En cours de rédaction"
    PRET = "pret", "Prêt"
    ERREUR = "erreur", "Échec"


class TypeDocument(models.TextChoices):
    ACTION = "action", "Fiche de l'action collective"
    COMPTE_RENDU = "compte_rendu", "Compte rendu de réunion"
    RESULTATS = "resultats", "Synthèse des résultats d'un questionnaire"


class NatureDepense(models.TextChoices):
    """The natures of spending of the network's convention (seed 004)."""

    INGENIERIE = "ingenierie", "Ingénierie"
    FORMATIONS = "formations", "Formations"
    OUTILS = "outils", "Outils"
    COMMUNICATION = "communication", "Communication"
    DIVERS = "divers", "Divers"
