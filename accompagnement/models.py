"""Personalised supports: the support, its groupe de suivi, its plan d'action and its interviews.

Who sees what follows the person, not the network (CASF L.121-6-2): see access.py. Private notes belong to their
author alone, child-protection evaluations to the child-protection role (CASF L.226-2-2).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from collectivites.historique import historique
from collectivites.models import TenantModel
from collectivites.tenancy import tenant_manager
from config.bornes import LongueurMax, date_plausible, texte_libre
from reseau.models import Structure
from usagers.models import Usager

from .enums import CanalEntretien, FinGroupe, Issue, Porteur, StatutAccompagnement, StatutAction


class TypeAccompagnement(TenantModel):
    code = models.SlugField("code", max_length=60)
    libelle = models.CharField("libellé", max_length=150)
    confidentiel = models.BooleanField(
        "confidentiel", default=False, help_text="Visible du seul rôle protection de l'enfance (CASF L.226-2-2)."
    )
    actif = models.BooleanField("actif", default=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "type d'accompagnement"
        ordering = ["ordre", "libelle"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "code"], name="type_accompagnement_code_unique")]

    def __str__(self):
        return self.libelle


# The seeded types that carry a procedure (enums.TYPES_ACCOMPAGNEMENT): its page and its section of the support.
CODE_PREVENTION_EXPULSIONS = "prevention-expulsions"
CODE_EVALUATION_IP = "evaluation-ip"

# An action still to do: what is overdue or next.
A_FAIRE = (StatutAction.A_FAIRE, StatutAction.EN_COURS)


def _actions_en_retard(jour):
    """How many actions of the support's plan are still to do past their due date."""
    return Count(
        "themes__objectifs__actions",
        distinct=True,
        filter=Q(
            themes__objectifs__actions__statut__in=A_FAIRE,
            themes__objectifs__actions__echeance__lt=jour,
        ),
    )


class AccompagnementQuerySet(models.QuerySet):
    def ouverts(self):
        return self.filter(statut=StatutAccompagnement.OUVERT)

    def clos(self):
        return self.filter(statut=StatutAccompagnement.CLOS)

    def non_confidentiels(self):
        return self.filter(type__confidentiel=False)

    # The caseload (/accompagnements/) and the team view (/accompagnements/equipe/).

    def avec_suivi(self, jour=None):
        """Annotate the caseload's columns: ``en_retard`` (overdue actions), ``prochaine`` (the next due date, today
        or later) and ``dernier_entretien``."""
        jour = jour or timezone.localdate()
        return self.annotate(
            en_retard=_actions_en_retard(jour),
            prochaine=Min(
                "themes__objectifs__actions__echeance",
                filter=Q(
                    themes__objectifs__actions__statut__in=A_FAIRE,
                    themes__objectifs__actions__echeance__gte=jour,
                ),
            ),
            dernier_entretien=Max("entretiens__date"),
        ).distinct()

    def en_retard(self):
        """Those with at least one overdue action (after ``avec_suivi()``)."""
        return self.filter(en_retard__gt=0)

    def sans_contact_depuis(self, seuil):
        """The open ones with no interview since ``seuil`` (a datetime) — nor opened since, when there was none."""
        qs = (
            self
            if "dernier_entretien" in self.query.annotations
            else self.annotate(dernier_entretien=Max("entretiens__date"))
        )
        return qs.ouverts().filter(
            Q(dernier_entretien__lt=seuil) | Q(dernier_entretien__isnull=True, date_debut__lt=seuil.date())
        )

    def par_referent(self, jour=None):
        """The team view: per referent, the number of supports and of overdue actions (rows of values)."""
        return (
            self.filter(referent__isnull=False)
            .values("referent", "referent__prenom", "referent__nom")
            .annotate(nombre=Count("id", distinct=True), en_retard=_actions_en_retard(jour or timezone.localdate()))
            .order_by("referent__nom", "referent__prenom")
        )


class Accompagnement(TenantModel):
    usager = models.ForeignKey(
        Usager, verbose_name="personne", on_delete=models.PROTECT, related_name="accompagnements"
    )
    type = models.ForeignKey(TypeAccompagnement, verbose_name="type", on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="+")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    date_debut = models.DateField("début", default=timezone.localdate, validators=[date_plausible])
    date_fin = models.DateField("fin", null=True, blank=True, validators=[date_plausible])
    statut = models.CharField(
        "statut", max_length=10, choices=StatutAccompagnement.choices, default=StatutAccompagnement.OUVERT
    )
    issue = models.CharField("issue", max_length=30, choices=Issue.choices, blank=True)
    commentaire_cloture = models.TextField("commentaire de clôture", blank=True, validators=[LongueurMax(2000)])
    consentement_partage = models.BooleanField(
        "la personne consent au partage avec les partenaires nommés", default=False
    )
    partenaires_consentis = models.ManyToManyField(
        Structure, through="PartenaireConsenti", related_name="+", blank=True
    )
    # The passage that led to the support, when there was one. An id, not a foreign key: accompagnement and accueil
    # both stand on usagers and never import each other (see README, architecture).
    passage_origine_id = models.PositiveBigIntegerField(null=True, blank=True)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = tenant_manager(AccompagnementQuerySet)

    historique = historique()

    class Meta:
        verbose_name = "accompagnement"
        ordering = ["-date_debut", "-pk"]
        indexes = [models.Index(fields=["collectivite", "usager", "statut"], name="accompagnement_usager")]

    def __str__(self):
        return f"{self.type} — {self.usager}"

    @property
    def est_ouvert(self):
        return self.statut == StatutAccompagnement.OUVERT

    @property
    def est_prevention_expulsions(self):
        """A support of the type that carries an eviction inquiry."""
        return self.type.code == CODE_PREVENTION_EXPULSIONS

    @property
    def est_evaluation_ip(self):
        """A support of the type that carries a child-protection evaluation."""
        return self.type.code == CODE_EVALUATION_IP

    @property
    def enquete_expulsion(self):
        return EnqueteExpulsion.objects.filter(accompagnement=self).first()

    @property
    def evaluation_ip(self):
        return EvaluationIP.objects.filter(accompagnement=self).first()


class PartenaireConsenti(TenantModel):
    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.CASCADE, related_name="+")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "accompagnement", "structure"], name="partenaire_consenti_unique"
            )
        ]


def usagers_suivis(limites=None):
    """The persons with an open support: usagers.retention keeps their file (registered in ``ready()``)."""
    return Accompagnement.objects.ouverts().values_list("usager_id", flat=True)


class MembreGroupeQuerySet(models.QuerySet):
    def actifs(self, jour=None):
        jour = jour or timezone.localdate()
        return self.filter(date_debut__lte=jour).filter(Q(date_fin__isnull=True) | Q(date_fin__gte=jour))


class MembreGroupe(TenantModel):
    """A professional of the groupe de suivi: the basis of need-to-know sharing."""

    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.CASCADE, related_name="groupe")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="professionnel",
        on_delete=models.PROTECT,
        related_name="groupes_de_suivi",
    )
    structure = models.ForeignKey(Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="+")
    referent = models.BooleanField("référent", default=False)
    date_debut = models.DateField("depuis le", default=timezone.localdate, validators=[date_plausible])
    date_fin = models.DateField("jusqu'au", null=True, blank=True, validators=[date_plausible])
    motif_fin = models.CharField("motif de fin", max_length=30, choices=FinGroupe.choices, blank=True)

    objects = tenant_manager(MembreGroupeQuerySet)

    historique = historique()

    class Meta:
        verbose_name = "membre du groupe de suivi"
        ordering = ["-referent", "date_debut", "pk"]


class Theme(TenantModel):
    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.CASCADE, related_name="themes")
    libelle = models.CharField("thème", max_length=150)
    ordre = models.PositiveSmallIntegerField(default=0)

    historique = historique()

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.libelle


class Objectif(TenantModel):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="objectifs")
    libelle = models.CharField("objectif", max_length=250)
    date_accord = models.DateField("convenu avec la personne le", null=True, blank=True, validators=[date_plausible])
    ordre = models.PositiveSmallIntegerField(default=0)

    historique = historique()

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.libelle


class ActionQuerySet(models.QuerySet):
    def en_retard(self, jour=None):
        jour = jour or timezone.localdate()
        return self.filter(statut__in=A_FAIRE, echeance__lt=jour)

    def a_venir(self):
        return self.filter(statut__in=A_FAIRE).order_by("echeance", "pk")


class Action(TenantModel):
    objectif = models.ForeignKey(Objectif, on_delete=models.CASCADE, related_name="actions")
    libelle = models.CharField("action", max_length=250)
    porteur = models.CharField("qui la porte", max_length=20, choices=Porteur.choices)
    structure_porteuse = models.ForeignKey(
        Structure,
        verbose_name="structure partenaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    echeance = models.DateField("échéance", null=True, blank=True, validators=[date_plausible])
    statut = models.CharField("statut", max_length=20, choices=StatutAction.choices, default=StatutAction.A_FAIRE)
    resultat = models.TextField("résultat", blank=True, validators=[LongueurMax(2000)])
    realisee_le = models.DateField("réalisée le", null=True, blank=True, validators=[date_plausible])

    objects = tenant_manager(ActionQuerySet)

    historique = historique()

    class Meta:
        ordering = ["echeance", "pk"]

    def __str__(self):
        return self.libelle

    @property
    def en_retard(self):
        return self.statut in A_FAIRE and self.echeance is not None and self.echeance < timezone.localdate()


class Entretien(TenantModel):
    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.CASCADE, related_name="entretiens")
    date = models.DateTimeField("date", default=timezone.now)
    canal = models.CharField("canal", max_length=20, choices=CanalEntretien.choices)
    participants = models.CharField("participants", max_length=300, blank=True)
    synthese = models.TextField(
        "synthèse partagée",
        blank=True,
        help_text="Lue par le groupe de suivi. Objectif, factuel, strictement nécessaire.",
        validators=[LongueurMax(5000)],
    )
    prochaines_etapes = models.TextField("prochaines étapes", blank=True, validators=[LongueurMax(2000)])
    adresse_visite = models.CharField("adresse de la visite à domicile", max_length=250, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    historique = historique()

    class Meta:
        ordering = ["-date", "-pk"]


class NotePriveeQuerySet(models.QuerySet):
    def de(self, user):
        """The only way to read private notes: those of their author (docs/securite.md §5)."""
        return self.filter(auteur=user)


class NotePrivee(TenantModel):
    """A note only its author can ever read — not the group, not an administrator, not the API."""

    entretien = models.ForeignKey(Entretien, on_delete=models.CASCADE, related_name="+")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField("note privée", validators=[LongueurMax(5000)])

    objects = tenant_manager(NotePriveeQuerySet)

    class Meta:
        verbose_name = "note privée"


def chemin_document(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/accompagnements/{instance.accompagnement_id}/{nom}"


class DocumentPlan(TenantModel):
    """A document of the support rendered by the worker, dated and kept: the plan as a contrat d'engagement, or the
    report of an eviction-prevention inquiry."""

    class Nature(models.TextChoices):
        CONTRAT = "contrat", "Contrat d'engagement"
        RAPPORT_EXPULSION = "rapport_expulsion", "Rapport d'enquête (prévention des expulsions)"
        DEPOSE = "depose", "Document déposé"

    nature = models.CharField(max_length=30, choices=Nature.choices, default=Nature.CONTRAT)
    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.PROTECT, related_name="documents")
    fichier = models.FileField(upload_to=chemin_document, blank=True)
    demande_le = models.DateTimeField(default=timezone.now)
    genere_le = models.DateTimeField(null=True, blank=True)
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    erreur = models.TextField(blank=True)
    nom_original = models.CharField("nom du fichier déposé", max_length=200, blank=True)
    type_mime = models.CharField(max_length=60, default="application/pdf")
    # the terms of a contrat d'engagement, as agreed when it was produced (docs/accompagnement.md)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    date_revision = models.DateField("date de révision", null=True, blank=True, validators=[date_plausible])
    fait_a = models.CharField("fait à", max_length=100, blank=True)

    class Meta:
        ordering = ["-demande_le", "-pk"]


class EnqueteExpulsion(TenantModel):
    """Prévention des expulsions locatives: the inquiry asked by the préfecture or the CCAPEX."""

    class Demandeur(models.TextChoices):
        PREFECTURE = "prefecture", "Préfecture"
        CCAPEX = "ccapex", "CCAPEX"

    class Bailleur(models.TextChoices):
        SOCIAL = "social", "Bailleur social"
        PRIVE = "prive", "Bailleur privé"
        AUTRE = "autre", "Autre"

    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.CASCADE, related_name="+")
    demandeur = models.CharField("demandée par", max_length=20, choices=Demandeur.choices)
    date_demande = models.DateField("date de la demande", validators=[date_plausible])
    date_assignation = models.DateField("date de l'assignation", null=True, blank=True, validators=[date_plausible])
    date_audience = models.DateField("date de l'audience", null=True, blank=True, validators=[date_plausible])
    date_ccapex = models.DateField("examen en CCAPEX", null=True, blank=True, validators=[date_plausible])
    type_bailleur = models.CharField("type de bailleur", max_length=20, choices=Bailleur.choices)
    dette_locative = models.DecimalField("dette locative (€)", max_digits=9, decimal_places=2, default=0)
    ressources_mensuelles = models.DecimalField(
        "ressources mensuelles du foyer (€)", max_digits=9, decimal_places=2, default=0
    )
    charges_mensuelles = models.DecimalField(
        "charges mensuelles du foyer (€)", max_digits=9, decimal_places=2, default=0
    )
    aides_demandees = models.CharField("aides demandées (FSL, autres)", max_length=250, blank=True)
    recommandations = models.TextField("préconisations", blank=True, validators=[texte_libre])

    historique = historique()

    class Meta:
        verbose_name = "enquête de prévention des expulsions"
        # one per support; the tenant is in every unique constraint (no OneToOneField)
        constraints = [models.UniqueConstraint(fields=["collectivite", "accompagnement"], name="enquete_unique")]


class EvaluationIP(TenantModel):
    """Évaluation d'une information préoccupante: the child-protection role only (CASF L.226-2-2)."""

    class Issue(models.TextChoices):
        EN_COURS = "en_cours", "Évaluation en cours"
        SANS_SUITE = "sans_suite", "Classement sans suite"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement proposé à la famille"
        MESURE_ADMINISTRATIVE = "mesure_administrative", "Mesure administrative de protection"
        SIGNALEMENT = "signalement", "Signalement à l'autorité judiciaire"

    accompagnement = models.ForeignKey(Accompagnement, on_delete=models.CASCADE, related_name="+")
    date_reception = models.DateField("information reçue le", validators=[date_plausible])
    parents_informes = models.BooleanField("les parents ont été informés", default=False)
    parents_informes_le = models.DateField("informés le", null=True, blank=True, validators=[date_plausible])
    raison_non_information = models.CharField("pourquoi les parents n'ont pas été informés", max_length=250, blank=True)
    issue = models.CharField("issue de l'évaluation", max_length=30, choices=Issue.choices, default=Issue.EN_COURS)

    historique = historique()

    class Meta:
        verbose_name = "évaluation d'information préoccupante"
        constraints = [models.UniqueConstraint(fields=["collectivite", "accompagnement"], name="evaluation_ip_unique")]
