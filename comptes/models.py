from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP

from collectivites.models import Collectivite
from collectivites.telephone import TelephoneField

from .roles import PERMISSIONS, Role


class UtilisateurManager(BaseUserManager):
    """Not tenant-scoped: the account is the identity used to log in, before any collectivité is known.

    Lists of users in the app go through ``Utilisateur.objects.de_la_collectivite(c)`` or reseau's access functions.
    """

    use_in_migrations = True

    def de_la_collectivite(self, collectivite):
        return self.filter(collectivite=collectivite)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if isinstance(extra.get("collectivite"), int):
            extra["collectivite"] = Collectivite.objects.get(pk=extra["collectivite"])
        return self.create_user(email, password, **extra)


def adhesions_en_cours(membres, utilisateur_id, jour):
    """The one definition of a user's current memberships: those of ``membres`` (reseau.Membre's manager, reached
    through ``Utilisateur.adhesions`` without importing reseau) current on ``jour``, in the user's own collectivité,
    with their structure, by structure name (the model's second key, the member's name, is the same on every row:
    left out, docs/performance.md §15)."""
    return (
        membres.filter(utilisateur_id=utilisateur_id, collectivite_id=models.F("utilisateur__collectivite_id"))
        .actifs(jour)
        .select_related("structure")
        .order_by("structure__nom")
    )


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    """A professional of the network. Belongs to one collectivité; holds roles in its structures.

    Decision (issue 11): memberships are stored in ``reseau.Membre`` — a membership is a structure of the network, a
    role there and dates, so it lives with the structures. The foundation owns the interface that reads them for a
    user — ``adhesions_actives()``, ``structures_actives_ids()``, ``roles``, ``a_role()``, ``peut()`` — through the
    reverse relation ``adhesions``, without importing ``reseau``. "Which are my structures, which are my roles" is
    asked of these methods, cached for the request, never rebuilt from ``adhesions_actives()`` in an app.
    """

    collectivite = models.ForeignKey(
        Collectivite, verbose_name="collectivité", on_delete=models.PROTECT, related_name="utilisateurs"
    )
    # Unique across collectivités on purpose: the e-mail identifies the account at login (see TENANT_EXEMPTIONS).
    email = models.EmailField("adresse e-mail", unique=True)
    prenom = models.CharField("prénom", max_length=100)
    nom = models.CharField("nom", max_length=100)
    telephone = TelephoneField("téléphone", blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    # the `sub` of the account's first ProConnect login (docs/securite.md §16); a later login must bring the same
    proconnect_sub = models.CharField("identifiant ProConnect (sub)", max_length=255, blank=True)

    objects = UtilisateurManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["prenom", "nom", "collectivite"]

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["nom", "prenom"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.prenom} {self.nom}".strip()

    def get_short_name(self):
        return self.prenom

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def adhesions_actives(self):
        """The user's current memberships (reseau.Membre) with their structure, by structure name, cached for the
        request. Read by ``adhesions_en_cours``; the session's user comes with them already read, in the same round
        trip (``comptes.backends``)."""
        if not hasattr(self, "_adhesions_actives"):
            self._adhesions_actives = list(adhesions_en_cours(self.adhesions, self.pk, timezone.localdate()))
        return self._adhesions_actives

    def structures_actives_ids(self):
        """The ids of the structures the user is currently a member of: a tuple without repeats, in the order of
        ``adhesions_actives()`` (by structure name), cached like it. Use it for "is this one of my structures?" and
        ``structure__in=`` filters."""
        if not hasattr(self, "_structures_actives_ids"):
            self._structures_actives_ids = tuple(dict.fromkeys(m.structure_id for m in self.adhesions_actives()))
        return self._structures_actives_ids

    @property
    def roles(self):
        return {Role(m.role) for m in self.adhesions_actives()}

    def a_role(self, *roles):
        return bool(self.roles & set(roles))

    def peut(self, permission):
        return bool(self.roles & PERMISSIONS[permission])

    @property
    def role_principal(self):
        """The role whose home page the user lands on: the most senior one they hold."""
        for role in (
            Role.ADMINISTRATEUR,
            Role.CHEF_DE_PROJET,
            Role.ENCADRANT,
            Role.TRAVAILLEUR_SOCIAL,
            Role.PROTECTION_ENFANCE,
            Role.ACCUEIL,
            Role.PARTENAIRE,
        ):
            if role in self.roles:
                return role
        return None


class AppareilTOTP(Device):
    """docs/securite.md §16: the TOTP application of a user (RFC 6238: 6 digits, 30 s, a one-step drift window,
    each code accepted once). The secret is encrypted at rest (``comptes.second_facteur.chiffrer``); the algorithm
    is django-otp's. Failed codes count toward the login lockout (``comptes.verrouillage``)."""

    cle_chiffree = models.TextField("secret chiffré")
    dernier_pas = models.BigIntegerField("dernier pas accepté", default=-1)
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "application d'authentification"

    def cle(self):
        from .second_facteur import dechiffrer

        return dechiffrer(self.cle_chiffree)

    def verify_token(self, token):
        try:
            token = int(str(token).strip())
        except ValueError:
            return False
        totp = TOTP(self.cle(), step=30, t0=0, digits=6, drift=0)
        if totp.verify(token, tolerance=1, min_t=self.dernier_pas + 1):
            self.dernier_pas = totp.t()
            self.save(update_fields=["dernier_pas"])
            return True
        return False


class CodeRecuperation(models.Model):
    """One of the ten single-use recovery codes: only its keyed hash is stored."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="codes_recuperation")
    empreinte = models.CharField(max_length=64)
    utilise_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "code de récupération"

    def __str__(self):
        return f"code de récupération de {self.utilisateur_id}"


class EchecConnexion(models.Model):
    """docs/securite.md §18: every failed password or second-factor code, by e-mail typed and IP address."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    second_facteur = models.BooleanField(default=False)
    quand = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "échec de connexion"

    def __str__(self):
        return f"{self.email} ({self.ip}) {self.quand:%Y-%m-%d %H:%M}"


class Verrou(models.Model):
    """docs/securite.md §18: a lock on an e-mail (from one IP address, or from any when ``ip`` is empty)."""

    email = models.CharField(max_length=254, db_index=True)
    ip = models.CharField(max_length=45, blank=True)
    cree_le = models.DateTimeField(default=timezone.now)
    jusqu_a = models.DateTimeField()

    class Meta:
        verbose_name = "verrou de connexion"

    def __str__(self):
        return f"{self.email} ({self.ip or 'toutes adresses'}) jusqu'à {self.jusqu_a:%Y-%m-%d %H:%M}"


class SessionOuverte(models.Model):
    """docs/securite.md §19: the sessions a user opened, so they can see and end them."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="sessions_ouvertes")
    cle = models.CharField(max_length=40, unique=True)
    ouverte_le = models.DateTimeField(default=timezone.now)
    ip = models.CharField(max_length=45, blank=True)
    navigateur = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "session ouverte"
        ordering = ["-ouverte_le"]

    def __str__(self):
        return f"session de {self.utilisateur_id} ouverte le {self.ouverte_le:%Y-%m-%d %H:%M}"


class JournalSecurite(models.Model):
    """docs/securite.md §16, §18, §20: who did what to an account, and every action in the technical admin.
    Not registered in the admin, which therefore cannot change it."""

    quand = models.DateTimeField(default=timezone.now, db_index=True)
    auteur = models.ForeignKey(Utilisateur, null=True, on_delete=models.SET_NULL, related_name="+")
    cible = models.ForeignKey(Utilisateur, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "entrée du journal de sécurité"
        ordering = ["-quand"]

    def __str__(self):
        return f"{self.quand:%Y-%m-%d %H:%M} {self.action}"


class JetonAPIQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(revoque_le__isnull=True, expire_le__gt=timezone.now())


class JetonAPI(models.Model):
    """docs/securite.md §16: a personal API token for a partner system. Only ``prefixe`` is kept in clear (to find
    the row); the secret itself is stored as its SHA-256 ``empreinte`` and shown once, at creation
    (``comptes.jetons``)."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="jetons_api")
    nom = models.CharField("nom", max_length=100)
    prefixe = models.CharField("préfixe", max_length=8, db_index=True)
    empreinte = models.CharField(max_length=64)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    expire_le = models.DateTimeField("expire le")
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)
    revoque_par = models.ForeignKey(
        Utilisateur, verbose_name="révoqué par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = JetonAPIQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.nom} ({self.prefixe_affiche})"

    @property
    def prefixe_affiche(self):
        from .jetons import PREFIXE

        return f"{PREFIXE}{self.prefixe}…"

    @property
    def est_revoque(self):
        return self.revoque_le is not None

    @property
    def est_expire(self):
        return self.expire_le <= timezone.now()

    @property
    def est_actif(self):
        return not self.est_revoque and not self.est_expire
