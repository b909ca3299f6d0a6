"""Forms of the diagnostic social de territoire. Each refuses bad input with a French message under the named field;
the writes are in ``actions.py``."""

from django import forms

from developpement.access import actions_collectives_visibles_par, questionnaires_visibles_par
from territoire.models import EPCI, Commune, TerritoireInterventionSociale

from .enums import TypeTerritoire
from .models import Acteur, Entretien, GrilleEntretien

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DiagnosticForm(forms.Form):
    titre = forms.CharField(label="Titre", max_length=200)
    commanditaire = forms.CharField(
        label="Commanditaire",
        max_length=200,
        help_text="Qui commande le diagnostic : une commune, une intercommunalité…",
    )
    type_territoire = forms.ChoiceField(label="Territoire", choices=TypeTerritoire.choices, widget=forms.RadioSelect)
    epci = forms.ModelChoiceField(
        label="Intercommunalité", queryset=EPCI.objects.none(), required=False, help_text="Pour un territoire EPCI."
    )
    tis = forms.ModelChoiceField(
        label="Territoire d'intervention sociale (TIS)",
        queryset=TerritoireInterventionSociale.objects.none(),
        required=False,
        help_text="Pour un TIS : les communes que la sectorisation lui donne.",
    )
    communes = forms.ModelMultipleChoiceField(
        label="Communes",
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Pour un groupe de communes, ou la commune du quartier. Maintenez Ctrl pour en choisir plusieurs.",
    )
    quartier = forms.CharField(label="Nom du quartier", max_length=150, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        departement = user.collectivite.departement_id
        self.fields["communes"].queryset = Commune.objects.du_departement(departement).order_by("nom", "code")
        self.fields["epci"].queryset = (
            EPCI.objects.filter(communes__departement_id=departement).distinct().order_by("nom")
        )
        self.fields["tis"].queryset = TerritoireInterventionSociale.objects.filter(
            collectivite=user.collectivite
        ).order_by("nom")


class InvitationForm(forms.Form):
    utilisateur = forms.ModelChoiceField(label="Partenaire à inviter", queryset=None)

    def __init__(self, *args, invitables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utilisateur"].queryset = invitables


class PackForm(forms.Form):
    date_reference = forms.DateField(
        label="Date de référence", widget=DATE, help_text="L'activité du réseau est comptée sur les douze mois avant."
    )


class ActeurForm(forms.ModelForm):
    class Meta:
        model = Acteur
        fields = ["nom", "nature", "contact", "activites", "rencontre"]
        widgets = {"activites": forms.Textarea(attrs={"rows": 2})}


class GrilleForm(forms.ModelForm):
    class Meta:
        model = GrilleEntretien
        fields = ["type", "titre", "questions"]
        widgets = {"questions": forms.Textarea(attrs={"rows": 4})}


class EntretienForm(forms.ModelForm):
    grille = forms.ModelChoiceField(label="Grille", queryset=GrilleEntretien.objects.none())

    class Meta:
        model = Entretien
        fields = ["grille", "date", "participants", "synthese"]
        widgets = {"date": DATE, "synthese": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "synthese": "N'écrivez aucun nom ni détail qui permette de reconnaître une personne interrogée : "
            "l'entretien est anonyme et le diagnostic sera partagé.",
        }

    def __init__(self, *args, diagnostic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grille"].queryset = diagnostic.grilles.all()


class QuestionnairesForm(forms.Form):
    questionnaires = forms.ModelMultipleChoiceField(
        label="Questionnaires rattachés",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leurs résultats (comptes sous le secret statistique, jamais les textes libres) entrent dans le "
        "diagnostic.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaires"].queryset = questionnaires_visibles_par(user).order_by("titre", "pk")


class SyntheseForm(forms.Form):
    synthese = forms.CharField(
        label="Synthèse", max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class ProblematiqueForm(forms.Form):
    titre = forms.CharField(label="Problématique", max_length=200)
    constat = forms.CharField(label="Constat", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    chiffres = forms.MultipleChoiceField(
        label="Chiffres du pack de données", required=False, widget=forms.CheckboxSelectMultiple
    )
    questionnaires = forms.ModelMultipleChoiceField(
        label="Questionnaires", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    entretiens = forms.ModelMultipleChoiceField(
        label="Entretiens", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    actions = forms.ModelMultipleChoiceField(
        label="Actions collectives qui y répondent", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, diagnostic, pack, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chiffres"].choices = [
            (code, f"{c['libelle']} : {c['texte']}") for code, c in (pack.chiffres() if pack else {}).items()
        ]
        self.fields["questionnaires"].queryset = diagnostic.questionnaires.order_by("titre", "pk")
        self.fields["entretiens"].queryset = diagnostic.entretiens.select_related("grille").order_by("date", "pk")
        self.fields["actions"].queryset = actions_collectives_visibles_par(user).order_by("titre", "pk")


class CommentaireForm(forms.Form):
    texte = forms.CharField(label="Commentaire", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    problematique = forms.ModelChoiceField(
        label="Problématique visée", queryset=None, required=False, empty_label="La synthèse du diagnostic"
    )
    texte_propose = forms.CharField(
        label="Texte proposé (amendement)",
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Facultatif : le texte qui remplacerait la synthèse ou le constat de la problématique visée. "
        "L'équipe l'accepte ou le rejette.",
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problematique"].queryset = version.problematiques.all()
