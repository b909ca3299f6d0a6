from django import forms
from django.utils import timezone

from territoire.models import Commune

from .models import Usager

RAPPEL = "Objectif, factuel, strictement nécessaire."


class CommuneField(forms.CharField):
    """A commune chosen through the COG autocomplete: the value is the INSEE code."""

    def __init__(self, *args, departement=None, **kwargs):
        kwargs.setdefault("max_length", 5)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = (super().clean(value) or "").strip()
        if not code:
            return None
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise forms.ValidationError(f"Commune inconnue : « {code} ». Choisissez-la dans la liste proposée.")
        return commune


class UsagerForm(forms.ModelForm):
    commune = CommuneField(label="Commune de résidence (code INSEE)", required=False)
    confirmer_doublon = forms.BooleanField(
        label="Je confirme qu'il s'agit d'une autre personne que celle(s) proposée(s)", required=False
    )

    class Meta:
        model = Usager
        fields = ["civilite", "prenom", "nom", "nom_naissance", "date_naissance", "telephone", "email"]
        widgets = {"date_naissance": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_date_naissance(self):
        d = self.cleaned_data.get("date_naissance")
        if d and d > timezone.localdate():
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        return d


class ConservationForm(forms.Form):
    """The collectivité's retention schedule (docs/retention.md): one period per category, in months, within the
    category's bounds — the administrator may shorten it, never lengthen it past the legal maximum."""

    def __init__(self, *args, calendrier, **kwargs):
        from .retention import CATEGORIES

        super().__init__(*args, **kwargs)
        self.categories = CATEGORIES
        for c in CATEGORIES:
            self.fields[c.code] = forms.IntegerField(
                label=c.libelle,
                initial=calendrier[c.code],
                help_text=(
                    f"En mois, à compter de {c.depuis}. Par défaut {c.defaut} mois ; "
                    f"entre {c.minimum} et {c.maximum} mois. {c.base}."
                ),
                error_messages={
                    "required": "Indiquez une durée en mois.",
                    "invalid": "Indiquez un nombre entier de mois.",
                },
            )

    def clean(self):
        donnees = super().clean()
        for c in self.categories:
            mois = donnees.get(c.code)
            if mois is None:
                continue
            if mois > c.maximum:
                self.add_error(
                    c.code,
                    f"Au plus {c.maximum} mois : une collectivité peut raccourcir cette durée, "
                    f"pas la porter au-delà du maximum ({c.base}).",
                )
            elif mois < c.minimum:
                self.add_error(c.code, f"Au moins {c.minimum} mois pour cette catégorie ({c.base}).")
        return donnees

    def lignes(self):
        """(category, bound field) pairs for the page's table."""
        return [(c, self[c.code]) for c in self.categories]
