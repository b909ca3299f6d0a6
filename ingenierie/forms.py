import re

from django import forms
from django.utils import timezone

from collectivites.noms import forme
from config.bornes import date_plausible, texte_libre
from config.televersement import ChampFichier
from territoire.models import EPCI, Commune

from .enums import INTERCOMMUNAUX, NON_ELIGIBLES, Niveau, TypeDemandeur
from .models import Demande

RAPPEL = "Des faits utiles au projet : aucune information sur une personne."
MESSAGE_NON_ELIGIBLE = (
    "L'offre d'ingénierie sociale du Département est réservée aux communes et à leurs groupements (intercommunalités, "
    "syndicats intercommunaux, CCAS et CIAS). Pour une demande personnelle, adressez-vous à un lieu d'accueil social ; "
    "une entreprise ou une association peut se rapprocher de la commune où elle porte son projet."
)


class PlusieursFichiers(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampFichiers(ChampFichier):
    """Several documents in one input, each checked as every upload is (config.televersement, docs/securite.md §24)."""

    def __init__(self, *args, maximum=5, **kwargs):
        self.maximum = maximum
        kwargs.setdefault("widget", PlusieursFichiers())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        fichiers = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(fichiers) > self.maximum:
            raise forms.ValidationError(f"{self.maximum} documents au plus.")
        verifies = []
        for f in fichiers:
            try:
                verifies.append(super().clean(f, initial))
            except forms.ValidationError as e:
                raise forms.ValidationError(f"« {getattr(f, 'name', '')} » : {e.messages[0]}") from None
        return verifies


class DemandeForm(forms.ModelForm):
    """The public request form (no account). Only communes and their groupings are eligible."""

    type_demandeur = forms.ChoiceField(
        label="Vous êtes",
        choices=[("", "Choisissez"), *TypeDemandeur.choices, *NON_ELIGIBLES.items()],
        help_text="Seules les communes et leurs groupements (intercommunalité, syndicat, CCAS, CIAS) peuvent "
        "demander cet accompagnement.",
    )
    territoire = forms.CharField(
        label="Votre commune ou votre intercommunalité",
        max_length=200,
        help_text="Tapez le nom, le code postal ou le code INSEE, puis choisissez dans la liste.",
    )
    documents = ChampFichiers(label="Documents utiles (facultatif, 5 au plus)")
    # Honeypot: hidden from people by the style sheet, filled by robots that fill every field.
    site_internet = forms.CharField(label="Ne pas remplir ce champ", required=False)

    class Meta:
        model = Demande
        fields = [
            "type_demandeur",
            "territoire",
            "nom_demandeur",
            "contact_nom",
            "contact_fonction",
            "contact_email",
            "contact_telephone",
            "type_projet",
            "description",
            "avancement",
            "calendrier_souhaite",
            "documents",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "avancement": forms.RadioSelect,
        }
        help_texts = {
            "nom_demandeur": "Par exemple : Mairie de Figeac, CCAS de Gramat, Communauté de communes du Grand-Figeac.",
            "description": "Le besoin repéré, le public visé, ce qui existe déjà. " + RAPPEL,
            "avancement": "Il oriente le niveau d'accompagnement proposé : niveau 1 pour lancer la réflexion, "
            "niveau 2 pour définir et formaliser le projet.",
            "calendrier_souhaite": "Par exemple : ouverture souhaitée au printemps 2027, conseil municipal en mars.",
        }
        error_messages = {
            "description": {"required": "Décrivez le projet en quelques lignes."},
            "contact_email": {"invalid": "Indiquez une adresse e-mail valide : le lien de suivi y sera envoyé."},
        }

    def __init__(self, *args, collectivite, **kwargs):
        super().__init__(*args, **kwargs)
        self.collectivite = collectivite
        self.robot = False
        self.fields["avancement"].choices = self.fields["avancement"].choices[1:]  # radios: no empty choice
        self.fields["territoire"].widget.attrs.update({"autocomplete": "off", "list": "territoires-liste"})
        self.fields["site_internet"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_type_demandeur(self):
        valeur = self.cleaned_data["type_demandeur"]
        if valeur in NON_ELIGIBLES:
            raise forms.ValidationError(MESSAGE_NON_ELIGIBLE)
        return valeur

    def clean_territoire(self):
        """« Nom (46102) » for a commune, « Nom (EPCI 200067361) » for an intercommunality, or a bare code."""
        texte = " ".join(self.cleaned_data["territoire"].split())
        departement = self.collectivite.departement_id
        epci_code = re.search(r"\b(\d{9})\b", texte)
        commune_code = re.search(r"\b(\d[0-9AB]\d{3})\b", texte)
        if epci_code:
            epci = EPCI.objects.filter(siren=epci_code.group(1)).first()
            if epci is None:
                raise forms.ValidationError(f"Intercommunalité inconnue : « {texte} ».")
            if not Commune.objects.filter(epci=epci, departement_id=departement).exists():
                raise forms.ValidationError(f"{epci} n'est pas sur le territoire {forme(self.collectivite).de}.")
            return epci
        if commune_code:
            commune = Commune.objects.filter(code=commune_code.group(1)).first()
        else:
            trouvees = list(Commune.objects.filter(departement_id=departement, nom__iexact=texte)[:2])
            commune = trouvees[0] if len(trouvees) == 1 else None
        if commune is None:
            raise forms.ValidationError(f"Commune inconnue : « {texte} ». Choisissez-la dans la liste proposée.")
        if commune.departement_id != departement:
            raise forms.ValidationError(
                f"{commune} n'est pas sur le territoire {forme(self.collectivite).de} : "
                "adressez-vous à votre département."
            )
        return commune

    def clean(self):
        donnees = super().clean()
        if donnees.get("site_internet"):
            self.robot = True
        territoire, type_demandeur = donnees.get("territoire"), donnees.get("type_demandeur")
        if territoire is None or not type_demandeur:
            return donnees
        if isinstance(territoire, EPCI):
            if type_demandeur not in INTERCOMMUNAUX:
                self.add_error("territoire", "Une commune ou un CCAS choisit sa commune, pas son intercommunalité.")
                return donnees
            donnees["epci"] = territoire
            donnees["commune"] = (
                Commune.objects.filter(epci=territoire, departement_id=self.collectivite.departement_id)
                .order_by("-population")
                .first()
            )  # its largest commune on the territory stands for its seat
        else:
            donnees["commune"] = territoire
            donnees["epci"] = territoire.epci if type_demandeur in INTERCOMMUNAUX else None
        return donnees


class QualificationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        choices=[
            ("1", Niveau.LANCEMENT.label),
            ("2", Niveau.FORMALISATION.label),
            ("reorientee", "Réorienter vers un autre dispositif ou partenaire"),
            ("refusee", "Refuser"),
        ],
    )
    conseiller = forms.ModelChoiceField(label="Conseiller·ère", queryset=None, required=False)
    motif = forms.CharField(
        validators=[texte_libre],
        label="Motif de la réorientation ou du refus (la commune le lira)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, conseillers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conseiller"].queryset = conseillers

    def clean(self):
        donnees = super().clean()
        decision = donnees.get("decision")
        if decision in ("1", "2") and not donnees.get("conseiller"):
            self.add_error("conseiller", "Désignez le conseiller ou la conseillère qui suivra la demande.")
        if decision in ("reorientee", "refusee") and not (donnees.get("motif") or "").strip():
            self.add_error("motif", "Indiquez le motif : la commune le lira.")
        return donnees


class TransfertForm(forms.Form):
    tis = forms.ModelChoiceField(label="Pôle compétent", queryset=None)
    motif = forms.CharField(label="Pourquoi", max_length=300, required=False)

    def __init__(self, *args, tis, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tis"].queryset = tis


class EtapeForm(forms.Form):
    realisee_le = forms.DateField(
        validators=[date_plausible],
        label="Réalisée le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    note = forms.CharField(
        validators=[texte_libre],
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=RAPPEL,
    )
    documents = ChampFichiers(label="Documents (5 au plus)")
    partage_commune = forms.BooleanField(label="Partager ces documents avec la commune", required=False, initial=True)

    def clean_realisee_le(self):
        jour = self.cleaned_data["realisee_le"]
        if jour and jour > timezone.localdate():
            raise forms.ValidationError("Une étape ne peut pas être réalisée dans le futur.")
        return jour


class RedactionForm(forms.ModelForm):
    class Meta:
        model = Demande
        fields = ["partenaires", "methodologie", "recommandations"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields}
        help_texts = {
            "partenaires": "Partenaires mobilisables, groupe projet pluridisciplinaire.",
            "methodologie": "Étapes et calendrier du projet.",
            "recommandations": "Ce que le Département recommande à la commune. " + RAPPEL,
        }
