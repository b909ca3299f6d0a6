"""The partner network: structures, reception sites and who belongs to them (simplest form; grown by reseau)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from collectivites.models import TenantModel
from collectivites.noms import ChampsNomFrancais
from collectivites.telephone import TelephoneField
from collectivites.tenancy import tenant_manager
from comptes.roles import Role
from config.bornes import LongueurMax, date_plausible, texte_libre
from territoire.models import Commune, TerritoireInterventionSociale

from .enums import TypeAccueil, TypeStructure

# a charter is longer than a note: its own bound, still shared by the model, the form and the API
charte_texte = LongueurMax(50_000)


def valider_siret(valeur):
    from stdnum.fr import siret

    if valeur and not siret.is_valid(valeur):
        raise ValidationError("Ce SIRET n'est pas valide (14 chiffres dont le dernier est une clé de contrôle).")


def valider_horaires(valeur):
    """Opening hours in the OpenStreetMap ``opening_hours`` syntax, parsed by opening-hours-py."""
    import opening_hours

    if valeur:
        try:
            opening_hours.OpeningHours(valeur)
        except Exception:
            raise ValidationError(
                "Ces horaires ne sont pas lisibles. Exemple : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »."
            ) from None


class NiveauEngagement(models.TextChoices):
    IDENTIFIEE = "identifiee", "Identifiée"
    MOBILISEE = "mobilisee", "Mobilisée"
    SIGNATAIRE = "signataire", "Signataire de la charte"
    ACTIVE = "active", "Active"


class Structure(ChampsNomFrancais, TenantModel):
    nom = models.CharField("nom", max_length=200)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[valider_siret])
    adresse = models.CharField("adresse", max_length=250, blank=True)
    telephone = TelephoneField("téléphone", blank=True)
    site_web = models.URLField("site web", blank=True)
    niveau_engagement = models.CharField(
        "engagement dans le réseau",
        max_length=20,
        choices=NiveauEngagement.choices,
        default=NiveauEngagement.IDENTIFIEE,
    )
    engagee_le = models.DateField("engagée dans le réseau le", null=True, blank=True, validators=[date_plausible])
    mesure_satisfaction = models.BooleanField("mesure la satisfaction des usagers", default=False)
    satisfaction_methode = models.CharField("comment", max_length=200, blank=True)
    satisfaction_depuis = models.DateField("depuis le", null=True, blank=True, validators=[date_plausible])
    type = models.CharField("type", max_length=30, choices=TypeStructure.choices)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    email = models.EmailField("e-mail de contact (orientations)", blank=True)
    description = models.TextField("présentation", blank=True, validators=[texte_libre])
    structure_parente = models.ForeignKey(
        "self",
        verbose_name="structure parente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="antennes",
    )

    class Meta:
        verbose_name = "structure"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom"], name="structure_nom_unique")]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.completer_nom_francais()
        super().save(*args, **kwargs)


class SourceGeocodage(models.TextChoices):
    BAN = "ban", "Base Adresse Nationale"
    COMMUNE = "commune", "Centre de la commune (adresse non trouvée)"
    MANUEL = "manuel", "Saisie manuelle"


class LieuAccueilQuerySet(models.QuerySet):
    def de_premier_accueil(self):
        return self.filter(type_accueil=TypeAccueil.PREMIER_ACCUEIL)

    def ouverts_au_public(self):
        """First-reception sites an inhabitant can go to: opening hours known, structure engaged in the network."""
        return (
            self.de_premier_accueil()
            .exclude(horaires="")
            .exclude(structure__niveau_engagement=NiveauEngagement.IDENTIFIEE)
        )


class LieuAccueil(ChampsNomFrancais, TenantModel):
    nom = models.CharField("nom", max_length=200)
    structure = models.ForeignKey(Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="lieux")
    type_accueil = models.CharField("type d'accueil", max_length=30, choices=TypeAccueil.choices)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField("latitude")
    longitude = models.FloatField("longitude")
    tis = models.ForeignKey(
        TerritoireInterventionSociale,
        verbose_name="TIS",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lieux",
    )
    telephone = TelephoneField("téléphone", blank=True, help_text="Le numéro que les habitants appellent pour ce lieu.")
    sans_rendez_vous = models.BooleanField("accueil sans rendez-vous", default=True)
    horaires = models.CharField(
        "horaires (format OpenStreetMap)",
        max_length=250,
        blank=True,
        validators=[valider_horaires],
        help_text="Exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00",
    )
    accessibilite = models.CharField("accessibilité", max_length=250, blank=True)
    geocodage_source = models.CharField(
        "origine des coordonnées", max_length=20, choices=SourceGeocodage.choices, default=SourceGeocodage.COMMUNE
    )
    geocodage_score = models.FloatField("score du géocodage", null=True, blank=True)
    localisation_verifiee = models.BooleanField(
        "localisation vérifiée",
        default=False,
        help_text="Cochez quand l'emplacement sur la carte a été contrôlé (indicateur 1 de la charte).",
    )

    objects = tenant_manager(LieuAccueilQuerySet)

    class Meta:
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom"], name="lieu_nom_unique")]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.completer_nom_francais()
        super().save(*args, **kwargs)

    def ouvert(self, moment=None):
        """True / False from the opening hours at ``moment`` (local time), None when they are not known."""
        import opening_hours
        from django.utils import timezone

        if not self.horaires:
            return None
        instant = timezone.localtime(moment or timezone.now()).replace(tzinfo=None)
        return opening_hours.OpeningHours(self.horaires).is_open(instant)


class MembreQuerySet(models.QuerySet):
    def actifs(self, jour=None):
        """The memberships current on ``jour`` (today by default): not ended, or ending after that day."""
        jour = timezone.localdate() if jour is None else jour
        return self.filter(Q(date_fin__isnull=True) | Q(date_fin__gt=jour))


class Membre(TenantModel):
    """A user's role in a structure of the network. Ending the membership ends the access it gave."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adhesions")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="membres")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    lieu_habituel = models.ForeignKey(
        LieuAccueil,
        verbose_name="lieu d'accueil habituel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gestionnaire = models.BooleanField(
        "administrateur de la structure", default=False, help_text="Invite et retire les membres de sa structure."
    )
    date_debut = models.DateField("depuis le", default=timezone.localdate, validators=[date_plausible])
    date_fin = models.DateField(
        "sortie le", null=True, blank=True, help_text="Plus d'accès à partir de ce jour.", validators=[date_plausible]
    )

    objects = tenant_manager(MembreQuerySet)

    class Meta:
        verbose_name = "membre"
        ordering = ["structure__nom", "utilisateur__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "utilisateur", "structure", "role"], name="membre_role_unique"
            )
        ]

    def __str__(self):
        return f"{self.utilisateur} — {self.get_role_display()} ({self.structure})"


def chemin_reseau(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/reseau/{nom}"


class Charte(TenantModel):
    """A version of the network's charter of the unconditional first social reception."""

    version = models.PositiveSmallIntegerField("version")
    titre = models.CharField("titre", max_length=200)
    texte = models.TextField("texte (Markdown)", validators=[charte_texte])
    publiee_le = models.DateField("publiée le", null=True, blank=True, validators=[date_plausible])
    retiree_le = models.DateField("retirée le", null=True, blank=True, validators=[date_plausible])

    class Meta:
        verbose_name = "charte"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "version"], name="charte_version_unique")]

    def __str__(self):
        return f"{self.titre} (version {self.version})"

    @property
    def en_vigueur(self):
        return self.publiee_le is not None and self.retiree_le is None


class EngagementCharte(TenantModel):
    charte = models.ForeignKey(Charte, on_delete=models.CASCADE, related_name="engagements")
    libelle = models.CharField("engagement", max_length=300)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.libelle


class Signature(TenantModel):
    """A structure signs a version of the charter: who, with which commitments, when."""

    charte = models.ForeignKey(Charte, on_delete=models.PROTECT, related_name="signatures")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="signatures")
    signataire = models.CharField("signataire", max_length=150)
    fonction = models.CharField("fonction", max_length=150)
    signee_le = models.DateField("signée le", validators=[date_plausible])
    engagements = models.JSONField("engagements acceptés (identifiants)", default=list)
    enregistree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document = models.FileField("document signé", upload_to=chemin_reseau, blank=True)
    document_depose = models.BooleanField("document déposé (sinon généré)", default=False)

    class Meta:
        verbose_name = "signature de la charte"
        ordering = ["-signee_le", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "charte", "structure"], name="signature_unique")]


class TypeEvenement(models.TextChoices):
    FORMATION = "formation", "Formation interinstitutionnelle"
    IMMERSION = "immersion", "Immersion croisée"
    RENCONTRE = "rencontre", "Rencontre métiers"
    CONFERENCE = "conference", "Conférence"


class Evenement(TenantModel):
    """An event that animates the network; its attendance feeds the charter indicator « outils mis en place »."""

    type = models.CharField("type", max_length=20, choices=TypeEvenement.choices)
    titre = models.CharField("titre", max_length=200)
    date = models.DateTimeField("date", validators=[date_plausible])
    lieu = models.CharField("lieu", max_length=250)
    organisateur = models.ForeignKey(Structure, verbose_name="organisé par", on_delete=models.PROTECT, related_name="+")
    capacite = models.PositiveSmallIntegerField("places", default=20)
    evaluation = models.TextField("évaluation", blank=True, validators=[LongueurMax(5000)])

    class Meta:
        verbose_name = "événement"
        ordering = ["-date", "pk"]

    def __str__(self):
        return self.titre


class Inscription(TenantModel):
    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE, related_name="inscriptions")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="professionnel", on_delete=models.PROTECT, related_name="+"
    )
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("présent", null=True, blank=True)
    note = models.PositiveSmallIntegerField("note (1 à 5)", null=True, blank=True)
    avis = models.CharField("avis", max_length=500, blank=True)
    inscrit_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "evenement", "utilisateur"], name="inscription_unique")
        ]


class CibleEvenement(TenantModel):
    """A structure an event is aimed at (its professionals are invited first)."""

    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE, related_name="cibles")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["structure__nom"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "evenement", "structure"], name="cible_evenement_unique")
        ]


class Contact(TenantModel):
    """A named contact person of a structure (for partners, not a user account)."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="contacts")
    nom = models.CharField("nom et prénom", max_length=150)
    fonction = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("e-mail", blank=True)
    telephone = TelephoneField("téléphone", blank=True)

    class Meta:
        verbose_name = "contact"
        ordering = ["nom", "pk"]

    def __str__(self):
        return self.nom


def _choix(enum):
    return [(e.value, e.label) for e in enum]


class Service(TenantModel):
    """A service a structure offers, described with the data·inclusion vocabularies (thématiques, publics, modes
    d'accueil) and the COG codes where it is open to inhabitants (zone d'éligibilité)."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="services")
    lieu = models.ForeignKey(
        LieuAccueil, verbose_name="lieu d'accueil", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nom = models.CharField("nom", max_length=150)
    description = models.TextField("description", validators=[texte_libre])
    thematiques = models.JSONField("thématiques", default=list)
    publics = models.JSONField("publics", default=list)
    modes_accueil = models.JSONField("modes d'accueil", default=list)
    zone_eligibilite = models.JSONField("zone d'éligibilité (codes COG)", default=list)

    class Meta:
        verbose_name = "service"
        ordering = ["nom", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "structure", "nom"], name="service_nom_unique")]

    def __str__(self):
        return self.nom

    def _libelles(self, enum, codes):
        libelles = {e.value: e.label for e in enum}
        return [libelles.get(c, c) for c in codes]

    @property
    def thematiques_libelles(self):
        from data_inclusion.schema.v1 import Thematique

        return self._libelles(Thematique, self.thematiques)

    @property
    def publics_libelles(self):
        from data_inclusion.schema.v1 import Public

        return self._libelles(Public, self.publics)

    @property
    def modes_libelles(self):
        from data_inclusion.schema.v1 import ModeAccueil

        return self._libelles(ModeAccueil, self.modes_accueil)


class Invitation(TenantModel):
    """An invitation to join a structure with a role, sent by e-mail as a signed, single-use, revocable link."""

    email = models.EmailField("e-mail")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    gestionnaire = models.BooleanField("administrateur de la structure", default=False)
    cle = models.UUIDField(default=uuid.uuid4, editable=False)
    invitee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    creee_le = models.DateTimeField(default=timezone.now)
    expire_le = models.DateTimeField()
    acceptee_le = models.DateTimeField(null=True, blank=True)
    revoquee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["-creee_le", "pk"]

    def __str__(self):
        return f"{self.email} → {self.structure}"

    @property
    def statut(self):
        if self.acceptee_le:
            return "acceptée"
        if self.revoquee_le:
            return "révoquée"
        if self.expire_le < timezone.now():
            return "expirée"
        return "en attente"


class CategorieRessource(models.TextChoices):
    DOCUMENT = "document", "Document ressource"
    REGLEMENTATION = "reglementation", "Rappel réglementaire"
    FICHE_LIAISON = "fiche_liaison", "Modèle de fiche de liaison"
    OUTIL = "outil", "Outil ou logiciel"


class Visibilite(models.TextChoices):
    RESEAU = "reseau", "Tout le réseau"
    SIGNATAIRES = "signataires", "Structures signataires de la charte"
    INTERNE = "interne", "Services du Département seulement"


class Ressource(TenantModel):
    """A shared tool of the network (charter indicator 3 « outils mis en place »), with its successive versions."""

    titre = models.CharField("titre", max_length=200)
    categorie = models.CharField("catégorie", max_length=20, choices=CategorieRessource.choices)
    description = models.TextField("description", blank=True, validators=[texte_libre])
    etiquettes = models.CharField("étiquettes", max_length=250, blank=True, help_text="Séparées par des virgules.")
    visibilite = models.CharField("visible par", max_length=20, choices=Visibilite.choices, default=Visibilite.RESEAU)
    creee_le = models.DateTimeField(default=timezone.now)
    creee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "ressource"
        ordering = ["titre", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "titre"], name="ressource_titre_unique")]

    def __str__(self):
        return self.titre

    @property
    def liste_etiquettes(self):
        return [e.strip() for e in self.etiquettes.split(",") if e.strip()]


class VersionRessource(TenantModel):
    ressource = models.ForeignKey(Ressource, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveSmallIntegerField("version")
    fichier = models.FileField(upload_to=chemin_reseau)
    nom_original = models.CharField(max_length=200)
    type_mime = models.CharField(max_length=100)
    note = models.CharField("ce qui change", max_length=300, blank=True)
    deposee_le = models.DateTimeField(default=timezone.now)
    deposee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-numero"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "ressource", "numero"], name="version_ressource_unique")
        ]
