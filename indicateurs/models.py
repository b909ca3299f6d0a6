"""Charter indicators as dated, immutable snapshots; yearly targets; activity rollups read by the dashboards."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from collectivites.models import TenantModel, cle_collectivite
from collectivites.tenancy import tenant_manager
from reseau.models import LieuAccueil

from .enums import Indicateur, Periodicite, StatutCalcul


class InstantaneImmuable(Exception):
    """A snapshot is never recomputed in place: a new one is added."""


class Cible(TenantModel):
    """The target of one indicator for one year, set by the collectivité (the seed's 2019/2020/2021 columns)."""

    indicateur = models.CharField("indicateur", max_length=20, choices=Indicateur.choices)
    annee = models.PositiveSmallIntegerField("année", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    valeur = models.FloatField("valeur visée", null=True, blank=True)
    libelle = models.CharField("cible en toutes lettres", max_length=250, blank=True)

    class Meta:
        verbose_name = "cible"
        ordering = ["indicateur", "annee"]
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "indicateur", "annee"], name="cible_unique"),
        ]

    def __str__(self):
        return f"{self.get_indicateur_display()} {self.annee}"


class Calcul(TenantModel):
    """One computation run (scheduled or on demand): its progress feeds the progress bar."""

    periodicite = models.CharField(max_length=20, choices=Periodicite.choices, default=Periodicite.A_LA_DEMANDE)
    debut = models.DateField("début de la période")
    fin = models.DateField("fin de la période")
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    demande_le = models.DateTimeField(default=timezone.now)
    statut = models.CharField(max_length=20, choices=StatutCalcul.choices, default=StatutCalcul.EN_ATTENTE)
    etapes_faites = models.PositiveSmallIntegerField(default=0)
    etapes = models.PositiveSmallIntegerField(default=len(Indicateur))
    termine_le = models.DateTimeField(null=True, blank=True)
    erreur = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "calcul des indicateurs"
        ordering = ["-demande_le", "-pk"]

    @property
    def pourcentage(self):
        return round(100 * self.etapes_faites / self.etapes) if self.etapes else 100

    @property
    def en_cours(self):
        """Queued or running: the progress bar keeps polling."""
        return self.statut in (StatutCalcul.EN_ATTENTE, StatutCalcul.EN_COURS)

    @property
    def termine(self):
        return self.statut == StatutCalcul.TERMINE

    @property
    def en_echec(self):
        return self.statut == StatutCalcul.ECHEC


def choisir_par_indicateur(instantanes):
    """Among one year's yearly and on-demand snapshots, the one that stands for each indicator: the yearly one,
    else the latest (``fin``, then ``calcule_le``, then ``pk``)."""
    resultat = {}
    for i in sorted(instantanes, key=lambda i: (i.fin, i.calcule_le, i.pk), reverse=True):
        courant = resultat.get(i.indicateur)
        if courant is None or (i.periodicite == Periodicite.ANNUELLE and courant.periodicite != Periodicite.ANNUELLE):
            resultat[i.indicateur] = i
    return resultat


def valeurs_par_annee(instantanes):
    """``{année: valeurs_de_l_annee(année)}`` from the snapshots of ``des_annees()`` (already read, or a queryset):
    per year, those that end in the year they begin, then the one that stands for each indicator."""
    par_annee = {}
    for i in instantanes:
        if i.fin.year == i.debut.year:
            par_annee.setdefault(i.debut.year, []).append(i)
    return {a: choisir_par_indicateur(liste) for a, liste in sorted(par_annee.items())}


class InstantaneQuerySet(models.QuerySet):
    def derniers(self):
        """The latest snapshot of each indicator, by indicator (one query; portable to SQLite for the demo)."""
        resultat = {}
        for i in self.order_by("indicateur", "-fin", "-calcule_le", "-pk"):
            resultat.setdefault(i.indicateur, i)
        return resultat

    def annuels(self):
        return self.filter(periodicite=Periodicite.ANNUELLE)

    def valeurs_de_l_annee(self, annee):
        """The snapshot that stands for each indicator's value in ``annee``: the yearly one when the year is over,
        else the latest computation over the year to date (on demand, from 1 January). A monthly snapshot covers one
        month and never stands for the year."""
        from datetime import date

        qs = self.filter(debut=date(annee, 1, 1), fin__year=annee).exclude(periodicite=Periodicite.MENSUELLE)
        return choisir_par_indicateur(qs)

    def des_annees(self):
        """The snapshots that may stand for a year (``valeurs_par_annee``): from 1 January, not monthly."""
        return self.filter(debut__month=1, debut__day=1).exclude(periodicite=Periodicite.MENSUELLE)

    def valeurs_par_annee(self):
        """``{année: valeurs_de_l_annee(année)}`` for every year computed, in one query (the dashboard's trends)."""
        return valeurs_par_annee(self.des_annees())

    def update(self, **kwargs):
        raise InstantaneImmuable("Un instantané ne se modifie pas : calculez-en un nouveau.")


class Instantane(TenantModel):
    """The value of one indicator over one period, with everything needed to explain it. Never updated."""

    indicateur = models.CharField("indicateur", max_length=20, choices=Indicateur.choices)
    periodicite = models.CharField("périodicité", max_length=20, choices=Periodicite.choices)
    debut = models.DateField("début de la période")
    fin = models.DateField("fin de la période")
    valeur = models.FloatField("valeur")
    unite = models.CharField("unité", max_length=20)
    cible = models.FloatField("cible de l'année", null=True, blank=True)
    cible_libelle = models.CharField("cible en toutes lettres", max_length=250, blank=True)
    methode = models.TextField("méthode")
    parametres = models.JSONField("paramètres", default=dict)
    entrees = models.JSONField("effectifs des données d'entrée", default=dict)
    detail = models.JSONField("détail", default=dict)
    calcule_le = models.DateTimeField("calculé le", default=timezone.now)
    calcul = models.ForeignKey(Calcul, on_delete=models.PROTECT, null=True, blank=True, related_name="instantanes")

    objects = tenant_manager(InstantaneQuerySet)

    class Meta:
        verbose_name = "instantané d'indicateur"
        ordering = ["indicateur", "-fin", "-calcule_le"]
        indexes = [models.Index(fields=["collectivite", "indicateur", "fin"], name="instantane_indicateur_fin")]

    def __str__(self):
        return f"{self.get_indicateur_display()} au {self.fin:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise InstantaneImmuable("Un instantané ne se modifie pas : calculez-en un nouveau.")
        super().save(*args, **kwargs)


class CelluleAgregat(TenantModel):
    """What a rollup cell holds, by month (``Agregat``) or by day (``AgregatJour``)."""

    collectivite = cle_collectivite(db_index=False)  # every index of the cells begins with it
    source = models.CharField(max_length=30)
    # no database constraint: checking ten thousand cells at each refresh's commit cost as much as writing them
    # (docs/performance.md §14); the ORM still deletes a site's cells with the site
    lieu = models.ForeignKey(
        LieuAccueil, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_constraint=False
    )
    dimension = models.CharField(max_length=30)
    cle = models.CharField(max_length=60)
    libelle = models.CharField(max_length=200)
    valeur = models.PositiveIntegerField()

    class Meta:
        abstract = True


class Agregat(CelluleAgregat):
    """One cell of a monthly rollup, maintained by the worker (``indicateurs.statistiques``).

    The dashboards and the statistics API read only these rows, never the raw passages. ``lieu`` is set for sources
    counted per reception site, so that a territory or a structure can be selected by summing its sites.
    """

    mois = models.DateField()

    class Meta:
        verbose_name = "agrégat mensuel"
        indexes = [models.Index(fields=["collectivite", "source", "dimension", "mois"], name="agregat_lecture")]


class AgregatJour(CelluleAgregat):
    """One cell of a daily rollup: the cells of a source counted by day (``@source(…, par_jour=True)``), from which
    its monthly cells (``Agregat``) are summed.

    Never read by the dashboards: it lets the incremental refresh recompute only the days written to and apply the
    difference to the monthly cells (``statistiques.rafraichir_modifie``, docs/performance.md §14). Same shape as
    ``Agregat``, a day instead of a month.
    """

    jour = models.DateField()

    class Meta:
        verbose_name = "agrégat journalier"
        indexes = [models.Index(fields=["collectivite", "source", "jour"], name="agregat_jour_source")]


class PersonneJour(TenantModel):
    """A person seen on a day at a site: one row per (day, site, person) of the passages, the person empty for the
    anonymous passages (the row then only says the day has passages there). The set from which the distinct persons
    of a month (source ``personnes``) are counted where the month is held by day, like ``AgregatJour``.

    Distinct persons do not add up day by day; with these rows the incremental refresh of a day reads only the rows
    of the persons seen that day (before and after), never a month of passages (``statistiques``,
    docs/performance.md §14). Plain integers, no foreign key: a person's erasure must not delete the rows the next
    refresh compares against.
    """

    id = models.BigAutoField(primary_key=True)
    collectivite = cle_collectivite(db_index=False)  # both indexes begin with it
    jour = models.DateField()
    lieu_id = models.BigIntegerField(null=True)
    usager_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = "personne vue un jour"
        verbose_name_plural = "personnes vues un jour"
        indexes = [
            models.Index(fields=["collectivite", "jour"], name="personne_jour_jour"),
            models.Index(fields=["collectivite", "usager_id", "jour"], name="personne_jour_usager"),
        ]


class MoisARafraichir(TenantModel):
    """A month (or a day) of a rollup source written to since the last refresh: the to-do list of the incremental
    refresh.

    Rows are added by database triggers on the tables a source follows (``indicateurs.suivi``), in the transaction
    of the write itself, so a write and its mark commit or roll back together; the refresh deletes the marks it has
    read and recomputes those months (``statistiques.rafraichir_modifie``, docs/performance.md §14). Append-only on
    the writers' side: no unique key, so two desks never wait for each other on a mark.
    """

    id = models.BigAutoField(primary_key=True)
    source = models.CharField(max_length=30)
    mois = models.DateField()
    # the day written to, for a source counted by day (only that day is recomputed); empty: the whole month
    jour = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "mois à rafraîchir"
        verbose_name_plural = "mois à rafraîchir"


def chemin_rapport(instance, nom):
    """Server-generated name under the tenant's folder (docs/securite.md §8, §24)."""
    return f"collectivites/{instance.collectivite_id}/indicateurs/{nom}"


class RapportCharte(TenantModel):
    """The charter indicators' PDF report for the funders, rendered by the worker."""

    annee = models.PositiveSmallIntegerField("année")
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    demande_le = models.DateTimeField(default=timezone.now)
    genere_le = models.DateTimeField(null=True, blank=True)
    fichier = models.FileField(upload_to=chemin_rapport, blank=True)

    class Meta:
        verbose_name = "rapport de la charte"
        ordering = ["-demande_le", "-pk"]
