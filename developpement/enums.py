from django.db import models


class Nature(models.TextChoices):
    SATISFACTION = "satisfaction", "Satisfaction des usagers"
    ATTENTES = "attentes", "Attentes des usagers (démarche participative)"
    DEMANDE_SOCIALE = "demande_sociale", "Demande sociale exprimée (diagnostic de territoire)"
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
