import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from .noms import ChampsNomFrancais
from .tenancy import (
    AucuneCollectiviteActive,
    CollectiviteIncoherente,
    cross_tenant_access,
    current_collectivite,
    tenant_manager,
)

couleur_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Indiquez une couleur au format #RRGGBB.")


def chemin_logo(instance, nom_fichier):
    """Server-generated name under the tenant's own folder (docs/securite.md §8, §24); the extension comes from the
    content."""
    extension = getattr(instance, "_extension_logo", "png")
    return f"collectivites/{instance.pk}/logo-{uuid.uuid4().hex}.{extension}"


def valider_origines(valeur):
    """One origin a line, « https://www.lot.fr » (scheme and host, no path): the sites allowed to frame the public
    pages and map (docs/securite.md §23)."""
    from urllib.parse import urlsplit

    for ligne in (valeur or "").split():
        morceaux = urlsplit(ligne)
        if morceaux.scheme not in ("https", "http") or not morceaux.netloc or morceaux.path not in ("", "/"):
            raise ValidationError(f"« {ligne} » n'est pas une origine : écrivez par exemple https://www.lot.fr")
        if any(c in ligne for c in ";,'\" *"):
            raise ValidationError(f"« {ligne} » contient un caractère interdit.")


class Collectivite(ChampsNomFrancais, models.Model):
    """The tenant: a collectivité that leads one network, fully isolated from the others."""

    nom = models.CharField("nom", max_length=150)
    slug = models.SlugField("identifiant d'adresse", max_length=60, unique=True)
    departement = models.ForeignKey(
        "territoire.Departement", verbose_name="département", on_delete=models.PROTECT, related_name="+"
    )
    logo = models.ImageField("logo", upload_to=chemin_logo, blank=True)
    couleur_principale = models.CharField(
        "couleur principale", max_length=7, default="#1d5b79", validators=[couleur_validator]
    )
    couleur_secondaire = models.CharField(
        "couleur secondaire", max_length=7, default="#f4a259", validators=[couleur_validator]
    )
    # Per-tenant policy lives here, not in settings.
    seuil_secret_statistique = models.PositiveSmallIntegerField(
        "seuil de secret statistique",
        default=5,
        help_text="Les effectifs inférieurs sont masqués (5 au moins).",
        validators=[MinValueValidator(5), MaxValueValidator(100)],
    )
    delai_expiration_orientation = models.PositiveSmallIntegerField(
        "délai d'expiration d'une orientation (jours)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    mois_sans_contact_alerte = models.PositiveSmallIntegerField(
        "alerte après N mois sans contact", default=3, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    active = models.BooleanField("active", default=True)
    # docs/securite.md §16: off by default; only roles that never see a person (chef de projet) may be exempted.
    second_facteur_facultatif_sans_personne = models.BooleanField(
        "second facteur facultatif pour les rôles qui ne voient aucune personne",
        default=False,
        help_text="Les chefs de projet (agrégats seulement) peuvent se connecter sans second facteur.",
    )
    # ProConnect (OpenID Connect) of this collectivité; empty: the global RELAIS_PROCONNECT_* settings, if any.
    # The secret is stored encrypted (comptes.second_facteur.chiffrer): set it with manage.py configurer_proconnect.
    proconnect_issuer = models.URLField("ProConnect : émetteur (issuer)", blank=True)
    proconnect_client_id = models.CharField("ProConnect : identifiant du client", max_length=200, blank=True)
    proconnect_secret_chiffre = models.TextField("ProConnect : secret du client (chiffré)", blank=True, editable=False)
    # Sites allowed to show the public pages and map in a frame (CSP frame-ancestors), one origin a line.
    origines_integration = models.TextField(
        "sites autorisés à intégrer la carte et les pages publiques",
        blank=True,
        validators=[valider_origines],
        help_text="Une origine par ligne, par exemple https://www.lot.fr. Vide : aucun site ne peut les intégrer.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    # Changed by every write of the desk's nomenclatures (motifs, responses): read with the user at each request, it
    # names the copy of the lists a process may keep (accueil.access.nomenclature, docs/performance.md §5).
    version_nomenclatures = models.UUIDField("version des nomenclatures", default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = "collectivité"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.completer_nom_francais()
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # the version is written only by ``changer_version_nomenclatures``: a copy read before a change of the
            # nomenclatures, saved afterwards, must not bring the old version back
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "version_nomenclatures"
            ]
        super().save(*args, **kwargs)

    @classmethod
    def changer_version_nomenclatures(cls, collectivite_id):
        """The collectivité's nomenclatures changed: every process reads them again at its next request."""
        cls.objects.filter(pk=collectivite_id).update(version_nomenclatures=uuid.uuid4())

    @property
    def origines_integration_liste(self):
        """Normalised origins (no trailing slash), for the CSP header."""
        return [o.rstrip("/") for o in self.origines_integration.split()]


def cle_collectivite(db_index=True):
    """The collectivité foreign key of a tenant model. ``db_index=False`` for a table whose indexes all begin with
    ``collectivite_id``: the single-column index adds nothing to them, costs every write, and is what the planner
    reaches for when a table's statistics lag behind a bulk write — then reading all of the collectivité's rows to
    find a few (docs/performance.md §14)."""
    return models.ForeignKey(
        Collectivite,
        verbose_name="collectivité",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=db_index,
    )


class TenantModel(models.Model):
    """Base of every tenant-owned model: a NOT NULL collectivité FK and a scoped default manager."""

    collectivite = cle_collectivite()

    objects = tenant_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        active = current_collectivite(required=False)
        if self.collectivite_id is None:
            if active is None:
                raise AucuneCollectiviteActive(f"{type(self).__name__} enregistré hors contexte de collectivité.")
            self.collectivite = active
        elif active is not None and self.collectivite_id != active.pk:
            raise AucuneCollectiviteActive(f"{type(self).__name__} d'une autre collectivité que le contexte actif.")
        self.verifier_liens()
        super().save(*args, **kwargs)

    def verifier_liens(self):
        """Every foreign key to a tenant-owned row points into the same collectivité (the FK alone cannot say it).

        Objects already loaded are checked for free; a bare id costs one query, filtered on the collectivité so that
        a sharded database routes it to one node (docs/distribution.md): in the object's own context directly,
        otherwise through the named escape hatch. ``bulk_create`` bypasses this: its callers build their rows from
        objects of the same context.
        """
        for champ in self._meta.concrete_fields:
            if not champ.many_to_one or champ.name == "collectivite":
                continue
            modele = champ.related_model
            if not any(f.name == "collectivite" for f in modele._meta.concrete_fields):
                continue
            cible_id = getattr(self, champ.attname)
            if cible_id is None:
                continue
            if champ.is_cached(self):
                meme = getattr(self, champ.name).collectivite_id == self.collectivite_id
            else:
                meme = self._lien_dans_la_collectivite(modele, cible_id)
            if not meme:
                raise CollectiviteIncoherente(
                    f"{type(self).__name__}.{champ.name} désigne un objet d'une autre collectivité (ou absent)."
                )

    def _lien_dans_la_collectivite(self, modele, cible_id):
        lignes = modele._default_manager.filter(pk=cible_id, collectivite_id=self.collectivite_id)
        active = current_collectivite(required=False)
        if active is not None and active.pk == self.collectivite_id:
            return lignes.exists()
        with cross_tenant_access("vérifier qu'un lien ne sort pas de la collectivité de l'objet enregistré"):
            return lignes.exists()


class TravailSuivi(TenantModel):
    """A job of the worker whose page shows its progress (docs/architecture.md §8): how far it is, the step running.

    ``avancer`` writes them at once, outside the job's transaction, so that the page polling the row sees each step;
    the template ``_progression.html`` shows them."""

    progression = models.PositiveSmallIntegerField(default=0)
    etape_en_cours = models.CharField(max_length=120, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def avancer(cls, pk, progression, etape, **champs):
        """Write the progress of the job ``pk`` (and ``champs``, e.g. its status) for the page that polls it."""
        cls.objects.filter(pk=pk).update(progression=progression, etape_en_cours=etape, **champs)


class Envoi(TenantModel):
    """Transactional outbox (docs/securite.md §26): work for the worker, written in the same transaction as the record.

    After the commit it is published to the broker and deleted; when the broker is down it stays here and the
    periodic ``publier_envois_en_attente`` (or ``manage.py publier_envois``) publishes it after recovery. Tasks are
    idempotent, so a row published twice does no harm.
    """

    tache = models.CharField(max_length=150)
    arguments = models.JSONField(default=list)
    options = models.JSONField(default=dict)
    cree_le = models.DateTimeField(auto_now_add=True)
    tentatives = models.PositiveIntegerField(default=0)
    derniere_erreur = models.TextField(blank=True)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"{self.tache} ({self.cree_le:%d/%m/%Y %H:%M})"
