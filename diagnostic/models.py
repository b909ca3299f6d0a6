"""The diagnostic social de territoire (seed 001, docs/diagnostic.md): a photograph of a territory at a date — its data
pack, its actors, the demand its inhabitants expressed — analysed into problématiques, then shared.

No person data lives here: the pack holds counts that went through the small-cell rule, interviews hold syntheses
without the respondents' names, comments are the staff's.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from collectivites.models import TenantModel, TravailSuivi
from config.bornes import LongueurMax, date_plausible

from .enums import NatureActeur, StatutCommentaire, StatutTravail, TypeEntretien, TypeTerritoire

FIGEE = "Cette version est partagée : elle est figée et ne peut plus être modifiée. Créez une nouvelle version."


class Diagnostic(TenantModel):
    """A diagnostic of one territory, opened for a commissioner, often from an engineering request."""

    titre = models.CharField("titre", max_length=200)
    commanditaire = models.CharField(
        "commanditaire", max_length=200, help_text="Qui commande le diagnostic : une commune, une intercommunalité…"
    )
    type_territoire = models.CharField("territoire", max_length=20, choices=TypeTerritoire.choices)
    epci = models.ForeignKey(
        "territoire.EPCI",
        verbose_name="intercommunalité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tis = models.ForeignKey(
        "territoire.TerritoireInterventionSociale",
        verbose_name="territoire d'intervention sociale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quartier = models.CharField("nom du quartier", max_length=150, blank=True)
    communes = models.ManyToManyField("territoire.Commune", verbose_name="communes", related_name="+")
    demande = models.ForeignKey(
        "ingenierie.Demande",
        verbose_name="demande d'ingénierie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnostics",
    )
    questionnaires = models.ManyToManyField(
        "developpement.Questionnaire", verbose_name="questionnaires", blank=True, related_name="+"
    )
    ouvert_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ouvert_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "diagnostic social de territoire"
        ordering = ["-ouvert_le", "-pk"]

    def __str__(self):
        return self.titre

    @property
    def libelle_territoire(self):
        if self.type_territoire == TypeTerritoire.QUARTIER:
            return f"quartier {self.quartier}"
        if self.type_territoire == TypeTerritoire.EPCI and self.epci_id:
            return self.epci.nom
        if self.type_territoire == TypeTerritoire.TIS and self.tis_id:
            return f"TIS {self.tis.nom}"
        return self.get_type_territoire_display()


class InvitationDiagnostic(TenantModel):
    """A partner invited to read the diagnostic, comment it and propose amendments."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="invitations")
    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invite_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invite_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "partenaire invité"
        ordering = ["invite_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "diagnostic", "utilisateur"], name="diagnostic_invitation_unique"
            )
        ]

    def __str__(self):
        return str(self.utilisateur)


class PackDonnees(TravailSuivi):
    """The data pack assembled by the worker at a date: figures already protected by the small-cell rule, and the
    list of what is missing and why (docs/diagnostic.md §3)."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="packs")
    date_reference = models.DateField("date de référence", validators=[date_plausible])
    statut = models.CharField(max_length=20, choices=StatutTravail.choices, default=StatutTravail.EN_ATTENTE)
    contenu = models.JSONField(default=dict, blank=True)
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demande_le = models.DateTimeField(default=timezone.now)
    genere_le = models.DateTimeField(null=True, blank=True)
    erreur = models.TextField(blank=True)

    class Meta:
        verbose_name = "pack de données"
        ordering = ["-demande_le", "-pk"]

    def __str__(self):
        return f"Pack de données au {self.date_reference:%d/%m/%Y}"

    @property
    def pret(self):
        return self.statut == StatutTravail.PRET

    @property
    def en_preparation(self):
        return self.statut in (StatutTravail.EN_ATTENTE, StatutTravail.EN_COURS)

    @property
    def en_erreur(self):
        return self.statut == StatutTravail.ERREUR

    def chiffres(self):
        """Every figure of the pack by its code: what a problématique cites as evidence."""
        return {c["code"]: c for s in self.contenu.get("sections", []) for c in s.get("chiffres", [])}


class Acteur(TenantModel):
    """An actor of the territory: a structure of the network (``structure``) or an actor added by hand."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="acteurs")
    structure = models.ForeignKey(
        "reseau.Structure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nom = models.CharField("nom", max_length=200)
    nature = models.CharField("nature", max_length=20, choices=NatureActeur.choices)
    contact = models.CharField(
        "contact", max_length=300, blank=True, help_text="Un accueil, une adresse ou un téléphone de l'organisme."
    )
    activites = models.TextField("ce qu'il fait", blank=True, validators=[LongueurMax(2000)])
    rencontre = models.BooleanField("rencontré", default=False)

    class Meta:
        verbose_name = "acteur du territoire"
        ordering = ["nom", "pk"]

    def __str__(self):
        return self.nom

    @property
    def du_reseau(self):
        return self.structure_id is not None


class GrilleEntretien(TenantModel):
    """An interview grid: the points to go through with volunteers, individually or in a group."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="grilles")
    type = models.CharField("type d'entretien", max_length=20, choices=TypeEntretien.choices)
    titre = models.CharField("titre", max_length=200)
    questions = models.TextField("points abordés", validators=[LongueurMax(5000)], help_text="Un point par ligne.")

    class Meta:
        verbose_name = "grille d'entretien"
        ordering = ["type", "titre", "pk"]

    def __str__(self):
        return f"{self.titre} ({self.get_type_display().lower()})"

    def liste_des_questions(self):
        return [q.strip() for q in self.questions.splitlines() if q.strip()]


class Entretien(TenantModel):
    """One interview conducted with a grid: its date, how many took part, its synthesis — never who."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="entretiens")
    grille = models.ForeignKey(GrilleEntretien, verbose_name="grille", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date", validators=[date_plausible])
    participants = models.PositiveSmallIntegerField(
        "nombre de participants", validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    synthese = models.TextField("synthèse", validators=[LongueurMax(10_000)])

    class Meta:
        verbose_name = "entretien"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.grille.titre} du {self.date:%d/%m/%Y}"


class VersionDiagnostic(TenantModel):
    """One version of the document. « Partagée » (``partagee_le``) it is frozen: its text, its problématiques and a
    snapshot of everything it showed (``instantane``) can no longer change (docs/diagnostic.md §5)."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveSmallIntegerField("version")
    synthese = models.TextField("synthèse", blank=True, validators=[LongueurMax(20_000)])
    pack = models.ForeignKey(PackDonnees, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    partagee_le = models.DateField("partagée le", null=True, blank=True)
    partagee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instantane = models.JSONField(default=dict, blank=True)
    creee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "version du diagnostic"
        ordering = ["diagnostic_id", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "diagnostic", "numero"], name="diagnostic_version_unique")
        ]

    def __str__(self):
        return f"Version {self.numero}"

    @property
    def est_partagee(self):
        return self.partagee_le is not None

    def save(self, *args, **kwargs):
        if self.pk and VersionDiagnostic.objects.filter(pk=self.pk, partagee_le__isnull=False).exists():
            raise ValidationError(FIGEE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.est_partagee:
            raise ValidationError(FIGEE)
        return super().delete(*args, **kwargs)


def _refuser_si_figee(version_id):
    if VersionDiagnostic.objects.filter(pk=version_id, partagee_le__isnull=False).exists():
        raise ValidationError(FIGEE)


class Problematique(TenantModel):
    """A problem of the territory written by the team, with its evidence: figures of the pack (their codes), the
    questionnaires, the interviews; and the collective actions that answer it."""

    version = models.ForeignKey(VersionDiagnostic, on_delete=models.CASCADE, related_name="problematiques")
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    titre = models.CharField("problématique", max_length=200)
    constat = models.TextField("constat", validators=[LongueurMax(5000)])
    chiffres = models.JSONField("chiffres du pack", default=list, blank=True)
    questionnaires = models.ManyToManyField(
        "developpement.Questionnaire", verbose_name="questionnaires", blank=True, related_name="+"
    )
    entretiens = models.ManyToManyField(Entretien, verbose_name="entretiens", blank=True, related_name="+")
    actions = models.ManyToManyField(
        "developpement.ActionCollective",
        verbose_name="actions collectives qui y répondent",
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "problématique"
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        _refuser_si_figee(self.version_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuser_si_figee(self.version_id)
        return super().delete(*args, **kwargs)


class Commentaire(TenantModel):
    """A partner's comment on a version being written, or an amendment: a text proposed in place of the synthesis or
    of one problématique's constat, which the team accepts (the text is replaced) or rejects."""

    version = models.ForeignKey(VersionDiagnostic, on_delete=models.CASCADE, related_name="commentaires")
    problematique = models.ForeignKey(
        Problematique,
        verbose_name="problématique visée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commentaires",
        help_text="Vide : la synthèse du diagnostic.",
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField("commentaire", validators=[LongueurMax(5000)])
    texte_propose = models.TextField(
        "texte proposé (amendement)",
        blank=True,
        validators=[LongueurMax(20_000)],
        help_text="Facultatif : le texte qui remplacerait la synthèse ou le constat de la problématique visée.",
    )
    statut = models.CharField(max_length=20, choices=StatutCommentaire.choices, default=StatutCommentaire.COMMENTAIRE)
    ecrit_le = models.DateTimeField(default=timezone.now)
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    traite_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "commentaire"
        ordering = ["ecrit_le", "pk"]

    def __str__(self):
        return self.texte[:60]

    @property
    def attend_decision(self):
        return self.statut == StatutCommentaire.PROPOSE

    def save(self, *args, **kwargs):
        _refuser_si_figee(self.version_id)
        super().save(*args, **kwargs)


def chemin_document(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/diagnostic/{nom}"


class DocumentDiagnostic(TravailSuivi):
    """The PDF of one version, rendered by the worker; progress written as it goes."""

    version = models.ForeignKey(VersionDiagnostic, on_delete=models.CASCADE, related_name="documents")
    statut = models.CharField(max_length=20, choices=StatutTravail.choices, default=StatutTravail.EN_ATTENTE)
    fichier = models.FileField(upload_to=chemin_document, blank=True)
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demande_le = models.DateTimeField(default=timezone.now)
    genere_le = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    erreur = models.TextField(blank=True)

    class Meta:
        verbose_name = "PDF du diagnostic"
        ordering = ["-demande_le", "-pk"]

    def __str__(self):
        return f"PDF du {self.demande_le:%d/%m/%Y}"

    pret = PackDonnees.pret
    en_preparation = PackDonnees.en_preparation
    en_erreur = PackDonnees.en_erreur

    def nom_fichier(self):
        return f"diagnostic-{self.version.diagnostic_id}-v{self.version.numero}.pdf"


class DonneeInsee(models.Model):
    """One figure of an official INSEE file for one commune (shared reference data, like the COG): imported by
    ``manage.py importer_insee`` (docs/diagnostic.md §4). ``code`` is the figure's name in the pack, not the file's
    column (the column names carry the vintage)."""

    commune = models.ForeignKey("territoire.Commune", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    fichier = models.CharField("fichier source", max_length=60)
    millesime = models.PositiveSmallIntegerField("millésime")
    valeur = models.DecimalField(max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = "donnée Insee"
        ordering = ["commune_id", "code"]
        constraints = [models.UniqueConstraint(fields=["commune", "code"], name="diagnostic_donnee_insee_unique")]

    def __str__(self):
        return f"{self.commune_id} {self.code} = {self.valeur}"
