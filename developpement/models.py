"""Questionnaires for inhabitants and users, their publications and their anonymous answers (docs/developpement.md).

An answer stores nothing that points to a person: no account, no IP address, no time of day (only the date), no
session; the questionnaire's version and the publication it came through. A passage at the desk and an answer cannot
be matched (docs/developpement.md §3).
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from collectivites.models import TenantModel, TravailSuivi
from collectivites.tenancy import tenant_manager
from config.bornes import LongueurMax, date_plausible, texte_libre

from .enums import (
    TYPES_A_CHOIX,
    Nature,
    NatureDepense,
    ObjectifsAtteints,
    Sexe,
    StatutDocument,
    TrancheAge,
    TypeDocument,
    TypeInstance,
    TypeQuestion,
)


def nouveau_jeton():
    return secrets.token_urlsafe(12)


class ParametresDeveloppement(TenantModel):
    """A collectivité's policy for local social development: what counts as « measuring satisfaction », and how many
    public answers its questionnaires take in an hour, all clients together (docs/developpement.md §3)."""

    reponses_minimum_satisfaction = models.PositiveSmallIntegerField(
        "réponses minimum à un questionnaire de satisfaction",
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(10_000)],
        help_text="Une structure « mesure la satisfaction » sur une période si un de ses questionnaires de "
        "satisfaction a reçu au moins ce nombre de réponses pendant la période.",
    )

    reponses_par_heure = models.PositiveIntegerField(
        "réponses publiques par heure (toute la collectivité)",
        default=600,
        validators=[MinValueValidator(30), MaxValueValidator(100_000)],
        help_text="Au-delà, les questionnaires publics de la collectivité refusent les réponses jusqu'à l'heure "
        "suivante : une protection contre un envoi en masse venu de nombreuses adresses.",
    )

    class Meta:
        verbose_name = "paramètres du développement social local"
        constraints = [models.UniqueConstraint(fields=["collectivite"], name="developpement_parametres_unique")]

    def __str__(self):
        return f"Paramètres ({self.reponses_minimum_satisfaction} réponses)"


class QuestionnaireQuerySet(models.QuerySet):
    def de_satisfaction(self):
        return self.filter(nature=Nature.SATISFACTION)


class Questionnaire(TenantModel):
    """Built by a structure (``structure``) or by the network (``structure`` empty)."""

    titre = models.CharField("titre", max_length=200)
    nature = models.CharField("nature", max_length=20, choices=Nature.choices, default=Nature.AUTRE)
    structure = models.ForeignKey(
        "reseau.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Vide : questionnaire du réseau.",
    )
    introduction = models.TextField(
        "texte d'explication et de consentement",
        validators=[LongueurMax(3000)],
        help_text="Lu avant les questions : pourquoi ce questionnaire, qui lit les réponses, qu'il est anonyme et "
        "facultatif.",
    )
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(default=timezone.now)

    objects = tenant_manager(QuestionnaireQuerySet)

    class Meta:
        ordering = ["-cree_le", "pk"]

    def __str__(self):
        return self.titre

    @property
    def proprietaire(self):
        return self.structure.nom if self.structure_id else "Réseau"


class Version(TenantModel):
    """The questions as they were asked. Frozen at its first answer: then it can only be copied into a new version."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveSmallIntegerField("version")
    figee_le = models.DateTimeField("figée le", null=True, blank=True)

    class Meta:
        ordering = ["questionnaire_id", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "questionnaire", "numero"], name="developpement_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.questionnaire} — version {self.numero}"

    @property
    def est_figee(self):
        return self.figee_le is not None


class Section(TenantModel):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    titre = models.CharField("titre", max_length=200)
    texte = models.CharField("texte d'introduction", max_length=500, blank=True)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.titre


class Question(TenantModel):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, verbose_name="section", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    type = models.CharField("type de question", max_length=20, choices=TypeQuestion.choices)
    libelle = models.CharField("question", max_length=300)
    aide = models.CharField("aide", max_length=300, blank=True)
    obligatoire = models.BooleanField("réponse obligatoire", default=False)
    choix = models.JSONField("choix proposés", default=list, blank=True)
    minimum = models.IntegerField("minimum", null=True, blank=True)
    maximum = models.IntegerField("maximum", null=True, blank=True)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.libelle

    @property
    def a_choix(self):
        return self.type in TYPES_A_CHOIX


class Diffusion(TenantModel):
    """A publication: a public link (and its QR code), for one reception site if wanted, open between two dates."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="diffusions")
    lieu = models.ForeignKey(
        "reseau.LieuAccueil",
        verbose_name="lieu d'accueil",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Vide : un seul lien pour tous les lieux.",
    )
    jeton = models.CharField(max_length=32, default=nouveau_jeton, editable=False)
    ouvre_le = models.DateField("ouvert du", validators=[date_plausible])
    ferme_le = models.DateField("au", validators=[date_plausible])
    creee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-ouvre_le", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "jeton"], name="developpement_diffusion_jeton")]

    def __str__(self):
        return f"{self.questionnaire} — {self.lieu or 'tous les lieux'}"

    def est_ouverte(self, jour=None):
        jour = jour or timezone.localdate()
        return self.ouvre_le <= jour <= self.ferme_le


class ReponseQuerySet(models.QuerySet):
    def entre(self, debut, fin):
        return self.filter(recue_le__gte=debut, recue_le__lte=fin)


class Reponse(TenantModel):
    """One anonymous answer. Deliberately without user, address, session or time of day (docs/developpement.md §3)."""

    diffusion = models.ForeignKey(Diffusion, on_delete=models.PROTECT, related_name="reponses")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="reponses")
    recue_le = models.DateField("reçue le")
    demonstration = models.BooleanField("donnée de démonstration", default=False)

    objects = tenant_manager(ReponseQuerySet)

    class Meta:
        ordering = ["recue_le", "pk"]

    def __str__(self):
        return f"Réponse du {self.recue_le:%d/%m/%Y}"


class Valeur(TenantModel):
    """One answer to one question: a choice (one row per ticked box), a number (also the 1–5 scale) or a text."""

    reponse = models.ForeignKey(Reponse, on_delete=models.CASCADE, related_name="valeurs")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="valeurs")
    choix = models.CharField(max_length=200, blank=True)
    nombre = models.IntegerField(null=True, blank=True)
    texte = models.TextField(blank=True, validators=[texte_libre])

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.choix or (str(self.nombre) if self.nombre is not None else self.texte[:40])


class ThemeAction(TenantModel):
    """The collectivité's nomenclature of themes of collective actions (collectivites/nomenclature.py)."""

    code = models.SlugField("code", max_length=60)
    libelle = models.CharField("libellé", max_length=120)
    actif = models.BooleanField("actif", default=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "thème d'action collective"
        ordering = ["ordre", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "code"], name="developpement_theme_unique")]

    def __str__(self):
        return self.libelle


class ActionCollective(TenantModel):
    """An offer of collective action in a logic of local social development (docs/developpement.md §8)."""

    titre = models.CharField("titre", max_length=200)
    themes = models.ManyToManyField(ThemeAction, verbose_name="thèmes", related_name="+")
    structures = models.ManyToManyField("reseau.Structure", verbose_name="structures porteuses", related_name="+")
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="animateurs", blank=True, related_name="+"
    )
    communes = models.ManyToManyField(
        "territoire.Commune", verbose_name="territoire (communes)", blank=True, related_name="+"
    )
    public = models.CharField("public visé", max_length=300)
    objectifs = models.TextField("objectifs", validators=[LongueurMax(3000)])
    debut = models.DateField("début", validators=[date_plausible])
    fin = models.DateField("fin", null=True, blank=True, validators=[date_plausible])
    objectifs_atteints = models.CharField("objectifs", max_length=10, choices=ObjectifsAtteints.choices, blank=True)
    evaluation = models.TextField("évaluation", blank=True, validators=[LongueurMax(5000)])
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name="questionnaire des participants",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    creee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "action collective"
        ordering = ["-debut", "pk"]

    def __str__(self):
        return self.titre


class Seance(TenantModel):
    action = models.ForeignKey(ActionCollective, on_delete=models.CASCADE, related_name="seances")
    date = models.DateField("date", validators=[date_plausible])
    lieu = models.ForeignKey(
        "reseau.LieuAccueil",
        verbose_name="lieu d'accueil",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adresse = models.CharField("ou adresse", max_length=250, blank=True)
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="animateurs", blank=True, related_name="+"
    )
    contenu = models.TextField("contenu", validators=[LongueurMax(5000)])
    enregistree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "séance"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.action} — {self.date:%d/%m/%Y}"


class ParticipantIdentifie(TenantModel):
    """A person of Relais who takes part in a collective action, named with their consent (docs/developpement.md §8).

    Read only through ``access.participants_visibles_par`` (need-to-know, access log). No unique constraint on
    (action, person): merging two files re-points both rows to the kept person (usagers.actions.do_fusionner), which a
    constraint would turn into an error; ``do_inscrire`` refuses a second row instead and the lists dedupe."""

    action = models.ForeignKey(ActionCollective, on_delete=models.CASCADE, related_name="participants")
    usager = models.ForeignKey("usagers.Usager", verbose_name="personne", on_delete=models.PROTECT, related_name="+")
    consentement_le = models.DateField("accord donné le", validators=[date_plausible])
    ajoute_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ajoute_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "participant identifié"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.usager} — {self.action}"


class Presence(TenantModel):
    """An identified participant attended one session."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="presences")
    participant = models.ForeignKey(ParticipantIdentifie, on_delete=models.CASCADE, related_name="presences")

    class Meta:
        verbose_name = "présence"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "seance", "participant"], name="developpement_presence_unique"
            )
        ]


class Participation(TenantModel):
    """Participants counted anonymously: how many, of one age band and one sex, attended one session."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="participations")
    tranche_age = models.CharField("tranche d'âge", max_length=10, choices=TrancheAge.choices)
    sexe = models.CharField("sexe", max_length=12, choices=Sexe.choices)
    nombre = models.PositiveSmallIntegerField("nombre", validators=[MaxValueValidator(500)])

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "seance", "tranche_age", "sexe"], name="developpement_participation_unique"
            )
        ]

    def __str__(self):
        return f"{self.nombre} ({self.get_sexe_display()}, {self.get_tranche_age_display()})"


class Instance(TenantModel):
    """A body that steers the network (seed 004): comité de pilotage, comité technique (docs/developpement.md §9)."""

    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeInstance.choices)
    membres = models.TextField(
        "membres", validators=[LongueurMax(5000)], help_text="Un membre par ligne : nom, fonction, organisme."
    )

    class Meta:
        verbose_name = "instance de pilotage"
        ordering = ["type", "nom", "pk"]

    def __str__(self):
        return self.nom

    def liste_des_membres(self):
        return [m.strip() for m in self.membres.splitlines() if m.strip()]


class Reunion(TenantModel):
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="reunions")
    date = models.DateField("date", validators=[date_plausible])
    lieu = models.CharField("lieu", max_length=250, blank=True)
    ordre_du_jour = models.TextField("ordre du jour", validators=[LongueurMax(5000)])
    compte_rendu = models.TextField("compte rendu", blank=True, validators=[LongueurMax(20_000)])
    presents = models.TextField(
        "membres présents", blank=True, validators=[LongueurMax(5000)], help_text="Un membre présent par ligne."
    )

    class Meta:
        verbose_name = "réunion"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.instance} — {self.date:%d/%m/%Y}"


class DecisionQuerySet(models.QuerySet):
    def a_suivre(self):
        return self.filter(realisee_le__isnull=True)


class Decision(TenantModel):
    """A decision of a meeting, with who carries it and by when, followed until it is done."""

    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="decisions")
    libelle = models.CharField("décision", max_length=500)
    responsable = models.CharField("responsable", max_length=200)
    echeance = models.DateField("échéance", null=True, blank=True, validators=[date_plausible])
    realisee_le = models.DateField("réalisée le", null=True, blank=True, validators=[date_plausible])

    objects = tenant_manager(DecisionQuerySet)

    class Meta:
        verbose_name = "décision"
        ordering = ["echeance", "pk"]

    def __str__(self):
        return self.libelle

    def en_retard(self, jour=None):
        return self.realisee_le is None and self.echeance is not None and self.echeance < (jour or timezone.localdate())


def chemin_document(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/developpement/{nom}"


class DocumentDeveloppement(TravailSuivi):
    """A PDF rendered by the worker (docs/developpement.md §10): the one-page sheet of a collective action, or the
    minutes of a steering meeting. Each request is a new document; progress is written as the worker goes."""

    type = models.CharField(max_length=20, choices=TypeDocument.choices)
    action = models.ForeignKey(
        ActionCollective, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, null=True, blank=True, related_name="documents")
    # The results' summary quotes the free texts only when its reader may read them (docs/developpement.md §4): the
    # document remembers it, and only such readers download it.
    avec_textes = models.BooleanField(default=False)
    statut = models.CharField(max_length=20, choices=StatutDocument.choices, default=StatutDocument.EN_ATTENTE)
    fichier = models.FileField(upload_to=chemin_document, blank=True)
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demande_le = models.DateTimeField(default=timezone.now)
    genere_le = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    erreur = models.TextField(blank=True)

    class Meta:
        verbose_name = "document PDF"
        ordering = ["-demande_le", "-pk"]

    def __str__(self):
        return f"{self.get_type_display()} du {self.demande_le:%d/%m/%Y}"

    @property
    def pret(self):
        return self.statut == StatutDocument.PRET

    @property
    def en_preparation(self):
        """Queued or being written by the worker: the page polls its progress."""
        return self.statut in (StatutDocument.EN_ATTENTE, StatutDocument.EN_COURS)

    @property
    def en_erreur(self):
        return self.statut == StatutDocument.ERREUR

    def nom_fichier(self):
        if self.type == TypeDocument.ACTION:
            return f"action-collective-{self.action_id}.pdf"
        if self.type == TypeDocument.RESULTATS:
            return f"resultats-questionnaire-{self.version.questionnaire_id}-v{self.version.numero}.pdf"
        return f"compte-rendu-{self.reunion_id}.pdf"


# The convention's budget (docs/developpement.md §11): amounts in euros, never negative, never absurd.
MONTANT_MAX_CONVENTION = Decimal("10000000")


def montant_convention(libelle):
    return models.DecimalField(
        libelle,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MONTANT_MAX_CONVENTION)],
    )


class Financeur(TenantModel):
    """A funder of the network's convention (seed 004: l'État and the Département)."""

    nom = models.CharField("nom", max_length=150)

    class Meta:
        verbose_name = "financeur"
        ordering = ["nom", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom"], name="developpement_financeur_unique")]

    def __str__(self):
        return self.nom


class Dotation(TenantModel):
    """What a funder allocates for one year to one nature of spending."""

    financeur = models.ForeignKey(Financeur, on_delete=models.PROTECT, related_name="dotations")
    annee = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    nature = models.CharField("nature", max_length=20, choices=NatureDepense.choices)
    montant = montant_convention("montant alloué (€)")

    class Meta:
        verbose_name = "dotation"
        ordering = ["annee", "financeur", "nature", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "financeur", "annee", "nature"], name="developpement_dotation_unique"
            )
        ]


class Depense(TenantModel):
    """A spending recorded against the convention: its date, nature, amount, label and the funder it is charged to."""

    financeur = models.ForeignKey(Financeur, on_delete=models.PROTECT, related_name="depenses")
    date = models.DateField("date", validators=[date_plausible])
    nature = models.CharField("nature", max_length=20, choices=NatureDepense.choices)
    montant = montant_convention("montant (€)")
    libelle = models.CharField("libellé", max_length=300)
    enregistree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enregistree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "dépense"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.libelle


def chemin_preuve(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §24): the uploaded name is never used."""
    return f"collectivites/{instance.collectivite_id}/developpement/preuves/{nom}"


class PreuveSatisfaction(TenantModel):
    """A file that evidences a structure's declared method of measuring satisfaction (docs/developpement.md §6): a
    report of a survey, minutes of a users' council. Checked from its content on upload, downloaded with access."""

    structure = models.ForeignKey("reseau.Structure", on_delete=models.CASCADE, related_name="+")
    fichier = models.FileField(upload_to=chemin_preuve)
    nom = models.CharField("nom du fichier", max_length=200)
    type_mime = models.CharField(max_length=100)
    taille = models.PositiveIntegerField()
    description = models.CharField("ce que le fichier montre", max_length=300)
    deposee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deposee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "preuve de mesure de la satisfaction"
        ordering = ["-deposee_le", "-pk"]

    def __str__(self):
        return self.nom
