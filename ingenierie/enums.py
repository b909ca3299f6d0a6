"""The vocabulary of the engineering offer (seed 000: « Projet de développement social local »)."""

from django.db import models


class TypeDemandeur(models.TextChoices):
    """Only communes and their groupings are eligible (seed 000: « offre destinée aux communes et leurs
    groupements »)."""

    COMMUNE = "commune", "Commune (mairie)"
    EPCI = "epci", "Intercommunalité (communauté de communes, d'agglomération…)"
    SYNDICAT = "syndicat", "Syndicat intercommunal"
    CCAS = "ccas", "CCAS (centre communal d'action sociale)"
    CIAS = "cias", "CIAS (centre intercommunal d'action sociale)"


# Groupings whose territory is an EPCI rather than one commune.
INTERCOMMUNAUX = {TypeDemandeur.EPCI, TypeDemandeur.CIAS, TypeDemandeur.SYNDICAT}

# Shown in the form so that a person or a company gets a plain answer instead of a form that seems to accept them.
NON_ELIGIBLES = {
    "particulier": "Une personne (particulier)",
    "entreprise": "Une entreprise ou une association",
}


class Fonction(models.TextChoices):
    ELU = "elu", "Élu·e (maire, adjoint·e, conseiller·ère)"
    DGS = "dgs", "Direction générale des services, secrétariat de mairie"
    DIRECTION_CCAS = "direction_ccas", "Direction du CCAS ou du CIAS"
    AGENT = "agent", "Agent de la collectivité"
    AUTRE = "autre", "Autre fonction"


class TypeProjet(models.TextChoices):
    EPICERIE_SOCIALE = "epicerie_sociale", "Épicerie sociale"
    MICROCREDIT = "microcredit", "Microcrédit personnel"
    BOURSE_PERMIS = "bourse_permis", "Bourse au permis de conduire"
    JARDINS_FAMILIAUX = "jardins_familiaux", "Jardins familiaux"
    CULTURE_LOISIRS = "culture_loisirs", "Accès à la culture et aux loisirs"
    CIAS = "cias", "Évolution d'un CCAS en CIAS"
    DIAGNOSTIC = "diagnostic", "Diagnostic social de territoire"
    ACCUEIL_PROXIMITE = "accueil_proximite", "Accueil social de proximité"
    AUTRE = "autre", "Autre projet de développement social local"


class Avancement(models.TextChoices):
    """Where the project stands; it suggests a level (seed 000: « selon l'état d'avancement du projet »)."""

    IDEE = "idee", "Une idée, une envie de faire"
    BESOINS = "besoins", "Des besoins repérés (constats, demandes des habitants)"
    DEFINI = "defini", "Un projet défini (objectifs, public, partenaires pressentis)"
    CAHIER_DES_CHARGES = "cahier_des_charges", "Un cahier des charges en cours d'écriture (étude, AMO)"
    OFFRES = "offres", "Des offres de prestataires reçues ou attendues"


NIVEAU_SUGGERE = {
    Avancement.IDEE: 1,
    Avancement.BESOINS: 1,
    Avancement.DEFINI: 2,
    Avancement.CAHIER_DES_CHARGES: 2,
    Avancement.OFFRES: 2,
}


class Niveau(models.IntegerChoices):
    LANCEMENT = 1, "Niveau 1 — lancement de la réflexion"
    FORMALISATION = 2, "Niveau 2 — définition et formalisation du projet"


class Statut(models.TextChoices):
    RECUE = "recue", "Reçue"
    QUALIFIEE = "qualifiee", "Qualifiée"
    EN_COURS = "en_cours", "En cours"
    RESTITUEE = "restituee", "Restituée"
    CLOSE = "close", "Close"
    REORIENTEE = "reorientee", "Réorientée"
    REFUSEE = "refusee", "Refusée"


STATUTS_OUVERTS = (Statut.RECUE, Statut.QUALIFIEE, Statut.EN_COURS, Statut.RESTITUEE)

TRANSITIONS = {
    Statut.RECUE: {Statut.QUALIFIEE, Statut.REORIENTEE, Statut.REFUSEE},
    Statut.QUALIFIEE: {Statut.EN_COURS},
    Statut.EN_COURS: {Statut.RESTITUEE},
    Statut.RESTITUEE: {Statut.CLOSE},
    Statut.CLOSE: set(),
    Statut.REORIENTEE: set(),
    Statut.REFUSEE: set(),
}

# Seed 000, word for word where it can be: the steps of each level, in order.
ETAPES = {
    Niveau.LANCEMENT: [
        ("entretien_telephonique", "Premier entretien téléphonique"),
        ("rendez_vous_site", "Rendez-vous sur site (visite et échanges)"),
        ("documents_ressources", "Documents ressources et rappel de la réglementation"),
        (
            "partenaires",
            "Identification des partenaires mobilisables et, le cas échéant, constitution d'un groupe projet "
            "pluridisciplinaire",
        ),
        ("methodologie", "Méthodologie du projet (étapes, calendrier)"),
        ("note_restitution", "Note de restitution"),
    ],
    Niveau.FORMALISATION: [
        ("analyse_opportunite", "Analyse de l'opportunité du projet et des attentes de la commune"),
        ("mise_en_relation", "Mise en relation avec des porteurs de projets similaires"),
        ("processus_participatif", "Accompagnement d'un processus participatif"),
        ("cahier_des_charges", "Relecture et avis sur le cahier des charges d'une AMO"),
        ("analyse_offres", "Analyse technique des offres reçues"),
        ("reunions_amo", "Participation aux réunions de l'AMO"),
    ],
}


class StatutNote(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente du worker"
    EN_COURS = "en_cours", "En cours de rédaction"
    PRETE = "prete", "Prête"
    ERREUR = "erreur", "Échec"
