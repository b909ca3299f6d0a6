from django.db import models


class Indicateur(models.TextChoices):
    """The five indicators of the charter (seed 004, fiche action 2.1)."""

    LOCALISATION = "localisation", "Localisation des premiers accueils sociaux inconditionnels"
    COUVERTURE = "couverture", "Population à moins de 30 minutes d'un premier accueil"
    OUTILS = "outils", "Outils mis en place et professionnels bénéficiaires"
    STRUCTURES = "structures", "Structures engagées dans le réseau"
    SATISFACTION = "satisfaction", "Structures mesurant la satisfaction des usagers"


UNITES = {
    Indicateur.LOCALISATION: "%",
    Indicateur.COUVERTURE: "%",
    Indicateur.OUTILS: "professionnels",
    Indicateur.STRUCTURES: "structures",
    Indicateur.SATISFACTION: "%",
}


class Periodicite(models.TextChoices):
    ANNUELLE = "annuelle", "Annuelle"
    MENSUELLE = "mensuelle", "Mensuelle"
    A_LA_DEMANDE = "a_la_demande", "À la demande"


class StatutCalcul(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"
