import datetime

from django import forms


class DemandeAccesForm(forms.Form):
    recue_le = forms.DateField(
        label="Demande reçue le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="La réponse est due dans le mois qui suit (RGPD, article 12).",
    )

    def clean_recue_le(self):
        recue_le = self.cleaned_data["recue_le"]
        if recue_le < datetime.date(2000, 1, 1):
            raise forms.ValidationError("Saisissez une date de réception plausible.")
        return recue_le
