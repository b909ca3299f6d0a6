from django import forms

from config.fichiers_csv import ImportCSVForm

from .models import Commune, TerritoireActionSociale, TerritoireInterventionSociale


class CommunesTISForm(forms.Form):
    communes = forms.ModelMultipleChoiceField(
        label="Communes desservies",
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 20}),
        help_text="Maintenez Ctrl (ou Cmd) pour sélectionner plusieurs communes.",
    )
    deplacer = forms.BooleanField(
        label="Déplacer vers ce TIS les communes déjà rattachées à un autre TIS", required=False
    )

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = Commune.objects.du_departement(departement).order_by("nom")


class ImportSectorisationForm(ImportCSVForm):
    fichier = forms.FileField(
        label="Fichier CSV (code_insee;tis;tas)", help_text="UTF-8, séparateur « ; » ou « , », 1 Mo au plus."
    )


class TISForm(forms.ModelForm):
    """A TIS, its TAS (existing or new) and its phone number."""

    tas = forms.ModelChoiceField(
        label="Territoire d'action sociale",
        queryset=TerritoireActionSociale.objects.none(),
        required=False,
        empty_label="— nouveau TAS —",
    )
    nouveau_tas = forms.CharField(label="Nom du nouveau TAS", max_length=150, required=False)

    class Meta:
        model = TerritoireInterventionSociale
        fields = ["nom", "tas", "telephone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tas"].queryset = TerritoireActionSociale.objects.order_by("nom")

    def clean_nom(self):
        nom = self.cleaned_data["nom"].strip()
        doublon = TerritoireInterventionSociale.objects.filter(nom__iexact=nom).exclude(pk=self.instance.pk)
        if doublon.exists():
            raise forms.ValidationError(f"Un TIS s'appelle déjà « {nom} ».")
        return nom

    def clean(self):
        donnees = super().clean()
        if not donnees.get("tas") and not (donnees.get("nouveau_tas") or "").strip():
            self.add_error("tas", "Choisissez un TAS ou nommez-en un nouveau.")
        return donnees
