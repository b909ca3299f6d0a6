from django.db import models


class TypeStructure(models.TextChoices):
    """Subset of the data·inclusion ``reseaux_porteurs`` vocabulary, plus the Département's own services."""

    DEPARTEMENT = "departement", "Conseil départemental (TIS, pôle d'action sociale)"
    CCAS_CIAS = "ccas-cias", "CCAS / CIAS"
    FRANCE_SERVICE = "france-service", "France Services"
    CAF = "caf", "CAF"
    CPAM = "cpam", "CPAM"
    MSA = "msa", "MSA"
    FRANCE_TRAVAIL = "france-travail", "France Travail"
    MISSION_LOCALE = "mission-locale", "Mission locale"
    ASSOCIATION = "association", "Association"
    AUTRE = "autre", "Autre"


class TypeAccueil(models.TextChoices):
    PREMIER_ACCUEIL = "premier_accueil", "Accueil social inconditionnel de premier niveau"
    ACCUEIL_SOCIAL = "accueil_social", "Accueil social"
    PERMANENCE = "permanence", "Permanence"
    ITINERANT = "itinerant", "Itinérant"
