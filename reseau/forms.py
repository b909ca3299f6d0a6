from django import forms

from config.fichiers_csv import ImportCSVForm
from territoire.models import TerritoireInterventionSociale

from .enums import TypeAccueil, TypeStructure
from .models import Structure


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


class StructureForm(forms.ModelForm):
    # tenant-owned choices are declared here: the scoped manager cannot be queried when the class is built
    structure_parente = forms.ModelChoiceField(
        label="Structure parente", required=False, queryset=Structure.objects.none()
    )
    site_web = forms.URLField(label="Site web", required=False, assume_scheme="https")

    class Meta:
        from .models import Structure

        model = Structure
        fields = [
            "nom",
            "type",
            "siret",
            "adresse",
            "commune",
            "telephone",
            "email",
            "site_web",
            "structure_parente",
            "niveau_engagement",
            "mesure_satisfaction",
            "satisfaction_methode",
            "satisfaction_depuis",
        ]
        widgets = {"satisfaction_depuis": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.models import Commune

        from .models import Structure

        self.fields["commune"].queryset = Commune.objects.du_departement(departement).order_by("nom")
        self.fields["structure_parente"].queryset = Structure.objects.exclude(pk=self.instance.pk).order_by("nom")

    def clean(self):
        donnees = super().clean()
        if donnees.get("mesure_satisfaction") and not donnees.get("satisfaction_methode"):
            self.add_error("satisfaction_methode", "Indiquez comment la satisfaction des usagers est mesurée.")
        return donnees


class LieuForm(forms.ModelForm):
    tis = forms.ModelChoiceField(label="TIS", required=False, queryset=TerritoireInterventionSociale.objects.none())

    class Meta:
        from .models import LieuAccueil

        model = LieuAccueil
        fields = [
            "nom",
            "type_accueil",
            "adresse",
            "commune",
            "latitude",
            "longitude",
            "tis",
            "sans_rendez_vous",
            "horaires",
            "accessibilite",
        ]

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.models import Commune, TerritoireInterventionSociale

        self.fields["commune"].queryset = Commune.objects.du_departement(departement).order_by("nom")
        self.fields["tis"].queryset = TerritoireInterventionSociale.objects.order_by("nom")


class EvenementForm(forms.ModelForm):
    organisateur = forms.ModelChoiceField(label="Organisé par", queryset=Structure.objects.none())

    class Meta:
        from .models import Evenement

        model = Evenement
        fields = ["type", "titre", "date", "lieu", "organisateur", "capacite"]
        widgets = {"date": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisateur"].queryset = Structure.objects.order_by("nom")
        self.fields["date"].input_formats = ["%Y-%m-%dT%H:%M"]

    def clean_capacite(self):
        capacite = self.cleaned_data["capacite"]
        if capacite < 1:
            raise forms.ValidationError("Il faut au moins une place.")
        return capacite


class InscriptionForm(forms.Form):
    utilisateur = forms.ModelChoiceField(label="Professionnel", queryset=None)
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none())

    def __init__(self, *args, utilisateurs, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utilisateur"].queryset = utilisateurs
        self.fields["structure"].queryset = structures


class ImportStructuresForm(ImportCSVForm):
    fichier = forms.FileField(
        label="Fichier CSV (UTF-8, séparateur « ; » ou « , »)", help_text="1 Mo au plus ; une ligne par structure."
    )
