from django.db import models


class Canal(models.TextChoices):
    SUR_PLACE = "sur_place", "Sur place"
    TELEPHONE = "telephone", "Téléphone"
    DOMICILE = "domicile", "Visite à domicile"
    EN_LIGNE = "en_ligne", "Visio / en ligne"
    COURRIER = "courrier", "Courrier / e-mail"


class TrancheAge(models.TextChoices):
    MOINS_18 = "-18", "Moins de 18 ans"
    DE_18_25 = "18-25", "18 à 25 ans"
    DE_26_39 = "26-39", "26 à 39 ans"
    DE_40_59 = "40-59", "40 à 59 ans"
    DE_60_74 = "60-74", "60 à 74 ans"
    PLUS_75 = "75+", "75 ans et plus"


class TypeFoyer(models.TextChoices):
    SEUL = "seul", "Personne seule"
    COUPLE = "couple", "Couple sans enfant"
    COUPLE_ENFANTS = "couple_enfants", "Couple avec enfant(s)"
    MONOPARENTAL = "monoparental", "Famille monoparentale"
    AUTRE = "autre", "Autre situation"


class StatutPassage(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    PRIS_EN_CHARGE = "pris_en_charge", "Pris en charge"
    TERMINE = "termine", "Terminé"
    PARTI = "parti", "Parti sans être reçu"


class StatutOrientation(models.TextChoices):
    ENVOYEE = "envoyee", "Envoyée"
    RECUE = "recue", "Reçue"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    REALISEE = "realisee", "Réalisée"
    EXPIREE = "expiree", "Expirée"


STATUTS_OUVERTS = (StatutOrientation.ENVOYEE, StatutOrientation.RECUE, StatutOrientation.ACCEPTEE)


class MotifRefus(models.TextChoices):
    HORS_COMPETENCE = "hors_competence", "Hors de nos compétences"
    HORS_TERRITOIRE = "hors_territoire", "Hors de notre territoire"
    DEJA_ACCOMPAGNE = "deja_accompagne", "Déjà accompagné par ailleurs"
    CAPACITE = "capacite", "Plus de capacité d'accueil"
    INJOIGNABLE = "injoignable", "Personne injoignable"
    REFUS_PERSONNE = "refus_personne", "La personne ne souhaite plus"
    AUTRE = "autre", "Autre raison"


class Consentement(models.TextChoices):
    RECUEILLI = "recueilli", "Consentement recueilli"
    IMPOSSIBLE = "impossible", "Consentement impossible à recueillir"


# National default list, aligned on the data·inclusion thématiques (code, label).
MOTIFS_PAR_DEFAUT = [
    ("logement-hebergement", "Logement, hébergement"),
    ("emploi", "Emploi, insertion professionnelle"),
    ("sante", "Santé"),
    ("gestion-financiere", "Budget, surendettement"),
    ("acces-aux-droits-et-citoyennete", "Accès aux droits"),
    ("famille", "Famille, parentalité"),
    ("mobilite", "Mobilité"),
    ("numerique", "Numérique"),
    ("se-nourrir", "Alimentation"),
    ("violences", "Violences"),
    ("handicap", "Handicap, perte d'autonomie"),
    ("demarches-administratives", "Démarches administratives"),
    ("education-formation", "Éducation, formation"),
    ("autre", "Autre"),
]


class CodeReponse:
    """Codes of the seeded responses that the desk's form treats specially (docs/accueil.md §2): « information »
    shows the detail of the information given, « orientation » opens the fiche de liaison, « aucune-suite » excludes
    any follow-up. A collectivité may rename them, or add responses of its own that carry no special behaviour."""

    INFORMATION = "information"
    ORIENTATION = "orientation"
    ACCOMPAGNEMENT = "accompagnement"
    RENDEZ_VOUS = "rendez-vous"
    AUCUNE_SUITE = "aucune-suite"
    SUITES = (ORIENTATION, ACCOMPAGNEMENT, RENDEZ_VOUS)


# What a passage's response could be before it became a nomenclature (five checkboxes), in their order.
REPONSES_PAR_DEFAUT = [
    (CodeReponse.INFORMATION, "Information donnée"),
    (CodeReponse.ORIENTATION, "Orientation vers un partenaire"),
    (CodeReponse.ACCOMPAGNEMENT, "Accompagnement proposé"),
    (CodeReponse.RENDEZ_VOUS, "Rendez-vous donné"),
    (CodeReponse.AUCUNE_SUITE, "Pas de suite nécessaire"),
]
