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
        fields = ["prenom", "nom", "nom_naissance", "date_naissance", "telephone", "email"]
        widgets = {"date_naissance": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_date_naissance(self):
        d = self.cleaned_data.get("date_naissance")
        if d and d > timezone.localdate():
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        if d and d.year < 1900:
            raise forms.ValidationError("Cette date de naissance n'est pas plausible.")
        return d
