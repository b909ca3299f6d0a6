"""Demandes d'ingénierie: a municipality's request for support on a local social-development project (seed 000)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from collectivites.models import TenantModel, TravailSuivi
from collectivites.noms import forme
from collectivites.telephone import TelephoneField
from collectivites.tenancy import tenant_manager
from config.bornes import date_plausible, texte_libre
from territoire.models import EPCI, Commune, TerritoireInterventionSociale

from .enums import (
    NIVEAU_SUGGERE,
    STATUTS_OUVERTS,
    Avancement,
    Fonction,
    Niveau,
    Statut,
    StatutNote,
    TypeDemandeur,
    TypeProjet,
)


class DemandeQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(statut__in=STATUTS_OUVERTS)

    def du_pole(self, tis):
        return self.filter(tis=tis)

    def similaires_a(self, demande):
        """The other requests of the same project type in the collectivité: project holders to connect."""
        return self.filter(type_projet=demande.type_projet).exclude(pk=demande.pk)


class Demande(TenantModel):
    type_demandeur = models.CharField("vous êtes", max_length=20, choices=TypeDemandeur.choices)
    commune = models.ForeignKey(
        Commune,
        verbose_name="commune",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="La commune demandeuse, ou pour un groupement la commune où il a son siège.",
    )
    epci = models.ForeignKey(EPCI, verbose_name="intercommunalité", on_delete=models.PROTECT, null=True, blank=True)
    nom_demandeur = models.CharField("nom de la collectivité ou de l'établissement", max_length=200)
    contact_nom = models.CharField("nom et prénom", max_length=150)
    contact_fonction = models.CharField("fonction", max_length=20, choices=Fonction.choices)
    contact_email = models.EmailField("adresse e-mail")
    contact_telephone = TelephoneField("téléphone")
    type_projet = models.CharField("type de projet", max_length=30, choices=TypeProjet.choices)
    description = models.TextField("description du projet", validators=[texte_libre])
    avancement = models.CharField("où en est le projet", max_length=30, choices=Avancement.choices)
    calendrier_souhaite = models.CharField("calendrier envisagé", max_length=300, blank=True)
    tis = models.ForeignKey(
        TerritoireInterventionSociale, verbose_name="pôle", on_delete=models.PROTECT, related_name="demandes_ingenierie"
    )
    statut = models.CharField("état", max_length=20, choices=Statut.choices, default=Statut.RECUE)
    niveau = models.PositiveSmallIntegerField("niveau", choices=Niveau.choices, null=True, blank=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller·ère",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demandes_ingenierie",
    )
    motif_decision = models.TextField("motif (réorientation ou refus)", blank=True, validators=[texte_libre])
    # What the note de restitution says beyond the steps; written by the advisor.
    partenaires = models.TextField("partenaires identifiés", blank=True, validators=[texte_libre])
    methodologie = models.TextField("méthodologie et calendrier", blank=True, validators=[texte_libre])
    recommandations = models.TextField("recommandations", blank=True, validators=[texte_libre])
    deposee_le = models.DateTimeField("déposée le", default=timezone.now)
    modifiee_le = models.DateTimeField("dernier changement", default=timezone.now)
    # Part of the signed tracking link: changing it revokes every link already sent.
    cle_lien = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = tenant_manager(DemandeQuerySet)

    class Meta:
        verbose_name = "demande d'ingénierie"
        verbose_name_plural = "demandes d'ingénierie"
        ordering = ["-deposee_le", "-pk"]
        indexes = [models.Index(fields=["collectivite", "tis", "statut"], name="demande_ing_pole")]

    def __str__(self):
        return f"{self.get_type_projet_display()} — {self.nom_demandeur}"

    @property
    def reference(self):
        return f"ING-{timezone.localtime(self.deposee_le):%Y}-{self.pk:05d}"

    @property
    def niveau_suggere(self):
        return NIVEAU_SUGGERE[Avancement(self.avancement)]

    @property
    def ouverte(self):
        return self.statut in STATUTS_OUVERTS

    @property
    def est_restituee(self):
        return self.statut == Statut.RESTITUEE

    @property
    def age_jours(self):
        return (timezone.now() - self.deposee_le).days

    def en_attente_de(self):
        """What the request waits on, and on whom — the advisors' board reads it."""
        if self.statut == Statut.RECUE:
            return f"Qualification {forme(self.tis).par}"
        if self.statut in (Statut.QUALIFIEE, Statut.EN_COURS):
            qui = self.conseiller.get_full_name() if self.conseiller_id else "un·e conseiller·ère à désigner"
            return f"Étapes du niveau {self.niveau} : {qui}"
        if self.statut == Statut.RESTITUEE:
            return "Retour de la commune, puis clôture"
        return "Rien : demande terminée"


class EtapeQuerySet(models.QuerySet):
    def realisees(self):
        return self.filter(realisee_le__isnull=False)


class Etape(TenantModel):
    """A step of the level's checklist (seed 000), dated when done, with its notes."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="etapes")
    niveau = models.PositiveSmallIntegerField(choices=Niveau.choices)
    code = models.SlugField(max_length=40)
    libelle = models.CharField("étape", max_length=200)
    ordre = models.PositiveSmallIntegerField(default=0)
    realisee_le = models.DateField("réalisée le", null=True, blank=True, validators=[date_plausible])
    note = models.TextField("notes", blank=True, validators=[texte_libre])

    objects = tenant_manager(EtapeQuerySet)

    class Meta:
        verbose_name = "étape"
        ordering = ["niveau", "ordre", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "demande", "code"], name="etape_ing_unique")]

    def __str__(self):
        return self.libelle


class EvenementDemande(TenantModel):
    """Every transition and assignment: from, to, who (None: the municipality through the form), when, why."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="evenements")
    de = models.CharField(max_length=20, choices=Statut.choices, blank=True)
    vers = models.CharField(max_length=20, choices=Statut.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    quand = models.DateTimeField(default=timezone.now)
    commentaire = models.TextField(blank=True, validators=[texte_libre])

    class Meta:
        ordering = ["quand", "pk"]


def chemin_document(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/ingenierie/{instance.demande_id}/{nom}"


class Document(TenantModel):
    """An attachment: sent by the municipality with its request, or added by the advisor to a step."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="documents")
    etape = models.ForeignKey(Etape, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents")
    fichier = models.FileField(upload_to=chemin_document)
    nom_original = models.CharField("nom du fichier", max_length=200)
    type_mime = models.CharField(max_length=60)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partage_commune = models.BooleanField("visible par la commune", default=True)
    depose_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "document"
        ordering = ["depose_le", "pk"]

    def __str__(self):
        return self.nom_original


class NoteQuerySet(models.QuerySet):
    def pretes(self):
        return self.filter(statut=StatutNote.PRETE)


class NoteRestitution(TravailSuivi):
    """A version of the note de restitution, rendered by the worker (WeasyPrint); versions are kept."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="notes")
    version = models.PositiveSmallIntegerField()
    statut = models.CharField(max_length=20, choices=StatutNote.choices, default=StatutNote.EN_ATTENTE)
    fichier = models.FileField(upload_to=chemin_document, blank=True)
    demandee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demandee_le = models.DateTimeField(default=timezone.now)
    generee_le = models.DateTimeField(null=True, blank=True)
    duree_ms = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    erreur = models.TextField(blank=True)

    objects = tenant_manager(NoteQuerySet)

    class Meta:
        verbose_name = "note de restitution"
        verbose_name_plural = "notes de restitution"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "demande", "version"], name="note_ing_version_unique")
        ]

    def __str__(self):
        return f"Note de restitution, version {self.version}"

    @property
    def prete(self):
        return self.statut == StatutNote.PRETE

    @property
    def en_preparation(self):
        """Queued or being written by the worker: the page polls its progress."""
        return self.statut in (StatutNote.EN_ATTENTE, StatutNote.EN_COURS)

    @property
    def en_erreur(self):
        return self.statut == StatutNote.ERREUR
