import re
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from collectivites.tenancy import current_collectivite, tenant_context

from .roles import Role

LISTE_FR = Path(__file__).resolve().parent / "mots_de_passe_courants_fr.txt"


class LongueurMaximaleValidator:
    """docs/securite.md §17: long passphrases are accepted up to 64 characters, no more (hashing cost)."""

    maximum = 64

    def validate(self, password, user=None):
        if len(password) > self.maximum:
            raise ValidationError(
                f"Ce mot de passe est trop long : {self.maximum} caractères au maximum.",
                code="password_too_long",
            )

    def get_help_text(self):
        return f"Votre mot de passe ne doit pas dépasser {self.maximum} caractères."


class LongueurAdministrateurValidator:
    """docs/securite.md §17: an administrator (of a collectivité, or technical staff) needs 16 characters, wherever
    the password is set (reset form, admin); the invitation form asks it before the account exists."""

    minimum = 16

    def validate(self, password, user=None):
        if user is None or len(password) >= self.minimum:
            return
        administrateur = user.is_staff or user.is_superuser
        if not administrateur and user.pk and user.collectivite_id:
            if current_collectivite(required=False) is None:  # a command, a test: the user's own collectivité
                with tenant_context(user.collectivite):
                    administrateur = Role.ADMINISTRATEUR in user.roles
            else:
                administrateur = Role.ADMINISTRATEUR in user.roles
        if administrateur:
            raise ValidationError(
                f"Un administrateur choisit un mot de passe de {self.minimum} caractères au moins.",
                code="password_too_short_admin",
            )

    def get_help_text(self):
        return f"Administrateur : {self.minimum} caractères au moins."


@cache
def _mots_courants():
    mots = set(CommonPasswordValidator().passwords)
    with LISTE_FR.open(encoding="utf-8") as f:
        mots.update(ligne.strip().lower() for ligne in f if ligne.strip() and not ligne.startswith("#"))
    mots.discard("")
    return frozenset(mots)


class MotDePasseCourantValidator:
    """docs/securite.md §17: Django's list of common passwords plus French ones (``azerty123456``,
    ``motdepasse12``), also when a listed word is only wrapped in digits or symbols (``Motdepasse2026!``)."""

    def validate(self, password, user=None):
        mot = password.strip().lower()
        noyau = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", mot)
        mots = _mots_courants()
        if mot in mots or (len(noyau) >= 4 and noyau in mots):
            raise ValidationError("Ce mot de passe est trop courant.", code="password_too_common")

    def get_help_text(self):
        return "Votre mot de passe ne peut pas être un mot de passe courant."
