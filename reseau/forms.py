from django import forms

from territoire.models import TerritoireInterventionSociale

from .enums import TypeAccueil, TypeStructure


class FiltreStructuresForm(forms.Form):
    q = forms.CharField(label="Nom ou commune", required=False, max_length=100)
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous les types"), *TypeStructure.choices])


class FiltreLieuxForm(forms.Form):
    q = forms.CharField(label="Nom ou commune", required=False, max_length=100)
    type_accueil = forms.ChoiceField(
        label="Type d'accueil", required=False, choices=[("", "Tous les types"), *TypeAccueil.choices]
    )
    tis = forms.ModelChoiceField(
        label="Territoire (TIS)",
        required=False,
        queryset=TerritoireInterventionSociale.objects.none(),
        empty_label="Tous les territoires",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tis"].queryset = TerritoireInterventionSociale.objects.all()
