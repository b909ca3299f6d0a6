"""The partner network: structures, reception sites and who belongs to them (simplest form; grown by reseau)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from collectivites.models import TenantModel
from collectivites.tenancy import tenant_manager
from comptes.roles import Role
from territoire.models import Commune, TerritoireInterventionSociale

from .enums import TypeAccueil, TypeStructure


class Structure(TenantModel):
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=30, choices=TypeStructure.choices)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    email = models.EmailField("e-mail de contact (orientations)", blank=True)
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


class LieuAccueilQuerySet(models.QuerySet):
    def de_premier_accueil(self):
        return self.filter(type_accueil=TypeAccueil.PREMIER_ACCUEIL)


class LieuAccueil(TenantModel):
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
    sans_rendez_vous = models.BooleanField("accueil sans rendez-vous", default=True)

    objects = tenant_manager(LieuAccueilQuerySet)

    class Meta:
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom"], name="lieu_nom_unique")]

    def __str__(self):
        return self.nom


class MembreQuerySet(models.QuerySet):
    def actifs(self):
        today = timezone.localdate()
        return self.filter(Q(date_fin__isnull=True) | Q(date_fin__gte=today))


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
    date_debut = models.DateField("depuis le", default=timezone.localdate)
    date_fin = models.DateField("jusqu'au", null=True, blank=True)

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
