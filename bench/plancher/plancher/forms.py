from django import forms

from .models import Lieu

CANAUX = [("sur_place", "Sur place"), ("telephone", "Téléphone"), ("courriel", "Courriel")]
MOTIFS = [(f"motif_{i}", f"Motif {i}") for i in range(1, 13)]
TRANCHES = [
    ("", "Non renseignée"),
    ("moins_25", "Moins de 25 ans"),
    ("25_59", "25-59 ans"),
    ("60_plus", "60 ans et plus"),
]
FOYERS = [("", "Non renseigné"), ("seul", "Personne seule"), ("couple", "Couple"), ("famille", "Famille")]


class VisiteForm(forms.Form):
    jeton = forms.UUIDField(widget=forms.HiddenInput)
    lieu = forms.ModelChoiceField(queryset=Lieu.objects.order_by("nom"), empty_label=None)
    date_heure = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M"])
    canal = forms.ChoiceField(choices=CANAUX, widget=forms.RadioSelect)
    motifs = forms.MultipleChoiceField(choices=MOTIFS, widget=forms.CheckboxSelectMultiple)
    commune = forms.CharField(required=False, max_length=120)
    tranche_age = forms.ChoiceField(choices=TRANCHES, required=False)
    type_foyer = forms.ChoiceField(choices=FOYERS, required=False)
    information_donnee = forms.BooleanField(required=False)
    information = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    orienter = forms.BooleanField(required=False)
    accompagnement_propose = forms.BooleanField(required=False)
    rendez_vous_donne = forms.BooleanField(required=False)
    aucun_besoin = forms.BooleanField(required=False)
    duree_minutes = forms.IntegerField(required=False, min_value=1, max_value=480)
