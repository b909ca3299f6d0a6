from django import forms

from accompagnement.forms import DateInput
from comptes.models import Utilisateur
from config.bornes import annee as valider_annee
from config.bornes import date_plausible
from reseau.models import Structure
from usagers.forms import RAPPEL

from .enums import Beneficiaire, Moyen, Sens, TypeFoyer
from .models import Demande, Dispositif, ExamenPermis, RevueObjectifs, SituationFoyer


class DispositifForm(forms.ModelForm):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)
    types_foyer = forms.MultipleChoiceField(
        label="Compositions du foyer admises",
        choices=TypeFoyer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune cochée : toutes.",
    )

    class Meta:
        model = Dispositif
        fields = [
            "structure",
            "nom",
            "nature",
            "budget_annuel",
            "plafond_foyer",
            "decideur",
            "age_min",
            "age_max",
            "types_foyer",
            "reste_a_vivre_max",
            "pieces",
            "semaines_acces",
            "plafond_depenses",
            "taux_participation",
            "organisme_partenaire",
            "heures_contrepartie",
            "valeur_faciale",
        ]

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=structures).order_by("nom")
        self.fields["pieces"].help_text = "Une pièce par ligne."

    def clean(self):
        donnees = super().clean()
        if donnees.get("age_min") is not None and donnees.get("age_max") is not None:
            if donnees["age_min"] > donnees["age_max"]:
                self.add_error("age_max", "L'âge maximum doit être supérieur ou égal à l'âge minimum.")
        if (
            donnees.get("plafond_foyer") is not None
            and donnees.get("budget_annuel") is not None
            and donnees["plafond_foyer"] > donnees["budget_annuel"]
        ):
            self.add_error("plafond_foyer", "Le plafond par foyer ne peut pas dépasser le budget de l'année.")
        return donnees


class SituationForm(forms.ModelForm):
    class Meta:
        model = SituationFoyer
        fields = ["date", "source", "type_foyer", "autres_14_plus", "moins_14", "ressources", "charges", "detail"]
        widgets = {"date": DateInput()}
        help_texts = {
            "autres_14_plus": "En plus de la personne.",
            "detail": f"Nature des ressources et des charges (loyer, énergie, crédits…). {RAPPEL}",
        }


class DemandeForm(forms.ModelForm):
    dispositif = forms.ModelChoiceField(label="Dispositif", queryset=Dispositif.objects.none())

    class Meta:
        model = Demande
        fields = ["dispositif", "objet", "montant_demande", "evaluation"]

    def __init__(self, *args, dispositifs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispositif"].queryset = dispositifs.filter(actif=True).select_related("structure").order_by("nom")
        self.fields["evaluation"].help_text = RAPPEL


class InstructionForm(forms.Form):
    evaluation = forms.CharField(label="Évaluation du professionnel", widget=forms.Textarea, help_text=RAPPEL)


class DecisionForm(forms.Form):
    sens = forms.ChoiceField(label="Décision", choices=Sens.choices)
    montant = forms.DecimalField(label="Montant accordé (€)", required=False, max_digits=10, decimal_places=2)
    duree_mois = forms.IntegerField(label="Durée (mois)", required=False, min_value=1, max_value=120)
    conditions = forms.CharField(label="Conditions", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    objectifs = forms.CharField(
        label="Objectifs convenus avec la personne", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    motif = forms.CharField(label="Motif du refus", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    manquant = forms.CharField(
        label="Ce qui manque (ajournement)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UrgenceForm(DecisionForm):
    """An urgent decision by an authorised person, who may exceed the household's yearly ceiling with a reason."""

    derogation = forms.CharField(
        label="Motif de la dérogation au plafond par foyer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement pour accorder au-delà du plafond par foyer et par an. " + RAPPEL,
    )


class CommissionForm(forms.Form):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)
    date = forms.DateField(label="Date de la séance", validators=[date_plausible], widget=DateInput())
    lieu = forms.CharField(label="Lieu", required=False, max_length=150)
    membres = forms.ModelMultipleChoiceField(
        label="Membres", queryset=Utilisateur.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=structures).order_by("nom")
        self.fields["membres"].queryset = (
            Utilisateur.objects.filter(adhesions__structure_id__in=structures, is_active=True)
            .distinct()
            .order_by("nom", "prenom", "pk")
        )


class RapportForm(forms.Form):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)
    annee = forms.IntegerField(label="Année", validators=[valider_annee])

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=structures).order_by("nom")


class InscriptionForm(forms.Form):
    demande = forms.ModelChoiceField(label="Demande à inscrire", queryset=Demande.objects.none())

    def __init__(self, *args, demandes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demande"].queryset = demandes


class VersementForm(forms.Form):
    montant = forms.DecimalField(label="Montant versé (€)", max_digits=10, decimal_places=2)
    date = forms.DateField(label="Date", validators=[date_plausible], widget=DateInput())
    beneficiaire = forms.ChoiceField(label="Versé à", choices=Beneficiaire.choices)
    tiers_nom = forms.CharField(label="Nom du tiers", required=False, max_length=150)
    tiers_iban = forms.CharField(
        label="IBAN du tiers",
        required=False,
        max_length=42,
        help_text="Seulement pour un tiers : les coordonnées bancaires de la personne ne sont pas conservées.",
    )
    moyen = forms.ChoiceField(label="Moyen", choices=Moyen.choices)


class BonsForm(forms.Form):
    nombre = forms.IntegerField(label="Nombre de chèques", min_value=1, max_value=100)
    expire_le = forms.DateField(label="Valables jusqu'au", validators=[date_plausible], widget=DateInput())


class EcheancierForm(forms.Form):
    premiere_echeance = forms.DateField(label="Première échéance", validators=[date_plausible], widget=DateInput())


class PaiementForm(forms.Form):
    payee_le = forms.DateField(label="Payée le", validators=[date_plausible], widget=DateInput())
    incident = forms.CharField(label="Incident signalé par le prêteur", required=False, max_length=200)


class HeuresForm(forms.Form):
    """Counterpart hours planned at a host structure of the network."""

    date = forms.DateField(label="Date", validators=[date_plausible], widget=DateInput())
    heures = forms.DecimalField(label="Heures", min_value=0.5, max_value=12, decimal_places=1)
    structure_hote = forms.ModelChoiceField(
        label="Structure d'accueil",
        queryset=Structure.objects.none(),
        help_text="Le service de la commune ou l'association qui accueille la personne : "
        "ses membres valident les heures.",
    )
    hote = forms.CharField(label="Service ou lieu", max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure_hote"].queryset = Structure.objects.order_by("nom", "pk")


class DeclarationHeuresForm(forms.Form):
    heures = forms.DecimalField(
        label="Heures faites",
        min_value=0.5,
        max_value=12,
        decimal_places=1,
        required=False,
        help_text="Laissez vide si toutes les heures prévues ont été faites.",
    )


class ValidationHeuresForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision", choices=[("valider", "Valider les heures"), ("refuser", "Refuser les heures")]
    )
    motif_refus = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=500,
        help_text="Obligatoire pour un refus. Objectif et factuel : la personne peut demander à lire son dossier.",
    )


class AchatForm(forms.Form):
    date = forms.DateField(label="Date", validators=[date_plausible], widget=DateInput())
    montant = forms.DecimalField(label="Montant des achats (€)", max_digits=10, decimal_places=2)


class RevueForm(forms.Form):
    resultat = forms.ChoiceField(label="Résultat", choices=RevueObjectifs.Resultat.choices)
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=RAPPEL,
    )


class ExamenForm(forms.Form):
    epreuve = forms.ChoiceField(label="Épreuve", choices=ExamenPermis.Epreuve.choices)
    date = forms.DateField(label="Date de l'épreuve", validators=[date_plausible], widget=DateInput())
    resultat = forms.ChoiceField(label="Résultat", choices=ExamenPermis.Resultat.choices)


class AnneeForm(forms.Form):
    """The year a statistics page shows (a GET form)."""

    annee = forms.IntegerField(label="Année", validators=[valider_annee])
