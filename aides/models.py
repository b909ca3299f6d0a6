"""Aides facultatives (docs/aides.md): a structure's schemes, the household situation of a person, applications,
commissions, decisions, payments and their follow-up (vouchers, microcredit instalments)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone

from collectivites.models import TenantModel, TravailSuivi
from collectivites.tenancy import tenant_manager
from config.bornes import date_plausible, texte_libre
from territoire.models import Commune

from .enums import (
    Beneficiaire,
    Decideur,
    Moyen,
    Nature,
    Sens,
    Source,
    StatutBon,
    StatutDemande,
    StatutHeures,
    TypeFoyer,
)

# An amount entered in euros: never negative, never absurd (docs/aides.md « Montants »).
MONTANT_MAX = Decimal("100000")


def montant(libelle, **kwargs):
    kwargs.setdefault("max_digits", 10)
    kwargs.setdefault("decimal_places", 2)
    validators = [MinValueValidator(Decimal("0")), MaxValueValidator(MONTANT_MAX)]
    return models.DecimalField(libelle, validators=validators, **kwargs)


class Dispositif(TenantModel):
    """A scheme a structure runs, with its eligibility rules, its yearly budget and who decides."""

    structure = models.ForeignKey("reseau.Structure", on_delete=models.PROTECT, related_name="+")
    nom = models.CharField("nom", max_length=150)
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    actif = models.BooleanField("ouvert aux demandes", default=True)
    # eligibility rules (each optional)
    communes = models.ManyToManyField(
        Commune, verbose_name="communes de résidence", blank=True, related_name="+", help_text="Vide : toutes."
    )
    age_min = models.PositiveSmallIntegerField(
        "âge minimum", null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        "âge maximum", null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    types_foyer = models.JSONField("compositions du foyer admises", default=list, blank=True)
    reste_a_vivre_max = montant(
        "reste à vivre maximum (€ par jour et par unité de consommation)", null=True, blank=True
    )
    # budget and ceilings
    budget_annuel = montant("budget de l'année (€)")
    plafond_foyer = montant("plafond par foyer et par an (€)")
    pieces = models.TextField("pièces justificatives demandées", blank=True, validators=[texte_libre])
    decideur = models.CharField("qui décide", max_length=20, choices=Decideur.choices, default=Decideur.COMMISSION)
    # per nature
    semaines_acces = models.PositiveSmallIntegerField(
        "durée d'accès (semaines)", null=True, blank=True, validators=[MaxValueValidator(104)]
    )
    plafond_depenses = montant("plafond de dépenses de la période (€)", null=True, blank=True)
    taux_participation = models.PositiveSmallIntegerField(
        "participation de la personne (%)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    organisme_partenaire = models.CharField("organisme prêteur partenaire", max_length=150, blank=True)
    heures_contrepartie = models.PositiveSmallIntegerField(
        "heures de contrepartie", null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    valeur_faciale = montant("valeur faciale d'un chèque (€)", null=True, blank=True)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "dispositif d'aide"
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "structure", "nom"], name="dispositif_nom_unique")
        ]

    def __str__(self):
        return self.nom

    @property
    def liste_pieces(self):
        return [p.strip() for p in self.pieces.splitlines() if p.strip()]

    @property
    def est_microcredit(self):
        return self.nature == Nature.MICROCREDIT

    @property
    def est_permis(self):
        return self.nature == Nature.PERMIS

    @property
    def est_epicerie(self):
        return self.nature == Nature.EPICERIE

    @property
    def est_cheques(self):
        return self.nature == Nature.CHEQUES


class Habilitation(TenantModel):
    """A person authorised to decide an urgent aid of the scheme alone, up to an amount; the decision is reported to
    the next commission."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="habilitations")
    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    montant_max = montant("montant maximum (€)")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "dispositif", "utilisateur"], name="habilitation_unique")
        ]


class SituationFoyer(TenantModel):
    """A person's household, resources and charges at a date, with its source: entered once, reused by every
    application until a newer one is entered (docs/aides.md « Situation »)."""

    usager = models.ForeignKey("usagers.Usager", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("situation au", default=timezone.localdate, validators=[date_plausible])
    source = models.CharField("source", max_length=20, choices=Source.choices, default=Source.DECLARATION)
    type_foyer = models.CharField("composition du foyer", max_length=20, choices=TypeFoyer.choices)
    autres_14_plus = models.PositiveSmallIntegerField(
        "autres personnes de 14 ans et plus", default=0, validators=[MaxValueValidator(20)]
    )
    moins_14 = models.PositiveSmallIntegerField(
        "enfants de moins de 14 ans", default=0, validators=[MaxValueValidator(20)]
    )
    ressources = montant("ressources mensuelles du foyer (€)")
    charges = montant("charges mensuelles du foyer (€)")
    detail = models.TextField("détail des ressources et charges", blank=True, validators=[texte_libre])
    saisie_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saisie_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "situation du foyer"
        ordering = ["-date", "-pk"]

    @property
    def unites_consommation(self):
        """OECD-modified scale: 1 for the first adult, 0.5 per other person aged 14+, 0.3 per child under 14."""
        return Decimal("1") + Decimal("0.5") * self.autres_14_plus + Decimal("0.3") * self.moins_14

    @property
    def personnes(self):
        return 1 + self.autres_14_plus + self.moins_14


class DemandeQuerySet(models.QuerySet):
    def de_l_annee(self, annee):
        return self.filter(deposee_le__year=annee)


class Demande(TenantModel):
    usager = models.ForeignKey("usagers.Usager", on_delete=models.PROTECT, related_name="+")
    dispositif = models.ForeignKey(Dispositif, on_delete=models.PROTECT, related_name="demandes")
    situation = models.ForeignKey(SituationFoyer, on_delete=models.PROTECT, related_name="demandes")
    instructeur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # the structure the professional instructs it for: their access ends when they leave it (docs/securite.md §4)
    structure_instructrice = models.ForeignKey(
        "reseau.Structure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accompagnement = models.ForeignKey(
        "accompagnement.Accompagnement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    passage = models.ForeignKey("accueil.Passage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    objet = models.CharField("objet de la demande", max_length=200)
    montant_demande = montant("montant demandé (€)")
    evaluation = models.TextField(
        "évaluation du professionnel",
        blank=True,
        validators=[texte_libre],
        help_text="Objective et factuelle : la personne peut demander à lire son dossier.",
    )
    statut = models.CharField(max_length=20, choices=StatutDemande.choices, default=StatutDemande.DEPOSEE)
    deposee_le = models.DateTimeField(default=timezone.now)
    reste_a_vivre = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    regles = models.JSONField(default=list, blank=True)  # [{"libelle": …, "respectee": bool}]
    instruite_le = models.DateTimeField(null=True, blank=True)
    commission = models.ForeignKey(
        "Commission", on_delete=models.SET_NULL, null=True, blank=True, related_name="ordre_du_jour"
    )
    jeton = models.UUIDField(null=True, blank=True)  # idempotent API create

    objects = tenant_manager(DemandeQuerySet)

    class Meta:
        verbose_name = "demande d'aide"
        ordering = ["-deposee_le", "-pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "jeton"], name="demande_jeton_unique")]

    def __str__(self):
        return f"{self.dispositif.nom} — {self.objet}"

    @property
    def est_decidee(self):
        return self.statut in (StatutDemande.ACCORDEE, StatutDemande.REFUSEE)

    @property
    def eligible(self):
        return bool(self.regles) and all(r["respectee"] for r in self.regles)


class Commission(TenantModel):
    structure = models.ForeignKey("reseau.Structure", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date de la séance", validators=[date_plausible])
    lieu = models.CharField("lieu", max_length=150, blank=True)
    membres = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="membres", related_name="+", blank=True)
    close_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"Commission du {self.date:%d/%m/%Y}"

    @property
    def est_close(self):
        return self.close_le is not None


class DecisionQuerySet(models.QuerySet):
    def accordees(self):
        return self.filter(sens=Sens.ACCORDEE)

    def engage(self, dispositif, annee):
        return self.accordees().filter(demande__dispositif=dispositif, decidee_le__year=annee).aggregate(
            s=Sum("montant")
        )["s"] or Decimal("0")


class Decision(TenantModel):
    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="decisions")
    commission = models.ForeignKey(
        Commission, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    urgente = models.BooleanField("décision urgente", default=False)
    rapportee_a = models.ForeignKey(
        Commission, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions_rapportees"
    )
    sens = models.CharField("décision", max_length=20, choices=Sens.choices)
    montant = montant("montant accordé (€)", default=Decimal("0"))
    duree_mois = models.PositiveSmallIntegerField(
        "durée (mois)", null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    conditions = models.TextField("conditions", blank=True, validators=[texte_libre])
    objectifs = models.TextField("objectifs convenus avec la personne", blank=True, validators=[texte_libre])
    motif = models.TextField("motif du refus", blank=True, validators=[texte_libre])
    manquant = models.TextField("ce qui manque (ajournement)", blank=True, validators=[texte_libre])
    # an authorised person's urgent grant beyond the household's yearly ceiling, with its reason (docs/aides.md)
    derogation = models.TextField("motif de la dérogation au plafond", blank=True, validators=[texte_libre])
    decidee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decidee_le = models.DateTimeField(default=timezone.now)

    objects = tenant_manager(DecisionQuerySet)

    class Meta:
        verbose_name = "décision"
        ordering = ["-decidee_le", "-pk"]
        constraints = [
            # a commission decides once on an application
            models.UniqueConstraint(
                fields=["collectivite", "commission", "demande"],
                condition=Q(commission__isnull=False),
                name="decision_une_par_commission",
            )
        ]

    @property
    def est_accordee(self):
        return self.sens == Sens.ACCORDEE

    def verse(self):
        return self.versements.aggregate(s=Sum("montant"))["s"] or Decimal("0")


def chemin_document(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/aides/{nom}"


class DocumentAide(TravailSuivi):
    """A PDF rendered by the worker: a commission's minutes, a decision letter to the person, or a structure's yearly
    activity report (docs/aides.md « Rapport d'activité »), whose progress the page shows while it renders."""

    class Type(models.TextChoices):
        PROCES_VERBAL = "pv", "Procès-verbal de commission"
        LETTRE = "lettre", "Lettre de décision"
        RAPPORT = "rapport", "Rapport d'activité annuel"

    type = models.CharField(max_length=10, choices=Type.choices)
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="lettres")
    structure = models.ForeignKey("reseau.Structure", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    annee = models.PositiveSmallIntegerField("année", null=True, blank=True)
    fichier = models.FileField(upload_to=chemin_document, blank=True)
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demande_le = models.DateTimeField(default=timezone.now)
    genere_le = models.DateTimeField(null=True, blank=True)
    erreur = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-demande_le", "-pk"]

    @property
    def en_preparation(self):
        return self.genere_le is None and not self.erreur


class Versement(TenantModel):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="versements")
    montant = montant("montant versé (€)")
    date = models.DateField("date", default=timezone.localdate, validators=[date_plausible])
    beneficiaire = models.CharField("versé à", max_length=20, choices=Beneficiaire.choices)
    tiers_nom = models.CharField("nom du tiers", max_length=150, blank=True)
    # only a third party's account (docs/aides.md): the person's own bank details are never stored
    tiers_iban = models.CharField("IBAN du tiers", max_length=34, blank=True)
    moyen = models.CharField("moyen", max_length=20, choices=Moyen.choices)
    enregistre_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "pk"]


class Bon(TenantModel):
    """A numbered voucher (chèque loisirs / culture): issued, then used once or expired."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="bons")
    numero = models.CharField("numéro", max_length=30)
    valeur = montant("valeur (€)")
    statut = models.CharField(max_length=10, choices=StatutBon.choices, default=StatutBon.EMIS)
    emis_le = models.DateField(default=timezone.localdate)
    expire_le = models.DateField("valable jusqu'au")
    utilise_le = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["numero", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "numero"], name="bon_numero_unique")]

    @property
    def est_emis(self):
        """Issued and not yet used nor expired: the voucher can still be marked as used."""
        return self.statut == StatutBon.EMIS


class Echeance(TenantModel):
    """An instalment of a microcredit's repayment schedule."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="echeances")
    numero = models.PositiveSmallIntegerField()
    date_prevue = models.DateField("échéance")
    montant = montant("montant (€)")
    payee_le = models.DateField("payée le", null=True, blank=True, validators=[date_plausible])
    incident = models.CharField("incident signalé par le prêteur", max_length=200, blank=True)

    class Meta:
        ordering = ["numero", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "decision", "numero"], name="echeance_numero_unique")
        ]

    @property
    def en_retard(self):
        return self.payee_le is None and self.date_prevue < timezone.localdate()


class HeuresContrepartieQuerySet(models.QuerySet):
    def comptees(self):
        """Planned, done or validated: every entry but the refused ones counts against the hours agreed."""
        return self.exclude(statut=StatutHeures.REFUSEES)

    def validees(self):
        return self.filter(statut=StatutHeures.VALIDEES)

    def total(self):
        return self.aggregate(s=Sum("heures"))["s"] or Decimal("0")


class HeuresContrepartie(TenantModel):
    """Counterpart hours of a bourse au permis at a host of the network (a commune service, an association): planned
    by the instructing professional, declared done, then validated — or refused with a reason — by a person of the
    host structure (docs/aides.md « Bourse au permis »)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="heures")
    date = models.DateField("date", validators=[date_plausible])
    heures = models.DecimalField(
        "heures", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(12)]
    )
    structure_hote = models.ForeignKey(
        "reseau.Structure",
        verbose_name="structure d'accueil",
        on_delete=models.PROTECT,
        null=True,  # hours recorded before the host's validation step name their host in ``hote`` only
        related_name="+",
    )
    hote = models.CharField("service ou lieu", max_length=150, blank=True)
    statut = models.CharField(max_length=10, choices=StatutHeures.choices, default=StatutHeures.PREVUES)
    enregistre_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    declaree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declaree_le = models.DateTimeField(null=True, blank=True)
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validee_le = models.DateTimeField(null=True, blank=True)
    motif_refus = models.TextField("motif du refus", blank=True, validators=[texte_libre])

    objects = tenant_manager(HeuresContrepartieQuerySet)

    class Meta:
        verbose_name = "heures de contrepartie"
        ordering = ["date", "pk"]

    @property
    def lieu(self):
        noms = [n for n in (getattr(self.structure_hote, "nom", ""), self.hote) if n]
        return " — ".join(noms)

    @property
    def est_prevue(self):
        return self.statut == StatutHeures.PREVUES

    @property
    def est_faite(self):
        return self.statut == StatutHeures.FAITES

    @property
    def est_validee(self):
        return self.statut == StatutHeures.VALIDEES

    @property
    def est_refusee(self):
        return self.statut == StatutHeures.REFUSEES


class AchatEpicerie(TenantModel):
    """What the person took at the épicerie sociale with their access card: the shelf value counts against the card's
    ceiling, the person pays the scheme's participation rate of it (docs/aides.md « Épicerie sociale »)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="achats")
    date = models.DateField("date", validators=[date_plausible])
    # declared before ``montant``, whose field name hides the helper in the class body
    participation = montant("participation de la personne (€)", default=Decimal("0"))
    montant = montant("montant des achats (€)")
    enregistre_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "achat à l'épicerie sociale"
        ordering = ["date", "pk"]


class RevueObjectifs(TenantModel):
    """The review of the objectives agreed with the person, at the end of the épicerie's access period."""

    class Resultat(models.TextChoices):
        ATTEINTS = "atteints", "Objectifs atteints"
        PARTIELLEMENT = "partiellement", "Objectifs partiellement atteints"
        NON_ATTEINTS = "non_atteints", "Objectifs non atteints"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revues")
    date = models.DateField("date de la revue", validators=[date_plausible])
    resultat = models.CharField("résultat", max_length=20, choices=Resultat.choices)
    commentaire = models.TextField("commentaire", blank=True, validators=[texte_libre])
    revue_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "revue des objectifs"
        constraints = [models.UniqueConstraint(fields=["collectivite", "decision"], name="revue_objectifs_unique")]


class ExamenPermis(TenantModel):
    """A theory or driving test of a bourse au permis, with its result (docs/aides.md « Bourse au permis »)."""

    class Epreuve(models.TextChoices):
        CODE = "code", "Épreuve théorique (code)"
        CONDUITE = "conduite", "Épreuve pratique (conduite)"

    class Resultat(models.TextChoices):
        REUSSI = "reussi", "Réussi"
        ECHOUE = "echoue", "Échoué"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="examens")
    epreuve = models.CharField("épreuve", max_length=10, choices=Epreuve.choices)
    date = models.DateField("date de l'épreuve", validators=[date_plausible])
    resultat = models.CharField("résultat", max_length=10, choices=Resultat.choices)
    enregistre_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "épreuve du permis"
        ordering = ["date", "pk"]
