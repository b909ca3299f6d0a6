from data_inclusion.schema.v1 import ModeAccueil, Public, Thematique
from django import forms

from config.bornes import date_plausible, longueur_max, texte_libre
from config.fichiers_csv import ImportCSVForm
from config.televersement import DOCX, JPEG, ODT, PDF, PNG, XLSX, ChampFichier
from territoire.models import TerritoireInterventionSociale

from .enums import TypeAccueil, TypeStructure
from .models import Evenement, Structure


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
    engagements = forms.CharField(
        validators=[texte_libre], label="Engagements (un par ligne)", widget=forms.Textarea(attrs={"rows": 5})
    )

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
    signee_le = forms.DateField(
        validators=[date_plausible],
        label="Signée le",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
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
            "article",
            "genre",
            "type",
            "siret",
            "adresse",
            "commune",
            "telephone",
            "email",
            "site_web",
            "description",
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
            "article",
            "genre",
            "type_accueil",
            "adresse",
            "commune",
            "telephone",
            "latitude",
            "longitude",
            "localisation_verifiee",
            "tis",
            "sans_rendez_vous",
            "horaires",
            "accessibilite",
        ]

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.models import Commune, TerritoireInterventionSociale

        self.departement = departement

        self.fields["commune"].queryset = Commune.objects.du_departement(departement).order_by("nom")
        self.fields["tis"].queryset = TerritoireInterventionSociale.objects.order_by("nom")
        for nom in ("latitude", "longitude"):
            self.fields[nom].required = False
            self.fields[nom].help_text = "Laissez vide : l'adresse sera géocodée (Base Adresse Nationale)."

    def clean(self):
        donnees = super().clean()
        lat, lon = donnees.get("latitude"), donnees.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude", "Indiquez la latitude et la longitude, ou aucune des deux.")
        elif lat is not None:
            # within the département's communes, with a margin of about 20 km (works overseas too)
            from django.db.models import Max, Min

            from territoire.models import Commune

            b = Commune.objects.du_departement(self.departement).aggregate(
                lat_min=Min("latitude"), lat_max=Max("latitude"), lon_min=Min("longitude"), lon_max=Max("longitude")
            )
            if b["lat_min"] is not None and not (
                b["lat_min"] - 0.2 <= lat <= b["lat_max"] + 0.2 and b["lon_min"] - 0.3 <= lon <= b["lon_max"] + 0.3
            ):
                self.add_error("latitude", "Ce point est hors du département : vérifiez la latitude et la longitude.")
        return donnees


class EvenementForm(forms.ModelForm):
    organisateur = forms.ModelChoiceField(label="Organisé par", queryset=Structure.objects.none())
    cibles = forms.ModelMultipleChoiceField(
        label="Structures visées",
        required=False,
        queryset=Structure.objects.none(),
        help_text="Leurs professionnels sont invités en priorité (maintenez Ctrl pour en choisir plusieurs).",
    )

    class Meta:
        from .models import Evenement

        model = Evenement
        fields = ["type", "titre", "date", "lieu", "organisateur", "capacite"]
        widgets = {"date": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisateur"].queryset = Structure.objects.order_by("nom")
        self.fields["cibles"].queryset = Structure.objects.order_by("nom")
        if self.instance.pk:
            self.fields["cibles"].initial = [c.structure_id for c in self.instance.cibles.all()]
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


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail professionnelle")
    role = forms.ChoiceField(label="Rôle")
    gestionnaire = forms.BooleanField(
        label="Administrateur de la structure (invite et retire les membres)", required=False
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


class AccepterInvitationForm(forms.Form):
    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    mot_de_passe = forms.CharField(label="Mot de passe", widget=forms.PasswordInput, strip=False)
    confirmation = forms.CharField(label="Confirmation du mot de passe", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email, administrateur=False, **kwargs):
        from django.contrib.auth import password_validation

        super().__init__(*args, **kwargs)
        self.email, self.administrateur = email, administrateur
        self.fields["mot_de_passe"].widget.attrs["autocomplete"] = "new-password"
        self.fields["confirmation"].widget.attrs["autocomplete"] = "new-password"
        # the validators' texts include "Administrateur : 16 caractères au moins." (comptes.validators)
        aide = password_validation.password_validators_help_texts()
        self.fields["mot_de_passe"].help_text = " ".join(aide)

    def clean(self):
        from django.contrib.auth import password_validation

        from comptes.models import Utilisateur

        donnees = super().clean()
        mdp = donnees.get("mot_de_passe")
        if mdp and mdp != donnees.get("confirmation"):
            self.add_error("confirmation", "Les deux mots de passe ne sont pas identiques.")
        elif mdp and self.administrateur and len(mdp) < 16:  # docs/securite.md §17
            self.add_error("mot_de_passe", "Un administrateur choisit un mot de passe de 16 caractères au moins.")
        elif mdp:
            try:
                password_validation.validate_password(
                    mdp, Utilisateur(email=self.email, prenom=donnees.get("prenom", ""), nom=donnees.get("nom", ""))
                )
            except forms.ValidationError as e:
                self.add_error("mot_de_passe", e)
        return donnees


class ContactForm(forms.ModelForm):
    class Meta:
        from .models import Contact

        model = Contact
        fields = ["nom", "fonction", "email", "telephone"]


def _choix_di(enum):
    return sorted(((e.value, e.label) for e in enum), key=lambda c: c[1])


class ServiceForm(forms.ModelForm):
    """A service described with the data·inclusion vocabularies, as the national platform expects them."""

    thematiques = forms.MultipleChoiceField(label="Thématiques", choices=_choix_di(Thematique))
    publics = forms.MultipleChoiceField(label="Publics", choices=_choix_di(Public), widget=forms.CheckboxSelectMultiple)
    modes_accueil = forms.MultipleChoiceField(
        label="Modes d'accueil", choices=_choix_di(ModeAccueil), widget=forms.CheckboxSelectMultiple
    )
    zone_eligibilite = forms.CharField(
        label="Zone d'éligibilité",
        required=False,
        help_text="Codes INSEE de communes (5 caractères), SIREN d'EPCI (9 chiffres) ou code du département, "
        "séparés par des espaces. Vide : tout le département.",
    )
    lieu = forms.ModelChoiceField(label="Lieu d'accueil", required=False, queryset=None)

    class Meta:
        from .models import Service

        model = Service
        fields = ["nom", "description", "lieu", "thematiques", "publics", "modes_accueil", "zone_eligibilite"]

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["lieu"].queryset = structure.lieux.order_by("nom")
        if self.instance.pk:
            self.initial["zone_eligibilite"] = " ".join(self.instance.zone_eligibilite)

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) < 20:
            raise forms.ValidationError("Décrivez le service en une phrase au moins (20 caractères).")
        return description

    def clean_zone_eligibilite(self):
        from territoire.models import EPCI, Commune

        codes = self.cleaned_data["zone_eligibilite"].split()
        inconnus = []
        for code in codes:
            if len(code) == 5 and not Commune.objects.filter(code=code).exists():
                inconnus.append(code)
            elif len(code) == 9 and not EPCI.objects.filter(code=code).exists():
                inconnus.append(code)
            elif len(code) not in (2, 3, 5, 9):
                inconnus.append(code)
        if inconnus:
            raise forms.ValidationError(f"Codes inconnus : {', '.join(inconnus)}.")
        return codes or [self.structure.collectivite.departement_id]

    def clean_nom(self):
        from .models import Service

        nom = self.cleaned_data["nom"]
        if Service.objects.filter(structure=self.structure, nom=nom).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Cette structure a déjà un service de ce nom.")
        return nom


TYPES_RESSOURCE = (PDF, ODT, DOCX, XLSX, PNG, JPEG)


class RessourceForm(forms.ModelForm):
    fichier = ChampFichier(label="Fichier", types=TYPES_RESSOURCE)
    note = forms.CharField(label="Note de version", required=False, max_length=300)

    class Meta:
        from .models import Ressource

        model = Ressource
        fields = ["titre", "categorie", "description", "etiquettes", "visibilite"]

    def clean_titre(self):
        from .models import Ressource

        titre = self.cleaned_data["titre"]
        if Ressource.objects.filter(titre=titre).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Une ressource porte déjà ce titre : déposez-en une nouvelle version.")
        return titre


class VersionRessourceForm(forms.Form):
    fichier = ChampFichier(label="Nouveau fichier", types=TYPES_RESSOURCE)
    note = forms.CharField(label="Ce qui change", max_length=300)


class FiltreRessourcesForm(forms.Form):
    q = forms.CharField(label="Titre ou étiquette", required=False, max_length=100)
    categorie = forms.ChoiceField(label="Catégorie", required=False)

    def __init__(self, *args, **kwargs):
        from .models import CategorieRessource

        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [("", "Toutes les catégories"), *CategorieRessource.choices]


class DocumentSignatureForm(forms.Form):
    fichier = ChampFichier(label="Charte signée")


class EvaluationForm(forms.Form):
    note = forms.TypedChoiceField(
        label="Votre note",
        coerce=int,
        choices=[(5, "5 — très utile"), (4, "4"), (3, "3"), (2, "2"), (1, "1 — pas utile")],
        widget=forms.RadioSelect,
    )
    avis = forms.CharField(
        label="Votre avis (facultatif)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvaluationOrganisateurForm(forms.Form):
    evaluation = forms.CharField(
        label="Bilan de l'organisateur",
        max_length=longueur_max(Evenement, "evaluation"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
