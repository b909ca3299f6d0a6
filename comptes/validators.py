from django.core.exceptions import ValidationError


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
