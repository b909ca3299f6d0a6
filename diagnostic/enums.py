"""The vocabulary of the diagnostic social de territoire (seed 001, docs/diagnostic.md)."""

from django.db import models


class TypeTerritoire(models.TextChoices):
    DEPARTEMENT = "departement", "Tout le département"
    EPCI = "epci", "Une intercommunalité (EPCI)"
    TIS = "tis", "Un territoire d'intervention sociale (TIS)"
    COMMUNES = "communes", "Un groupe de communes"
    QUARTIER = "quartier", "Un quartier (partie nommée d'une commune)"


class NatureActeur(models.TextChoices):
    PUBLIC = "public", "Service public"
    ASSOCIATION = "association", "Association"
    PRIVE = "prive", "Organisme privé"
    ELU = "elu", "Élu·e, collectivité"
    HABITANTS = "habitants", "Collectif d'habitants"
    AUTRE = "autre", "Autre"


class TypeEntretien(models.TextChoices):
    INDIVIDUEL = "individuel", "Entretien individuel"
    COLLECTIF = "collectif", "Entretien collectif"


class StatutCommentaire(models.TextChoices):
    COMMENTAIRE = "commentaire", "Commentaire"
    PROPOSE = "propose", "Amendement proposé"
    ACCEPTE = "accepte", "Amendement accepté"
    REJETE = "rejete", "Amendement rejeté"


class StatutTravail(models.TextChoices):
    """A job of the worker (the data pack, a PDF): its progress is written on the row as it goes."""

    EN_ATTENTE = "en_attente", "En attente du worker"
    EN_COURS = "en_cours", "En cours"
    PRET = "pret", "Prêt"
    ERREUR = "erreur", "Échec"
