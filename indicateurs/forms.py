from django import forms
from django.utils import timezone

from territoire.models import ParametresCouverture, TerritoireInterventionSociale

from .enums import UNITES, Indicateur


def annees_proposees():
    courante = timezone.localdate().year
    return [(a, str(a)) for a in range(courante, 2018, -1)]


class FiltresForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année", coerce=int, choices=())
    tis = forms.ModelChoiceField(
        label="Territoire (TIS)",
        queryset=TerritoireInterventionSociale.objects.none(),
        required=False,
        empty_label="Tout le département",
    )

    def __init__(self, *args, avec_territoire=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = annees_proposees()
        self.fields["annee"].initial = timezone.localdate().year
        if avec_territoire:
            self.fields["tis"].queryset = self.territoires()
        else:
            del self.fields["tis"]

    @staticmethod
    def territoires():
        """The territories one may choose: the collectivité's, by name."""
        return TerritoireInterventionSociale.objects.order_by("nom")

    def valeurs(self):
        """The chosen year and TIS; the current year when the input is missing or wrong."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["annee"], self.cleaned_data.get("tis")
        return timezone.localdate().year, None


class CalculForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année à calculer", coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = annees_proposees()
        self.fields["annee"].initial = timezone.localdate().year


class CiblesForm(forms.Form):
    """The five targets of one year: a number (a percentage or a count) and/or the target in words."""

    def __init__(self, *args, cibles=None, **kwargs):
        super().__init__(*args, **kwargs)
        cibles = cibles or {}
        for ind in Indicateur:
            c = cibles.get(ind.value)
            self.fields[f"{ind.value}_valeur"] = forms.FloatField(
                label=f"{ind.label} — valeur visée ({UNITES[ind]})",
                required=False,
                min_value=0,
                max_value=100 if UNITES[ind] == "%" else None,
                initial=c.valeur if c else None,
            )
            self.fields[f"{ind.value}_libelle"] = forms.CharField(
                label=f"{ind.label} — cible en toutes lettres",
                required=False,
                max_length=250,
                initial=c.libelle if c else "",
            )

    def valeurs(self):
        return {
            ind.value: (self.cleaned_data[f"{ind.value}_valeur"], self.cleaned_data[f"{ind.value}_libelle"].strip())
            for ind in Indicateur
        }


class ParametresCouvertureForm(forms.ModelForm):
    osrm_url = forms.URLField(label="Serveur OSRM (facultatif)", required=False, assume_scheme="https")

    class Meta:
        model = ParametresCouverture
        fields = ["seuil_minutes", "detour", "vitesse_kmh", "osrm_url"]
        help_texts = {
            "detour": "Distance par la route ÷ distance à vol d'oiseau (1,3 en milieu rural).",
            "vitesse_kmh": "Vitesse moyenne de porte à porte.",
            "osrm_url": "Adresse d'un serveur OSRM de la collectivité (service « table ») : les temps routiers "
            "remplacent alors l'estimation. Laissez vide pour l'estimation.",
        }
