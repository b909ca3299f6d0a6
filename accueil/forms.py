import re

from django import forms
from django.utils import timezone

from config.bornes import longueur_max
from reseau.models import Service, Structure
from territoire.models import Commune
from usagers.forms import RAPPEL

from .actions import SERVICE_HORS_RESEAU, check_service_oriente
from .enums import Canal, CodeReponse, Consentement, MotifRefus, TrancheAge, TypeFoyer
from .models import Motif, Orientation, Passage, Reponse


class CommuneResidenceField(forms.CharField):
    """COG autocomplete: accepts the INSEE code, or « Nom (code) » as the list shows it."""

    def clean(self, value):
        texte = (super().clean(value) or "").strip()
        if not texte:
            return None
        trouve = re.search(r"\b(\d[0-9AB]\d{3})\b", texte)
        commune = Commune.objects.filter(code=trouve.group(1)).first() if trouve else None
        if commune is None:
            raise forms.ValidationError(f"Commune inconnue : « {texte} ». Choisissez-la dans la liste proposée.")
        return commune


class ChoixNomenclature(forms.ModelMultipleChoiceField):
    """Motifs or responses checked, validated against the nomenclature the request has already read
    (``accueil.access.nomenclature``, set as ``parmi``: their objects by str(pk)) instead of a query: the same errors as
    ``ModelMultipleChoiceField`` (a malformed id, an id outside the list), the objects in the nomenclature's order
    (docs/performance.md §5)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parmi = {}

    def clean(self, value):
        if not self.required and not self.prepare_value(value):
            return []  # not ``queryset.none()``: nothing to compile
        return super().clean(value)

    def _check_values(self, value):
        try:
            valeurs = {str(v): v for v in value}
        except TypeError:
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        champ_pk = self.queryset.model._meta.pk
        for texte, v in valeurs.items():
            self.validate_no_null_characters(v)
            try:
                champ_pk.to_python(v)
            except forms.ValidationError:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": v}
                ) from None
            if texte not in self.parmi:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": v}
                )
        return [objet for cle, objet in self.parmi.items() if cle in valeurs]


def valider_date_passage(d):
    """A passage is recorded the day it happens, or caught up within a year: the form and the API share this bound
    (docs/securite.md §21)."""
    if d > timezone.now() + timezone.timedelta(minutes=5):
        raise forms.ValidationError("La date du passage ne peut pas être dans le futur.")
    if d < timezone.now() - timezone.timedelta(days=365):
        raise forms.ValidationError("La date du passage remonte à plus d'un an.")
    return d


class PassageForm(forms.Form):
    jeton = forms.UUIDField(widget=forms.HiddenInput)
    usager = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lieu = forms.ModelChoiceField(label="Lieu d'accueil", queryset=None, empty_label=None)
    date_heure = forms.DateTimeField(
        label="Date et heure",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
    )
    canal = forms.ChoiceField(label="Canal", choices=Canal.choices, widget=forms.RadioSelect)
    commune_residence = CommuneResidenceField(label="Commune de résidence", required=False, max_length=120)
    tranche_age = forms.ChoiceField(
        label="Tranche d'âge", choices=[("", "Non renseignée"), *TrancheAge.choices], required=False
    )
    type_foyer = forms.ChoiceField(
        label="Type de foyer", choices=[("", "Non renseigné"), *TypeFoyer.choices], required=False
    )
    motifs = ChoixNomenclature(
        label="Motifs",
        queryset=Motif.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un motif.",
            "invalid_choice": "Motif inconnu de la nomenclature de la collectivité.",
        },
    )
    reponses = ChoixNomenclature(
        label="Réponse apportée",
        queryset=Reponse.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Réponse inconnue de la nomenclature de la collectivité."},
    )
    information = forms.CharField(
        label="Information donnée (détail)",
        required=False,
        max_length=longueur_max(Passage, "information"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=RAPPEL,
    )
    # The names of the five checkboxes the desk had before responses became a nomenclature, still accepted from the
    # scripts that post the form (docs/accueil.md §2); the page posts ``reponses``.
    information_donnee = forms.BooleanField(required=False)
    orienter = forms.BooleanField(required=False)
    accompagnement_propose = forms.BooleanField(required=False)
    rendez_vous_donne = forms.BooleanField(required=False)
    aucun_besoin = forms.BooleanField(required=False)
    duree_minutes = forms.IntegerField(label="Durée (minutes)", required=False, min_value=1, max_value=480)

    ANCIENNES_CASES = {
        "information_donnee": CodeReponse.INFORMATION,
        "orienter": CodeReponse.ORIENTATION,
        "accompagnement_propose": CodeReponse.ACCOMPAGNEMENT,
        "rendez_vous_donne": CodeReponse.RENDEZ_VOUS,
        "aucun_besoin": CodeReponse.AUCUNE_SUITE,
    }

    def __init__(self, *args, lieux, nomenclature, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomenclature = nomenclature
        self.fields["lieu"].queryset = lieux
        self.fields["motifs"].parmi = nomenclature.motifs_par_pk
        self.fields["reponses"].parmi = nomenclature.reponses_par_pk

    def clean_date_heure(self):
        return valider_date_passage(self.cleaned_data["date_heure"])

    def clean(self):
        donnees = super().clean()
        choisies = {r.pk: r for r in donnees.get("reponses") or ()}
        anciennes = [code for champ, code in self.ANCIENNES_CASES.items() if donnees.get(champ)]
        for code in anciennes:
            if r := self.nomenclature.reponses_par_code.get(code):
                choisies[r.pk] = r
        donnees["reponses"] = sorted(choisies.values(), key=lambda r: (r.ordre, r.libelle))
        codes = {r.code for r in donnees["reponses"]}
        donnees["orienter"] = CodeReponse.ORIENTATION in codes
        if not codes and not donnees.get("information"):
            self.add_error("reponses", "Indiquez la réponse apportée (information, orientation, rendez-vous…).")
        if CodeReponse.AUCUNE_SUITE in codes and codes & set(CodeReponse.SUITES):
            self.add_error(
                "reponses",
                "« Pas de suite nécessaire » exclut une orientation, un accompagnement ou un rendez-vous.",
            )
        return donnees


class ArriveeForm(forms.Form):
    """Someone arrives at the desk: the site, and if the agent wishes a cue and the motif (docs/accueil.md §3)."""

    lieu = forms.ModelChoiceField(
        label="Lieu d'accueil",
        queryset=None,
        error_messages={
            "required": "Choisissez un de vos lieux d'accueil.",
            "invalid_choice": "Choisissez un de vos lieux d'accueil.",
        },
    )
    repere = forms.CharField(
        label="Repère (facultatif)",
        required=False,
        max_length=longueur_max(Passage, "repere"),
        help_text="Pour retrouver la personne dans la salle, sans la nommer : « manteau rouge ».",
        validators=Passage._meta.get_field("repere").validators,
    )
    motif = forms.ModelChoiceField(label="Motif, s'il est connu", queryset=None, required=False)

    def __init__(self, *args, lieux, motifs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = lieux
        self.fields["motif"].queryset = motifs


class OrientationForm(forms.Form):
    structure_destinataire = forms.ModelChoiceField(
        label="Structure partenaire",
        queryset=Structure.objects.none(),
        error_messages={
            "invalid_choice": "Cette structure ne fait pas partie du réseau.",
            "required": "Choisissez la structure vers laquelle orienter.",
        },
    )
    service = forms.CharField(label="Service visé", required=False, max_length=200)
    service_reseau = forms.ModelChoiceField(
        label="Service du réseau",
        queryset=Service.objects.none(),
        required=False,
        error_messages={"invalid_choice": SERVICE_HORS_RESEAU},
    )
    motif = forms.ModelChoiceField(label="Motif de l'orientation", queryset=Motif.objects.none(), required=False)
    message = forms.CharField(
        label="Message au partenaire",
        required=False,
        max_length=longueur_max(Orientation, "message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=RAPPEL,
    )
    contact = forms.CharField(label="Comment joindre la personne", required=False, max_length=200)
    consentement = forms.ChoiceField(
        label="Consentement de la personne",
        choices=Consentement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la personne a consenti à l'orientation."},
    )
    raison_sans_consentement = forms.CharField(
        label="Pourquoi le consentement n'a pas pu être recueilli", required=False, max_length=200
    )

    def __init__(self, *args, structures, motifs, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure_destinataire"].queryset = structures
        self.fields["motif"].queryset = motifs
        self.fields["service_reseau"].queryset = services if services is not None else Service.objects.none()

    def clean(self):
        donnees = super().clean()
        if service := donnees.get("service_reseau"):
            # choosing a service chooses its structure (docs/accueil.md §5)
            structure = donnees.get("structure_destinataire")
            if structure is not None or not self.data.get(self.add_prefix("structure_destinataire")):
                try:
                    donnees["structure_destinataire"] = check_service_oriente(service, structure)
                    self.errors.pop("structure_destinataire", None)
                except forms.ValidationError as e:
                    self.add_error("service_reseau", e)
        if donnees.get("consentement") == Consentement.IMPOSSIBLE and not donnees.get("raison_sans_consentement"):
            self.add_error("raison_sans_consentement", "Indiquez pourquoi le consentement n'a pas pu être recueilli.")
        return donnees


class ReponseOrientationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("recue", "Accuser réception"),
            ("acceptee", "Accepter"),
            ("refusee", "Refuser"),
            ("realisee", "Marquer comme réalisée"),
        ]
    )
    motif_refus = forms.ChoiceField(label="Motif du refus", choices=[("", "—"), *MotifRefus.choices], required=False)
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=longueur_max(Orientation, "commentaire_reponse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=RAPPEL,
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("decision") == "refusee" and not donnees.get("motif_refus"):
            self.add_error("motif_refus", "Choisissez le motif du refus.")
        return donnees


class FiltrePassagesForm(forms.Form):
    periode = forms.ChoiceField(
        label="Période",
        required=False,
        choices=[
            ("jour", "Aujourd'hui"),
            ("semaine", "Cette semaine"),
            ("mois", "30 derniers jours"),
            ("tout", "Tout"),
        ],
    )
    lieu = forms.ModelChoiceField(label="Lieu", queryset=None, required=False, empty_label="Tous mes lieux")
    canal = forms.ChoiceField(label="Canal", choices=[("", "Tous"), *Canal.choices], required=False)
    motif = forms.ModelChoiceField(label="Motif", queryset=None, required=False, empty_label="Tous")

    def __init__(self, *args, lieux, motifs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = lieux
        self.fields["motif"].queryset = motifs
