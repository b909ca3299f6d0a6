"""The person (usager) met at a desk or followed in a support, and the log of who read their file.

Only what reception needs: no NIR, no nationality (docs/securite.md §13). Anonymous passages need no Usager at all.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from collectivites.historique import historique
from collectivites.models import TenantModel
from collectivites.telephone import TelephoneField
from collectivites.tenancy import tenant_manager
from config.bornes import DatePlausible
from territoire.models import Commune

from .recherche import normaliser_telephone, texte_cles, texte_recherche


class UsagerQuerySet(models.QuerySet):
    def actifs(self):
        """The active base: neither merged into another file nor anonymised (docs/securite.md §12)."""
        return self.filter(fusionne_dans__isnull=True, anonymise_le__isnull=True)


class Usager(TenantModel):
    class Civilite(models.TextChoices):
        MADAME = "madame", "Madame"
        MONSIEUR = "monsieur", "Monsieur"

    # optional; says « née le » or « né le » in documents (docs/accompagnement.md), « né·e » when not given
    civilite = models.CharField("civilité", max_length=10, choices=Civilite.choices, blank=True)
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    nom_naissance = models.CharField("nom de naissance", max_length=100, blank=True)
    # the same plausible window as every date of the app (docs/securite.md §21); the form adds « not in the future »
    date_naissance = models.DateField("date de naissance", null=True, blank=True, validators=[DatePlausible()])
    telephone = TelephoneField("téléphone", blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name="commune de résidence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Derived, for the search (see recherche.py): kept in step on every save.
    nom_recherche = models.CharField(max_length=250, editable=False, db_index=False)
    telephone_normalise = models.CharField(max_length=30, editable=False, blank=True)
    # the search keys of each word of nom_recherche — spelling, one letter dropped, beginnings, French phonetic key —
    # space-padded (recherche.texte_cles); a GIN index on PostgreSQL (migration 0011)
    cles_recherche = models.TextField(editable=False, blank=True, default="")
    fusionne_dans = models.ForeignKey(
        "self", verbose_name="fusionné dans", on_delete=models.PROTECT, null=True, blank=True, related_name="doublons"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    dernier_contact = models.DateTimeField("dernier contact", null=True, blank=True)
    anonymise_le = models.DateTimeField("anonymisé le", null=True, blank=True)

    objects = tenant_manager(UsagerQuerySet)

    historique = historique(exclus=["nom_recherche", "cles_recherche", "telephone_normalise"])

    class Meta:
        verbose_name = "usager"
        ordering = ["nom", "prenom"]
        indexes = [
            models.Index(fields=["collectivite", "date_naissance"], name="usager_naissance"),
            # the persons of the names the search chose, with their birth date (docs/recherche_usagers.md §7)
            models.Index(fields=["collectivite", "nom_recherche", "date_naissance"], name="usager_nom"),
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom.upper()}"

    @property
    def ne_le(self):
        """« née le », « né le » or « né·e le », from the civilité."""
        return {"madame": "née le", "monsieur": "né le"}.get(self.civilite, "né·e le")

    def save(self, *args, **kwargs):
        self.nom_recherche = texte_recherche(self.prenom, self.nom, self.nom_naissance)
        self.cles_recherche = texte_cles(self.nom_recherche)
        self.telephone_normalise = normaliser_telephone(self.telephone)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "nom_recherche",
                "cles_recherche",
                "telephone_normalise",
            }
        super().save(*args, **kwargs)


class NomRecherche(TenantModel):
    """One row per distinct ``nom_recherche`` among a collectivité's persons, with its search keys and how many persons
    bear it: the search scores names, not persons (docs/recherche_usagers.md §7). Written only by the database's
    triggers on ``usagers_usager`` (``usagers/noms.py``, migration 0012), so that every write — a form, a bulk load, a
    raw query — keeps it in step; a name that nobody bears any more is deleted."""

    nom_recherche = models.CharField(max_length=250, editable=False)
    cles_recherche = models.TextField(editable=False)
    nombre = models.IntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "nom recherché"
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom_recherche"], name="nom_recherche_unique")]


class EvenementUsager(TenantModel):
    """History of a person's file: creation, changes, merges (who, when, what)."""

    class Type(models.TextChoices):
        CREATION = "creation", "Création"
        MODIFICATION = "modification", "Modification"
        FUSION = "fusion", "Fusion"

    usager = models.ForeignKey(Usager, on_delete=models.CASCADE, related_name="evenements")
    type = models.CharField(max_length=20, choices=Type.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    quand = models.DateTimeField(default=timezone.now)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-quand"]


class DureeConservation(TenantModel):
    """A period of the retention schedule that the collectivité shortened (docs/retention.md): the defaults and the
    bounds are ``usagers.retention.CATEGORIES``; a category without a row keeps its default."""

    categorie = models.CharField("catégorie de données", max_length=40)
    mois = models.PositiveSmallIntegerField("durée de conservation (mois)")
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "durée de conservation"
        constraints = [models.UniqueConstraint(fields=["collectivite", "categorie"], name="duree_conservation_unique")]


class JournalAccesQuerySet(models.QuerySet):
    def concernant(self, usager):
        """Every read of this person: of their file, and of the lists that showed them (docs/securite.md §14)."""
        lus = self.model.usagers_lus.through.objects.filter(usager_id=usager.pk).values("journalacces_id")
        return self.filter(models.Q(usager=usager) | models.Q(pk__in=lus))

    def update(self, **kwargs):
        raise PermissionDenied("Le journal des accès ne se modifie pas.")

    def delete(self):
        raise PermissionDenied("Le journal des accès ne se supprime pas (purge planifiée seulement).")

    def purger_avant(self, limite):
        """The one deletion of access-log rows (docs/securite.md §11): those older than ``limite``, by the retention job
        only (usagers.retention). Returns how many rows went."""
        supprimees, _ = models.QuerySet.delete(self.filter(quand__lt=limite))
        return supprimees


class JournalAcces(TenantModel):
    """docs/securite.md §9, §11: one row per read of a person's file; the application cannot change or delete rows."""

    class Action(models.TextChoices):
        CONSULTATION = "consultation", "Consultation de la fiche"
        BANDEAU = "bandeau", "Consultation du bandeau"
        EXPORT = "export", "Export"
        API = "api", "Lecture par l'API"
        PDF = "pdf", "Document PDF"
        LISTE = "liste", "Consultation d'une liste"
        DROIT_ACCES = "droit_acces", "Droit d'accès (demande, partie libérée, réponse remise)"

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey("reseau.Structure", on_delete=models.PROTECT, null=True, related_name="+")
    usager = models.ForeignKey(Usager, on_delete=models.PROTECT, null=True, related_name="acces")
    action = models.CharField(max_length=20, choices=Action.choices)
    objet = models.CharField("objet consulté", max_length=100, blank=True)
    # A list names every person it showed in one row (docs/securite.md §9).
    usagers_lus = models.ManyToManyField(Usager, blank=True, related_name="acces_en_liste")
    quand = models.DateTimeField(default=timezone.now)

    objects = tenant_manager(JournalAccesQuerySet)

    class Meta:
        verbose_name = "accès à un dossier"
        ordering = ["-quand"]
        indexes = [models.Index(fields=["collectivite", "usager", "quand"], name="journal_usager_quand")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Le journal des accès ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Le journal des accès ne se supprime pas.")
