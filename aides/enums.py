"""Choices of the aides app (docs/aides.md)."""

from django.db import models


class Nature(models.TextChoices):
    SECOURS = "secours", "Aide financière ponctuelle / secours d'urgence"
    EPICERIE = "epicerie", "Épicerie sociale"
    MICROCREDIT = "microcredit", "Microcrédit personnel"
    PERMIS = "permis", "Bourse au permis de conduire"
    CHEQUES = "cheques", "Chèques loisirs / culture"
    AUTRE = "autre", "Autre"


class Decideur(models.TextChoices):
    COMMISSION = "commission", "La commission"
    HABILITE = "habilite", "Une personne habilitée, jusqu'à son montant (puis la commission)"


class TypeFoyer(models.TextChoices):
    SEUL = "seul", "Personne seule"
    COUPLE = "couple", "Couple sans enfant"
    MONOPARENTAL = "monoparental", "Famille monoparentale"
    COUPLE_ENFANTS = "couple_enfants", "Couple avec enfant(s)"
    AUTRE = "autre", "Autre composition"


class Source(models.TextChoices):
    DECLARATION = "declaration", "Déclaration de la personne"
    JUSTIFICATIFS = "justificatifs", "Justificatifs présentés"
    CAF = "caf", "Attestation CAF / MSA"


class StatutDemande(models.TextChoices):
    DEPOSEE = "deposee", "Déposée"
    INSTRUITE = "instruite", "Instruite"
    INSCRITE = "inscrite", "Inscrite à une commission"
    ACCORDEE = "accordee", "Accordée"
    REFUSEE = "refusee", "Refusée"
    AJOURNEE = "ajournee", "Ajournée"


class Sens(models.TextChoices):
    ACCORDEE = "accordee", "Accordée"
    REFUSEE = "refusee", "Refusée"
    AJOURNEE = "ajournee", "Ajournée"


class Beneficiaire(models.TextChoices):
    PERSONNE = "personne", "La personne"
    TIERS = "tiers", "Un tiers (bailleur, fournisseur d'énergie, auto-école, commerce)"


class Moyen(models.TextChoices):
    VIREMENT = "virement", "Virement"
    CHEQUE = "cheque", "Chèque"
    BONS = "bons", "Bons / chèques numérotés"
    CARTE = "carte", "Carte d'accès (épicerie)"
    NATURE = "nature", "En nature"


class StatutBon(models.TextChoices):
    EMIS = "emis", "Émis"
    UTILISE = "utilise", "Utilisé"
    EXPIRE = "expire", "Expiré"


class StatutHeures(models.TextChoices):
    """Counterpart hours of a bourse au permis: planned → done (declared) → validated or refused by the host."""

    PREVUES = "prevues", "Prévues"
    FAITES = "faites", "Faites, à valider par la structure d'accueil"
    VALIDEES = "validees", "Validées par la structure d'accueil"
    REFUSEES = "refusees", "Refusées par la structure d'accueil"
