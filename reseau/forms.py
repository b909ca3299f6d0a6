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


class VersionCharteForm(forms.Form):
    titre = forms.CharField(label="Titre", max_length=200)
    texte = forms.CharField(label="Texte (Markdown)", widget=forms.Textarea(attrs={"rows": 10}), max_length=50000)
    engagements = forms.CharField(label="Engagements (un par ligne)", widget=forms.Textarea(attrs={"rows": 5}))

    def clean_engagements(self):
        lignes = [ligne.strip() for ligne in self.cleaned_data["engagements"].splitlines() if ligne.strip()]
        if not lignes:
            raise forms.ValidationError("Indiquez au moins un engagement.")
        if any(len(ligne) > 300 for ligne in lignes):
            raise forms.ValidationError("Un engagement dépasse 300 caractères.")
        return lignes


class SignatureForm(forms.Form):
    structure = forms.ModelChoiceField(label="Structure signataire", queryset=None)
    signataire = forms.CharField(label="Nom du signataire", max_length=150)
    fonction = forms.CharField(label="Fonction", max_length=150)
    signee_le = forms.DateField(label="Signée le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    engagements = forms.MultipleChoiceField(
        label="Engagements acceptés",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez les engagements acceptés."},
    )

    def __init__(self, *args, structures, charte, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        self.fields["engagements"].choices = [(str(e.pk), e.libelle) for e in charte.engagements.all()]
