import re

from django import forms
from PIL import Image

from .models import Collectivite

FORMATS_LOGO = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
TAILLE_MAX_LOGO = 500 * 1024


def luminance(couleur):
    """Relative luminance (WCAG 2.1)."""

    def canal(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (canal(couleur[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contraste_sur_blanc(couleur):
    return 1.05 / (luminance(couleur) + 0.05)


class ParametresForm(forms.ModelForm):
    class Meta:
        model = Collectivite
        fields = [
            "logo",
            "couleur_principale",
            "couleur_secondaire",
            "seuil_secret_statistique",
            "delai_expiration_orientation",
            "mois_sans_contact_alerte",
            "article",
            "genre",
            "origines_integration",
        ]
        widgets = {
            "couleur_principale": forms.TextInput(attrs={"type": "color"}),
            "couleur_secondaire": forms.TextInput(attrs={"type": "color"}),
            "origines_integration": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "logo": "PNG, JPEG ou WebP, 500 Ko au plus.",
            "couleur_principale": "Couleur des liens et des boutons : elle doit contraster avec le blanc (4,5:1).",
        }

    def clean_couleur_principale(self):
        couleur = self.cleaned_data["couleur_principale"]
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", couleur or ""):
            raise forms.ValidationError("Indiquez une couleur au format #RRGGBB.")
        ratio = contraste_sur_blanc(couleur)
        if ratio < 4.5:
            raise forms.ValidationError(
                f"Cette couleur ne contraste pas assez avec le blanc ({ratio:.1f}:1 ; il faut 4,5:1 au moins "
                "pour que les liens restent lisibles)."
            )
        return couleur

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "size") or logo == self.instance.logo:
            return logo
        if logo.size > TAILLE_MAX_LOGO:
            raise forms.ValidationError("Le logo dépasse 500 Ko.")
        logo.seek(0)
        try:
            with Image.open(logo) as image:
                format_ = image.format
        except Exception:
            raise forms.ValidationError("Ce fichier n'est pas une image lisible.") from None
        if format_ not in FORMATS_LOGO:
            raise forms.ValidationError("Le logo doit être une image PNG, JPEG ou WebP.")
        logo.seek(0)
        self.instance._extension_logo = FORMATS_LOGO[format_]
        return logo
