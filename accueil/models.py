"""The reception desk: passages (visits), their motifs, and orientations (fiches de liaison) with their events."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone

from collectivites.historique import historique
from collectivites.models import TenantModel
from collectivites.tenancy import tenant_manager
from config.bornes import LongueurMax, date_plausible, texte_libre
from reseau.models import LieuAccueil, Structure
from territoire.models import Commune
from usagers.models import Usager

from .enums import (
    STATUTS_OUVERTS,
    Canal,
    CodeReponse,
    Consentement,
    MotifRefus,
    StatutOrientation,
    StatutPassage,
    TrancheAge,
    TypeFoyer,
)


class Motif(TenantModel):
    """A reason for coming: the collectivité's own nomenclature, seeded from the national default list."""

    code = models.SlugField("code", max_length=60)
    libelle = models.CharField("libellé", max_length=120)
    actif = models.BooleanField("actif", default=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "motif"
        ordering = ["ordre", "libelle"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "code"], name="motif_code_unique")]

    def __str__(self):
        return self.libelle


class Reponse(TenantModel):
    """A response given at a passage (information, orientation, rendez-vous…): the collectivité's own nomenclature,
    seeded with the five responses the desk always had (docs/accueil.md §2)."""

    code = models.SlugField("code", max_length=60)
    libelle = models.CharField("libellé", max_length=120)
    actif = models.BooleanField("actif", default=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "réponse apportée"
        verbose_name_plural = "réponses apportées"
        ordering = ["ordre", "libelle"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "code"], name="reponse_code_unique")]

    def __str__(self):
        return self.libelle

    @property
    def appelle_un_detail(self):
        """« Information donnée »: the form then offers the detail of the information."""
        return self.code == CodeReponse.INFORMATION

    @property
    def ouvre_une_orientation(self):
        """« Orientation »: the form then shows the fiche de liaison."""
        return self.code == CodeReponse.ORIENTATION


class PassageQuerySet(models.QuerySet):
    def du_jour(self):
        debut = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return self.filter(date_heure__gte=debut)

    def de_la_semaine(self):
        maintenant = timezone.localtime()
        debut = (maintenant - timezone.timedelta(days=maintenant.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        return self.filter(date_heure__gte=debut)

    def en_attente(self):
        return self.filter(statut=StatutPassage.EN_ATTENTE)

    def arrivees_d_avant(self, maintenant=None):
        """Arrivals still waiting from a previous day: nobody received them (docs/accueil.md §3)."""
        debut = timezone.localtime(maintenant).replace(hour=0, minute=0, second=0, microsecond=0)
        return self.filter(statut=StatutPassage.EN_ATTENTE, date_heure__lt=debut)

    def des_habitants(self, communes, debut, fin):
        """Passages of the inhabitants of ``communes`` (their commune of residence) in ``[debut, fin)``, at any site."""
        return self.filter(commune_residence__in=communes, date_heure__gte=debut, date_heure__lt=fin)

    def par_motif(self):
        """These passages counted by motif: rows ``{"libelle", "valeur"}``, most frequent first (a passage with two
        motifs counts in both). Raw counts: what leaves the app goes through ``config.secret_statistique``."""
        return (
            PassageMotif.objects.filter(passage__in=self)
            .values(libelle=F("motif__libelle"))
            .annotate(valeur=Count("passage_id"))
            .order_by("-valeur", "libelle")
        )


class Passage(TenantModel):
    """One contact at reception. Anonymous unless ``usager`` is set (docs/securite.md §13)."""

    lieu = models.ForeignKey(LieuAccueil, verbose_name="lieu d'accueil", on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="agent", on_delete=models.PROTECT, related_name="+"
    )
    date_heure = models.DateTimeField("date et heure", default=timezone.now, validators=[date_plausible])
    canal = models.CharField("canal", max_length=20, choices=Canal.choices, default=Canal.SUR_PLACE)
    statut = models.CharField("statut", max_length=20, choices=StatutPassage.choices, default=StatutPassage.TERMINE)
    usager = models.ForeignKey(
        Usager, verbose_name="personne", on_delete=models.PROTECT, null=True, blank=True, related_name="passages"
    )
    # A short optional cue for the queue (« manteau rouge »), kept only while the person waits (docs/accueil.md §3).
    repere = models.CharField("repère (facultatif)", max_length=60, blank=True, validators=[texte_libre])
    commune_residence = models.ForeignKey(
        Commune, verbose_name="commune de résidence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tranche_age = models.CharField("tranche d'âge", max_length=10, choices=TrancheAge.choices, blank=True)
    type_foyer = models.CharField("type de foyer", max_length=20, choices=TypeFoyer.choices, blank=True)
    motifs = models.ManyToManyField(Motif, through="PassageMotif", related_name="passages")
    reponses = models.ManyToManyField(Reponse, through="PassageReponse", related_name="passages")
    information = models.TextField("information donnée", blank=True, validators=[LongueurMax(2000)])
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", null=True, blank=True)
    # Idempotency key sent with the form: a double submission finds the passage already written.
    jeton = models.UUIDField(default=uuid.uuid4, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = tenant_manager(PassageQuerySet)

    class Meta:
        verbose_name = "passage"
        ordering = ["-date_heure"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "jeton"], name="passage_jeton_unique")]
        indexes = [
            models.Index(fields=["collectivite", "lieu", "date_heure"], name="passage_lieu_date"),
            models.Index(fields=["collectivite", "date_heure"], name="passage_date"),
        ]

    def __str__(self):
        return f"Passage du {timezone.localtime(self.date_heure):%d/%m/%Y %H:%M}"

    @property
    def est_en_attente(self):
        """Signalled at the desk, not yet taken in charge."""
        return self.statut == StatutPassage.EN_ATTENTE

    @property
    def anonyme(self):
        return self.usager_id is None


class PassageMotif(TenantModel):
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+")
    motif = models.ForeignKey(Motif, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "passage", "motif"], name="passage_motif_unique")
        ]


class PassageReponse(TenantModel):
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="+")
    reponse = models.ForeignKey(Reponse, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "passage", "reponse"], name="passage_reponse_unique")
        ]


class OrientationQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(statut__in=STATUTS_OUVERTS)

    def envoyees_par(self, structures):
        return self.filter(structure_emettrice__in=structures)

    def recues_par(self, structures):
        return self.filter(structure_destinataire__in=structures)

    def concernant(self, structures):
        return self.filter(Q(structure_emettrice__in=structures) | Q(structure_destinataire__in=structures))


class Orientation(TenantModel):
    """A referral from a passage to a partner structure, with a closed loop."""

    passage = models.ForeignKey(Passage, on_delete=models.PROTECT, related_name="orientations")
    usager = models.ForeignKey(Usager, on_delete=models.PROTECT, null=True, blank=True, related_name="orientations")
    structure_emettrice = models.ForeignKey(
        Structure, verbose_name="structure émettrice", on_delete=models.PROTECT, related_name="orientations_envoyees"
    )
    structure_destinataire = models.ForeignKey(
        Structure, verbose_name="structure destinataire", on_delete=models.PROTECT, related_name="orientations_recues"
    )
    service = models.CharField("service visé", max_length=200, blank=True)
    # A service of the network's data·inclusion directory, when it is listed (docs/accueil.md §5); the free text
    # above stays for what is not.
    service_reseau = models.ForeignKey(
        "reseau.Service",
        verbose_name="service du réseau",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    motif = models.ForeignKey(
        Motif, verbose_name="motif", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.TextField(
        "message au partenaire",
        blank=True,
        help_text="Le strict nécessaire : faits objectifs utiles au partenaire.",
        validators=[LongueurMax(2000)],
    )
    contact = models.CharField("comment joindre la personne", max_length=200, blank=True)
    consentement = models.CharField("consentement", max_length=20, choices=Consentement.choices)
    raison_sans_consentement = models.CharField("raison de l'absence de consentement", max_length=200, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutOrientation.choices, default=StatutOrientation.ENVOYEE
    )
    motif_refus = models.CharField("motif du refus", max_length=30, choices=MotifRefus.choices, blank=True)
    commentaire_reponse = models.TextField("commentaire du partenaire", blank=True, validators=[LongueurMax(1000)])
    emise_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    emise_le = models.DateTimeField("envoyée le", default=timezone.now)
    echeance = models.DateTimeField("expire le")
    derniere_relance = models.DateTimeField(null=True, blank=True)
    nombre_relances = models.PositiveSmallIntegerField(default=0)
    notifiee_le = models.DateTimeField(null=True, blank=True)
    reponse_notifiee_le = models.DateTimeField(null=True, blank=True)
    # Part of the signed link: changing it revokes every link already sent.
    cle_lien = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = tenant_manager(OrientationQuerySet)

    historique = historique()

    class Meta:
        verbose_name = "orientation"
        ordering = ["-emise_le"]
        indexes = [
            models.Index(fields=["collectivite", "structure_destinataire", "statut"], name="orientation_dest"),
            models.Index(fields=["collectivite", "structure_emettrice", "statut"], name="orientation_emet"),
        ]

    def __str__(self):
        return f"Orientation vers {self.structure_destinataire}"

    @property
    def ouverte(self):
        return self.statut in STATUTS_OUVERTS

    @property
    def consentement_recueilli(self):
        """Only then does the fiche carry the person's name and how to reach them (docs/accueil.md §4)."""
        return self.consentement == Consentement.RECUEILLI

    @property
    def attend_accuse_reception(self):
        """Sent, not yet acknowledged: the partner may say they received it (a button, never the opening of a link:
        a mail scanner that prefetches links would acknowledge it, docs/securite.md §21)."""
        return self.statut == StatutOrientation.ENVOYEE

    @property
    def attend_reponse(self):
        """Sent or received: the partner may still accept or refuse it."""
        return self.statut in (StatutOrientation.ENVOYEE, StatutOrientation.RECUE)

    @property
    def est_acceptee(self):
        """Accepted, not yet carried out: the partner may mark it done."""
        return self.statut == StatutOrientation.ACCEPTEE


class EvenementOrientation(TenantModel):
    """Every transition of an orientation: from, to, who (or the signed link), when."""

    orientation = models.ForeignKey(Orientation, on_delete=models.CASCADE, related_name="evenements")
    de = models.CharField(max_length=20, choices=StatutOrientation.choices, blank=True)
    vers = models.CharField(max_length=20, choices=StatutOrientation.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    via_lien = models.BooleanField(default=False)
    quand = models.DateTimeField(default=timezone.now)
    commentaire = models.TextField(blank=True, validators=[texte_libre])

    class Meta:
        ordering = ["quand", "pk"]
