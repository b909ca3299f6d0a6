"""Forms of the questionnaires; the public answer form is built from the version's questions."""

from decimal import Decimal

from django import forms

from comptes.models import Utilisateur
from config.bornes import DATE_MAX, DATE_MIN
from config.televersement import DOCX, JPEG, ODT, PDF, PNG, ChampFichier
from reseau.models import LieuAccueil, Structure
from territoire.models import Commune

from .access import participants_visibles_par, structures_du_personnel, structures_proposees
from .enums import (
    ECHELLE,
    TYPES_A_CHOIX,
    Nature,
    NatureDepense,
    ObjectifsAtteints,
    Sexe,
    TrancheAge,
    TypeInstance,
    TypeQuestion,
)
from .modeles import CHOIX_MODELES, CONSENTEMENT
from .models import (
    MONTANT_MAX_CONVENTION,
    Financeur,
    ParametresDeveloppement,
    ParticipantIdentifie,
    Questionnaire,
    Section,
    ThemeAction,
)

NOMBRE_BORNE = 1_000_000


class QuestionnaireForm(forms.Form):
    titre = forms.CharField(label="Titre", max_length=200)
    modele = forms.ChoiceField(
        label="Partir d'un modèle",
        choices=CHOIX_MODELES,
        required=False,
        help_text="Les questions du modèle sont copiées ; vous pourrez les changer avant la première réponse.",
    )
    nature = forms.ChoiceField(label="Nature", choices=Nature.choices, initial=Nature.SATISFACTION)
    structure = forms.ModelChoiceField(label="Structure", queryset=None, required=False)
    introduction = forms.CharField(
        label="Texte d'explication et de consentement",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=CONSENTEMENT,
        help_text="Lu avant les questions : pourquoi ce questionnaire, qui lit les réponses, qu'il est anonyme et "
        "facultatif.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["structure"].queryset = structures_proposees(user)
        reseau = user.peut("animer_reseau")
        self.fields["structure"].required = not reseau
        self.fields["structure"].empty_label = "Le réseau (questionnaire commun)" if reseau else None
        self.fields["structure"].help_text = "La structure dont l'équipe lit les réponses."


class ModifierQuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["titre", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class SectionForm(forms.Form):
    titre = forms.CharField(label="Titre de la section", max_length=200)
    texte = forms.CharField(label="Texte d'introduction", max_length=500, required=False)
    ordre = forms.IntegerField(label="Ordre", min_value=0, max_value=999, initial=0)


class QuestionForm(forms.Form):
    libelle = forms.CharField(label="Question", max_length=300)
    type = forms.ChoiceField(label="Type de question", choices=TypeQuestion.choices)
    section = forms.ModelChoiceField(label="Section", queryset=Section.objects.none(), required=False)
    choix = forms.CharField(
        label="Choix proposés",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un choix par ligne (questions à choix unique ou multiple seulement), 2 à 20 choix.",
    )
    minimum = forms.IntegerField(label="Minimum", required=False, min_value=-NOMBRE_BORNE, max_value=NOMBRE_BORNE)
    maximum = forms.IntegerField(label="Maximum", required=False, min_value=-NOMBRE_BORNE, max_value=NOMBRE_BORNE)
    aide = forms.CharField(label="Aide", max_length=300, required=False)
    obligatoire = forms.BooleanField(label="Réponse obligatoire", required=False)
    ordre = forms.IntegerField(label="Ordre", min_value=0, max_value=999, initial=0)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(version=version)

    def clean(self):
        donnees = super().clean()
        type_ = donnees.get("type")
        choix = [c.strip() for c in (donnees.get("choix") or "").splitlines() if c.strip()]
        if type_ in TYPES_A_CHOIX:
            if not 2 <= len(choix) <= 20:
                self.add_error("choix", "Indiquez de 2 à 20 choix, un par ligne.")
            elif any(len(c) > 200 for c in choix):
                self.add_error("choix", "Un choix fait au plus 200 caractères.")
            elif len(set(choix)) != len(choix):
                self.add_error("choix", "Deux choix sont identiques.")
        elif choix:
            self.add_error("choix", "Seules les questions à choix ont des choix proposés.")
        donnees["choix"] = choix if type_ in TYPES_A_CHOIX else []
        mini, maxi = donnees.get("minimum"), donnees.get("maximum")
        if type_ != TypeQuestion.NOMBRE and (mini is not None or maxi is not None):
            self.add_error("minimum", "Seules les questions « Nombre » ont un minimum et un maximum.")
        elif mini is not None and maxi is not None and maxi < mini:
            self.add_error("maximum", "Le maximum est inférieur au minimum.")
        return donnees


class DiffusionForm(forms.Form):
    lieu = forms.ModelChoiceField(
        label="Lieu d'accueil",
        queryset=LieuAccueil.objects.none(),
        required=False,
        empty_label="Tous les lieux (un seul lien)",
        help_text="Un lien par lieu permet de comparer les lieux (sous réserve du secret statistique).",
    )
    ouvre_le = forms.DateField(label="Ouvert du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ferme_le = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        lieux = LieuAccueil.objects.filter(collectivite_id=questionnaire.collectivite_id).order_by("nom")
        if questionnaire.structure_id:
            lieux = lieux.filter(structure_id=questionnaire.structure_id)
        self.fields["lieu"].queryset = lieux

    def clean(self):
        donnees = super().clean()
        for champ in ("ouvre_le", "ferme_le"):
            jour = donnees.get(champ)
            if jour is not None and not DATE_MIN <= jour <= DATE_MAX:
                self.add_error(champ, "Date hors des bornes plausibles.")
        ouvre, ferme = donnees.get("ouvre_le"), donnees.get("ferme_le")
        if ouvre and ferme and ferme < ouvre:
            self.add_error("ferme_le", "La date de fermeture précède la date d'ouverture.")
        return donnees


class ReponseForm(forms.Form):
    """The public form: one field per question, named ``q<pk>``, in the version's order; plus a honeypot."""

    # Honeypot: hidden from people by the style sheet, filled by robots that fill every field.
    site_internet = forms.CharField(label="Ne pas remplir ce champ", required=False)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.robot = False
        self.questions = list(questions)
        self.fields["site_internet"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for q in self.questions:
            self.fields[f"q{q.pk}"] = _champ(q)

    def clean(self):
        donnees = super().clean()
        if donnees.get("site_internet"):
            self.robot = True
        return donnees

    def valeurs(self):
        return {q: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def par_section(self):
        """[(section or None, [bound fields])], in the order of the questions."""
        groupes = []
        for q in self.questions:
            if not groupes or groupes[-1][0] != q.section:
                groupes.append((q.section, []))
            groupes[-1][1].append(self[f"q{q.pk}"])
        return groupes


def _champ(q):
    libelle = f"{q.libelle} (obligatoire)" if q.obligatoire else q.libelle
    commun = {"label": libelle, "required": q.obligatoire, "help_text": q.aide}
    if q.type == TypeQuestion.CHOIX_UNIQUE:
        return forms.ChoiceField(choices=[(c, c) for c in q.choix], widget=forms.RadioSelect, **commun)
    if q.type == TypeQuestion.CHOIX_MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in q.choix], widget=forms.CheckboxSelectMultiple, **commun
        )
    if q.type == TypeQuestion.ECHELLE:
        return forms.TypedChoiceField(
            choices=list(ECHELLE.items()), coerce=int, empty_value=None, widget=forms.RadioSelect, **commun
        )
    if q.type == TypeQuestion.NOMBRE:
        mini = q.minimum if q.minimum is not None else -NOMBRE_BORNE
        maxi = q.maximum if q.maximum is not None else NOMBRE_BORNE
        return forms.IntegerField(min_value=mini, max_value=maxi, **commun)
    if q.type == TypeQuestion.TEXTE_COURT:
        return forms.CharField(max_length=200, **commun)
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), **commun)


class ParametresForm(forms.ModelForm):
    class Meta:
        model = ParametresDeveloppement
        fields = ["reponses_minimum_satisfaction", "reponses_par_heure"]


class ActionCollectiveForm(forms.Form):
    titre = forms.CharField(label="Titre", max_length=200)
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes", queryset=ThemeAction.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    structures = forms.ModelMultipleChoiceField(
        label="Structures porteuses",
        queryset=Structure.objects.none(),
        help_text="Une au moins doit être la vôtre. Maintenez Ctrl pour en choisir plusieurs.",
    )
    animateurs = forms.ModelMultipleChoiceField(label="Animateurs", queryset=Utilisateur.objects.none(), required=False)
    communes = forms.ModelMultipleChoiceField(
        label="Territoire (communes)",
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Les communes du quartier ou du secteur de l'action. Maintenez Ctrl pour en choisir plusieurs.",
    )
    public = forms.CharField(label="Public visé", max_length=300)
    objectifs = forms.CharField(label="Objectifs", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    debut = forms.DateField(label="Début", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    fin = forms.DateField(
        label="Fin", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ThemeAction.objects.filter(actif=True)
        self.fields["communes"].queryset = Commune.objects.du_departement(user.collectivite.departement_id).order_by(
            "nom"
        )
        self.fields["structures"].queryset = Structure.objects.filter(collectivite_id=user.collectivite_id).order_by(
            "nom"
        )
        self.fields["animateurs"].queryset = (
            Utilisateur.objects.filter(
                collectivite_id=user.collectivite_id, adhesions__structure__in=structures_du_personnel(user)
            )
            .distinct()
            .order_by("nom", "prenom")
        )

    def clean(self):
        donnees = super().clean()
        for champ in ("debut", "fin"):
            jour = donnees.get(champ)
            if jour is not None and not DATE_MIN <= jour <= DATE_MAX:
                self.add_error(champ, "Date hors des bornes plausibles.")
        if donnees.get("debut") and donnees.get("fin") and donnees["fin"] < donnees["debut"]:
            self.add_error("fin", "La fin précède le début.")
        return donnees


class SeanceForm(forms.Form):
    """A session and its attendance, counted anonymously: one number per age band and sex (``n_<tranche>_<sexe>``)."""

    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    lieu = forms.ModelChoiceField(
        label="Lieu d'accueil", queryset=LieuAccueil.objects.none(), required=False, empty_label="Autre lieu"
    )
    adresse = forms.CharField(label="Ou adresse", max_length=250, required=False)
    animateurs = forms.ModelMultipleChoiceField(label="Animateurs", queryset=Utilisateur.objects.none(), required=False)
    contenu = forms.CharField(label="Contenu de la séance", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    presents = forms.ModelMultipleChoiceField(
        label="Participants identifiés présents",
        queryset=ParticipantIdentifie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, action, user, **kwargs):
        super().__init__(*args, **kwargs)
        # only the participants this user may know are offered (docs/developpement.md §8)
        self.fields["presents"].queryset = (
            participants_visibles_par(user).filter(action=action).select_related("usager").order_by("usager__nom", "pk")
        )
        self.fields["presents"].label_from_instance = lambda p: str(p.usager)
        porteuses = action.structures.all()
        self.fields["lieu"].queryset = LieuAccueil.objects.filter(structure__in=porteuses).order_by("nom")
        self.fields["animateurs"].queryset = (
            Utilisateur.objects.filter(collectivite_id=action.collectivite_id, adhesions__structure__in=porteuses)
            .distinct()
            .order_by("nom", "prenom")
        )
        for t in TrancheAge:
            for s in Sexe:
                self.fields[f"n_{t.value}_{s.value}"] = forms.IntegerField(
                    label=f"{s.label}, {t.label}", min_value=0, max_value=500, initial=0
                )

    def clean(self):
        donnees = super().clean()
        jour = donnees.get("date")
        if jour is not None and not DATE_MIN <= jour <= DATE_MAX:
            self.add_error("date", "Date hors des bornes plausibles.")
        if "lieu" in donnees and not donnees.get("lieu") and not donnees.get("adresse"):
            self.add_error("adresse", "Indiquez le lieu d'accueil ou l'adresse de la séance.")
        return donnees

    def comptes(self):
        return {(t.value, s.value): self.cleaned_data[f"n_{t.value}_{s.value}"] or 0 for t in TrancheAge for s in Sexe}

    def grille(self):
        """[(age band label, [bound fields per sex])] for the attendance table."""
        return [(t.label, [self[f"n_{t.value}_{s.value}"] for s in Sexe]) for t in TrancheAge]


class EvaluationForm(forms.Form):
    objectifs_atteints = forms.ChoiceField(
        label="Objectifs", choices=ObjectifsAtteints.choices, widget=forms.RadioSelect
    )
    evaluation = forms.CharField(label="Évaluation", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class InstanceForm(forms.Form):
    nom = forms.CharField(label="Nom", max_length=200)
    type = forms.ChoiceField(label="Type", choices=TypeInstance.choices)
    membres = forms.CharField(
        label="Membres",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Un membre par ligne : nom, fonction, organisme.",
    )


def _date_plausible(form, champ):
    jour = form.cleaned_data.get(champ)
    if jour is not None and not DATE_MIN <= jour <= DATE_MAX:
        form.add_error(champ, "Date hors des bornes plausibles.")


class ReunionForm(forms.Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    lieu = forms.CharField(label="Lieu", max_length=250, required=False)
    ordre_du_jour = forms.CharField(label="Ordre du jour", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        donnees = super().clean()
        _date_plausible(self, "date")
        return donnees


class CompteRenduForm(forms.Form):
    presents = forms.CharField(
        label="Membres présents",
        max_length=5000,
        required=False,
        help_text="Un membre présent par ligne.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    compte_rendu = forms.CharField(label="Compte rendu", max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}))


class DecisionForm(forms.Form):
    libelle = forms.CharField(label="Décision", max_length=500)
    responsable = forms.CharField(label="Responsable", max_length=200, help_text="Une personne ou une structure.")
    echeance = forms.DateField(
        label="Échéance", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        donnees = super().clean()
        _date_plausible(self, "echeance")
        return donnees


class FinanceurForm(forms.Form):
    nom = forms.CharField(label="Nom du financeur", max_length=150)


class MontantField(forms.DecimalField):
    """An amount in euros as people type it: « 60 000 », « 1 250,50 » or « 1250.50 »."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").removesuffix("€")
        return super().to_python(value)


def _champ_montant(libelle):
    return MontantField(
        label=libelle,
        localize=True,
        min_value=Decimal("0.01"),
        max_value=MONTANT_MAX_CONVENTION,
        max_digits=12,
        decimal_places=2,
        help_text="En euros, par exemple 60 000 ou 1 250,50.",
        error_messages={
            "invalid": "Saisissez un montant en euros, par exemple 1 250,50.",
            "min_value": "Le montant doit être supérieur à zéro.",
            "max_value": "Le montant ne peut dépasser 10 000 000 €.",
            "max_decimal_places": "Le montant a au plus deux chiffres après la virgule (les centimes).",
        },
    )


class DotationForm(forms.Form):
    financeur = forms.ModelChoiceField(label="Financeur", queryset=Financeur.objects.none())
    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    nature = forms.ChoiceField(label="Nature de dépense", choices=NatureDepense.choices)
    montant = _champ_montant("Montant alloué (€)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financeur"].queryset = Financeur.objects.all()


class DepenseForm(DotationForm):
    annee = None
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    montant = _champ_montant("Montant dépensé (€)")
    libelle = forms.CharField(label="Libellé", max_length=300)

    field_order = ["date", "financeur", "nature", "montant", "libelle"]

    def clean_date(self):
        jour = self.cleaned_data["date"]
        if not DATE_MIN <= jour <= DATE_MAX:
            raise forms.ValidationError("Date hors des bornes plausibles.")
        return jour


class InscriptionForm(forms.Form):
    """Name a person among an action's participants: the person chosen in the search, their consent and its date."""

    usager = forms.TypedChoiceField(label="Personne", coerce=int, widget=forms.RadioSelect, choices=())
    consentement = forms.BooleanField(
        label="La personne a donné son accord pour figurer nommément parmi les participants",
        required=False,
    )
    consentement_le = forms.DateField(
        label="Accord donné le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, personnes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["usager"].choices = [(p.pk, _personne(p)) for p in personnes]

    def clean(self):
        donnees = super().clean()
        if not donnees.get("consentement"):
            self.add_error("consentement", "La personne doit avoir donné son accord pour être nommée.")
        jour = donnees.get("consentement_le")
        if jour is not None and not DATE_MIN <= jour <= DATE_MAX:
            self.add_error("consentement_le", "Date hors des bornes plausibles.")
        return donnees


def _personne(usager):
    naissance = f" (naissance : {usager.date_naissance:%d/%m/%Y})" if usager.date_naissance else ""
    commune = f", {usager.commune.nom}" if usager.commune_id else ""
    return f"{usager}{naissance}{commune}"


class PreuveForm(forms.Form):
    """A file that evidences a declared method of measuring satisfaction (docs/developpement.md §6)."""

    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none())
    description = forms.CharField(
        label="Ce que le fichier montre",
        max_length=300,
        help_text="Par exemple : « compte rendu du conseil des usagers de mars », « bilan de l'enquête annuelle ».",
    )
    fichier = ChampFichier(label="Fichier", types=(PDF, ODT, DOCX, PNG, JPEG))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures_proposees(user).order_by("nom")
