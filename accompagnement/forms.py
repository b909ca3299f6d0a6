from datetime import timedelta

from django import forms
from django.utils import timezone

from comptes.models import Utilisateur
from config.bornes import date_plausible, longueur_max
from config.televersement import ChampFichier
from reseau.models import Structure
from usagers.forms import RAPPEL

from .enums import CanalEntretien, Issue, Porteur, StatutAction
from .models import Accompagnement, Action, Entretien, NotePrivee, TypeAccompagnement


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OuvrirForm(forms.Form):
    type = forms.ModelChoiceField(label="Type d'accompagnement", queryset=TypeAccompagnement.objects.none())
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)
    date_debut = forms.DateField(validators=[date_plausible], label="Début", widget=DateInput())
    consentement_partage = forms.BooleanField(
        label="La personne consent au partage avec les partenaires nommés", required=False
    )
    partenaires_consentis = forms.ModelMultipleChoiceField(
        label="Partenaires nommés",
        queryset=Structure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # shown only beside the warning of an open support of the same type (see the view)
    confirmer_doublon = forms.BooleanField(
        label="Ouvrir quand même un second accompagnement de ce type", required=False
    )

    def __init__(self, *args, user, structures_utilisateur, **kwargs):
        super().__init__(*args, **kwargs)
        types = TypeAccompagnement.objects.filter(actif=True)
        if not user.peut("protection_enfance"):
            types = types.filter(confidentiel=False)
        self.fields["type"].queryset = types.order_by("ordre")
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=structures_utilisateur)
        self.fields["partenaires_consentis"].queryset = Structure.objects.exclude(
            pk__in=structures_utilisateur
        ).order_by("nom")

    def clean_date_debut(self):
        d = self.cleaned_data["date_debut"]
        if d > timezone.localdate():
            raise forms.ValidationError("Un accompagnement ne peut pas commencer dans le futur.")
        return d

    def clean(self):
        donnees = super().clean()
        if donnees.get("partenaires_consentis") and not donnees.get("consentement_partage"):
            self.add_error("consentement_partage", "Sans le consentement de la personne, ne nommez aucun partenaire.")
        return donnees


class ContratForm(forms.Form):
    """The terms of a contrat d'engagement: its duration, when it is reviewed, where it is signed."""

    duree_mois = forms.IntegerField(label="Durée (mois)", min_value=1, max_value=36, required=False)
    date_revision = forms.DateField(
        validators=[date_plausible], label="Date de révision", required=False, widget=DateInput()
    )
    fait_a = forms.CharField(label="Fait à", max_length=100, required=False)

    def __init__(self, *args, accompagnement, **kwargs):
        super().__init__(*args, **kwargs)
        self.accompagnement = accompagnement
        aujourd_hui = timezone.localdate()
        self.fields["duree_mois"].initial = 6
        self.fields["date_revision"].initial = aujourd_hui + timedelta(days=91)
        self.fields["fait_a"].initial = lieu_du_contrat(accompagnement)

    def clean(self):
        """An empty field takes its default (6 months, a review in three months, the structure's commune)."""
        donnees = super().clean()
        for champ in ("duree_mois", "date_revision", "fait_a"):
            if champ not in self.errors and not donnees.get(champ):
                donnees[champ] = self.fields[champ].initial
        revision = donnees.get("date_revision")
        if revision and revision < timezone.localdate():
            self.add_error("date_revision", "La date de révision ne peut pas être passée.")
        return donnees


def lieu_du_contrat(accompagnement):
    commune = getattr(accompagnement.structure, "commune", None)
    return commune.nom if commune else ""


class ThemeForm(forms.Form):
    libelle = forms.CharField(label="Nouveau thème", max_length=150)


class ObjectifForm(forms.Form):
    theme = forms.IntegerField(widget=forms.HiddenInput)
    libelle = forms.CharField(label="Objectif", max_length=250)
    date_accord = forms.DateField(
        validators=[date_plausible], label="Convenu avec la personne le", required=False, widget=DateInput()
    )


class ActionForm(forms.Form):
    objectif = forms.IntegerField(widget=forms.HiddenInput)
    libelle = forms.CharField(label="Action", max_length=250)
    porteur = forms.ChoiceField(label="Qui la porte", choices=Porteur.choices)
    structure_porteuse = forms.ModelChoiceField(
        label="Structure partenaire (si un partenaire la porte)", queryset=Structure.objects.none(), required=False
    )
    echeance = forms.DateField(validators=[date_plausible], label="Échéance", required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure_porteuse"].queryset = Structure.objects.order_by("nom")

    def clean(self):
        donnees = super().clean()
        if donnees.get("porteur") == Porteur.PARTENAIRE and not donnees.get("structure_porteuse"):
            self.add_error("structure_porteuse", "Choisissez la structure partenaire qui porte l'action.")
        return donnees


class StatutActionForm(forms.Form):
    statut = forms.ChoiceField(label="Statut", choices=StatutAction.choices)
    resultat = forms.CharField(
        label="Résultat",
        required=False,
        max_length=longueur_max(Action, "resultat"),
        help_text=RAPPEL,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EntretienForm(forms.Form):
    date = forms.DateTimeField(
        validators=[date_plausible],
        label="Date et heure",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    canal = forms.ChoiceField(label="Canal", choices=CanalEntretien.choices, widget=forms.RadioSelect)
    participants = forms.CharField(label="Participants", required=False, max_length=300)
    adresse_visite = forms.CharField(label="Adresse de la visite (visite à domicile)", required=False, max_length=250)
    synthese = forms.CharField(
        label="Synthèse partagée avec le groupe de suivi",
        required=False,
        help_text=RAPPEL,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=longueur_max(Entretien, "synthese"),
    )
    prochaines_etapes = forms.CharField(
        label="Prochaines étapes",
        required=False,
        max_length=longueur_max(Entretien, "prochaines_etapes"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note_privee = forms.CharField(
        label="Note privée (vous seul·e pourrez la lire)",
        required=False,
        max_length=longueur_max(NotePrivee, "texte"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=RAPPEL,
    )

    def clean_date(self):
        d = self.cleaned_data["date"]
        if d > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("Un entretien ne se consigne pas à l'avance.")
        return d


class MembreForm(forms.Form):
    utilisateur = forms.ModelChoiceField(label="Professionnel", queryset=Utilisateur.objects.none())
    structure = forms.ModelChoiceField(label="Au titre de la structure", queryset=Structure.objects.none())

    def __init__(self, *args, collectivite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utilisateur"].queryset = (
            Utilisateur.objects.de_la_collectivite(collectivite).filter(is_active=True).order_by("nom", "prenom")
        )
        self.fields["structure"].queryset = Structure.objects.order_by("nom")


class CloturerForm(forms.Form):
    issue = forms.ChoiceField(
        label="Issue",
        choices=[("", "—"), *Issue.choices],
        error_messages={"required": "Choisissez l'issue de l'accompagnement."},
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=longueur_max(Accompagnement, "commentaire_cloture"),
        help_text=RAPPEL,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EnqueteExpulsionForm(forms.ModelForm):
    class Meta:
        from .models import EnqueteExpulsion

        model = EnqueteExpulsion
        fields = [
            "demandeur",
            "date_demande",
            "date_assignation",
            "date_audience",
            "date_ccapex",
            "type_bailleur",
            "dette_locative",
            "ressources_mensuelles",
            "charges_mensuelles",
            "aides_demandees",
            "recommandations",
        ]
        widgets = {f: DateInput() for f in ("date_demande", "date_assignation", "date_audience", "date_ccapex")}

    def clean(self):
        donnees = super().clean()
        for champ in ("dette_locative", "ressources_mensuelles", "charges_mensuelles"):
            if donnees.get(champ) is not None and donnees[champ] < 0:
                self.add_error(champ, "Un montant ne peut pas être négatif.")
        assignation, audience = donnees.get("date_assignation"), donnees.get("date_audience")
        if assignation and audience and audience < assignation:
            self.add_error("date_audience", "L'audience ne peut pas précéder l'assignation.")
        return donnees


class EvaluationIPForm(forms.ModelForm):
    class Meta:
        from .models import EvaluationIP

        model = EvaluationIP
        fields = ["date_reception", "parents_informes", "parents_informes_le", "raison_non_information", "issue"]
        widgets = {"date_reception": DateInput(), "parents_informes_le": DateInput()}

    def clean(self):
        donnees = super().clean()
        if donnees.get("parents_informes"):
            if not donnees.get("parents_informes_le"):
                self.add_error("parents_informes_le", "Indiquez quand les parents ont été informés.")
            elif donnees.get("date_reception") and donnees["parents_informes_le"] < donnees["date_reception"]:
                self.add_error(
                    "parents_informes_le", "Les parents ne peuvent pas avoir été informés avant la réception."
                )
        elif not donnees.get("raison_non_information"):
            self.add_error("raison_non_information", "Indiquez pourquoi les parents n'ont pas été informés.")
        return donnees


class DepotForm(forms.Form):
    fichier = ChampFichier(label="Document (PDF, PNG ou JPEG, 5 Mo au plus)")
