from django import forms

from .models import Commune


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


class ImportSectorisationForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier CSV (code_insee;tis;tas)", help_text="UTF-8, séparateur « ; » ou « , », 1 Mo au plus."
    )

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        if f.size > 1_000_000:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        contenu = f.read()
        if b"\x00" in contenu[:4096]:
            raise forms.ValidationError("Ce fichier n'est pas un fichier texte CSV.")
        return contenu
