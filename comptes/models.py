from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

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
        """The user's current memberships (reseau.Membre), cached for the request."""
        if not hasattr(self, "_adhesions_actives"):
            aujourd_hui = timezone.localdate()
            self._adhesions_actives = [
                m
                for m in self.adhesions.select_related("structure")
                .filter(collectivite_id=self.collectivite_id)
                .filter(models.Q(date_fin__isnull=True) | models.Q(date_fin__gt=aujourd_hui))
            ]
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
