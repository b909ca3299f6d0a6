from django.db import models


class StatutAccompagnement(models.TextChoices):
    OUVERT = "ouvert", "En cours"
    CLOS = "clos", "Clos"


class Issue(models.TextChoices):
    OBJECTIFS_ATTEINTS = "objectifs_atteints", "Objectifs atteints"
    RELAIS_PARTENAIRE = "relais_partenaire", "Relais vers un partenaire"
    DEMENAGEMENT = "demenagement", "Déménagement"
    REFUS_ABANDON = "refus_abandon", "Refus / abandon"
    AUTRE = "autre", "Autre"


class FinGroupe(models.TextChoices):
    FIN_INTERVENTION = "fin_intervention", "Fin de l'intervention"
    DEPART = "depart", "Départ du professionnel"
    REMPLACEMENT = "remplacement", "Remplacement du référent"
    CLOTURE = "cloture", "Clôture de l'accompagnement"


class Porteur(models.TextChoices):
    PERSONNE = "personne", "La personne"
    TRAVAILLEUR = "travailleur", "Le travailleur social"
    PARTENAIRE = "partenaire", "Une structure partenaire"


class StatutAction(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class CanalEntretien(models.TextChoices):
    BUREAU = "bureau", "Au bureau"
    DOMICILE = "domicile", "À domicile"
    TELEPHONE = "telephone", "Par téléphone"
    VISIO = "visio", "En visio"


# Per-collectivité nomenclature seeded with (code, label, confidential: child-protection role only)
TYPES_PAR_DEFAUT = [
    ("social-global", "Accompagnement social global", False),
    ("budgetaire", "Accompagnement budgétaire", False),
    ("logement", "Accompagnement logement", False),
    ("insertion-global-ft", "Insertion professionnelle / accompagnement global avec France Travail", False),
    ("prevention-expulsions", "Prévention des expulsions locatives", False),
    ("evaluation-ip", "Évaluation d'information préoccupante", True),
    ("autre", "Autre", False),
]
