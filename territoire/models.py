"""Territory reference (INSEE COG, shared by all collectivités) and each collectivité's own organisation."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from collectivites.models import TenantModel
from collectivites.telephone import TelephoneField
from collectivites.tenancy import tenant_manager

from .distances import FACTEUR_DETOUR, VITESSE_KMH, Estimateur, OSRMTable


class Departement(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.CharField("code région", max_length=3, blank=True)
    chef_lieu = models.CharField("chef-lieu (code INSEE)", max_length=5, blank=True)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class EPCI(models.Model):
    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("nature juridique", max_length=10, blank=True)
    population = models.PositiveIntegerField("population", default=0)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class CommuneQuerySet(models.QuerySet):
    def du_departement(self, departement):
        code = getattr(departement, "code", departement)
        return self.filter(departement_id=code)

    def recherche(self, terme):
        """Autocomplete: by INSEE code, postal code or the start of the name.

        Control characters are dropped first (PostgreSQL refuses NUL in a query parameter); tabs and other
        spaces become plain spaces."""
        terme = "".join(c if c.isprintable() else " " if c.isspace() else "" for c in (terme or ""))
        terme = " ".join(terme.split())
        if not terme:
            return self.none()
        if terme.isdigit() or (len(terme) == 5 and terme[:2] in ("2A", "2B")):
            return self.filter(models.Q(code__startswith=terme) | models.Q(codes_postaux__contains=terme))
        return self.filter(nom__istartswith=terme).order_by("-population")


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    region = models.CharField("code région", max_length=3, blank=True)
    epci = models.ForeignKey(EPCI, on_delete=models.PROTECT, related_name="communes", null=True, blank=True)
    population = models.PositiveIntegerField("population municipale", default=0)
    codes_postaux = models.CharField("codes postaux", max_length=200, blank=True)
    latitude = models.FloatField("latitude")
    longitude = models.FloatField("longitude")

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["nom"]
        indexes = [models.Index(Lower("nom"), name="commune_nom_lower")]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class TerritoireActionSociale(TenantModel):
    """TAS: groups several TIS."""

    nom = models.CharField("nom", max_length=150)

    class Meta:
        verbose_name = "territoire d'action sociale"
        verbose_name_plural = "territoires d'action sociale"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom"], name="tas_nom_unique")]

    def __str__(self):
        return self.nom


class TISQuerySet(models.QuerySet):
    def avec_nombre_de_communes(self):
        return self.annotate(
            nombre_communes=models.Count("sectorisations"),
            population=models.Sum("sectorisations__commune__population"),
        )


class TerritoireInterventionSociale(TenantModel):
    """TIS, or "pôle d'action sociale": serves a set of communes (the sectorisation)."""

    nom = models.CharField("nom", max_length=150)
    tas = models.ForeignKey(TerritoireActionSociale, verbose_name="TAS", on_delete=models.PROTECT, related_name="tis")
    telephone = TelephoneField("téléphone", blank=True)

    objects = tenant_manager(TISQuerySet)

    class Meta:
        verbose_name = "territoire d'intervention sociale"
        verbose_name_plural = "territoires d'intervention sociale"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "nom"], name="tis_nom_unique")]

    def __str__(self):
        return self.nom


class Sectorisation(TenantModel):
    """A commune served by one TIS of the collectivité."""

    tis = models.ForeignKey(TerritoireInterventionSociale, on_delete=models.CASCADE, related_name="sectorisations")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "sectorisation"
        ordering = ["commune__nom"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "commune"], name="sectorisation_commune_unique")]

    def __str__(self):
        return f"{self.commune} → {self.tis}"


class ParametresCouverture(TenantModel):
    """The collectivité's travel-time model (``territoire.distances``): the coverage indicator, the maps and the
    engineering notes use it; stored again in every coverage snapshot."""

    seuil_minutes = models.PositiveSmallIntegerField(
        "seuil (minutes)", default=30, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    detour = models.FloatField(
        "facteur de détour", default=FACTEUR_DETOUR, validators=[MinValueValidator(1.0), MaxValueValidator(3.0)]
    )
    vitesse_kmh = models.FloatField(
        "vitesse moyenne (km/h)", default=VITESSE_KMH, validators=[MinValueValidator(10), MaxValueValidator(130)]
    )
    osrm_url = models.URLField("serveur OSRM (facultatif)", blank=True)

    class Meta:
        verbose_name = "paramètres de couverture"
        constraints = [models.UniqueConstraint(fields=["collectivite"], name="parametres_couverture_unique")]

    def estimateur(self):
        return Estimateur(detour=self.detour, vitesse_kmh=self.vitesse_kmh)

    def distancier(self, obtenir=None):
        """The collectivité's OSRM server, or None when it has none (the estimate alone)."""
        return OSRMTable(self.osrm_url, obtenir=obtenir) if self.osrm_url else None
