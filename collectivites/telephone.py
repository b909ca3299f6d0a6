"""One type for every phone number of the project (docs/securite.md §21): ``TelephoneField``.

Parsed and checked by phonenumbers (Google's libphonenumber): a French number, written nationally (« 06 12 34 56 78 »)
or internationally, one of the overseas departments and collectivités (« 0262 … », « 0590 … », « +687 … »), or any
international number with its « + ». Stored in the international E.164 format (« +33612345678 »), shown in the
national format for French numbers. A number that is not valid is refused with a French message — never cut.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# France first, then the overseas regions that share the national « 0 » prefix with their own country code.
REGIONS = ("FR", "RE", "YT", "GP", "MQ", "GF", "BL", "MF", "PM", "NC", "PF", "WF")
LONGUEUR_MAX = 32  # room for the values written before the type existed (docs/retention.md, migrations)

MESSAGE = (
    "Ce numéro de téléphone n'est pas valide. Écrivez-le comme « 06 12 34 56 78 », « 0262 12 34 56 » "
    "ou, hors de France, avec l'indicatif : « +32 470 12 34 56 »."
)


def analyser(texte):
    """The ``PhoneNumber`` of ``texte``, or ``None`` when it is not a valid number."""
    texte = (texte or "").strip()
    if not texte or len(texte) > 40:
        return None
    for region in (None,) if texte.startswith(("+", "00")) else REGIONS:
        try:
            numero = phonenumbers.parse(texte.replace("00", "+", 1) if texte.startswith("00") else texte, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(numero):
            return numero
    return None


def normaliser(texte):
    """``texte`` in E.164 (« +33612345678 »); "" for an empty value; ``ValidationError`` (French) when not valid."""
    if not (texte or "").strip():
        return ""
    numero = analyser(texte)
    if numero is None:
        raise ValidationError(MESSAGE, code="telephone_invalide")
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)


def normaliser_si_possible(texte):
    """E.164 when ``texte`` is valid, ``texte`` unchanged otherwise (the data migrations keep what they cannot read)."""
    try:
        return normaliser(texte)
    except ValidationError:
        return texte


def afficher(texte):
    """For the pages: « 06 12 34 56 78 » for a French number, « +32 2 123 45 67 » for another, as stored otherwise."""
    numero = analyser(texte)
    if numero is None:
        return texte or ""
    if phonenumbers.region_code_for_number(numero) in REGIONS:
        return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def chiffres_nationaux(texte):
    """The digits as dialled in France (« 0612345678 »), for the search; the bare digits when not a valid number."""
    numero = analyser(texte)
    if numero is None:
        return "".join(c for c in texte or "" if c.isdigit())
    national = phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(c for c in national if c.isdigit())


def valider(texte):
    normaliser(texte)


class TelephoneFormField(forms.CharField):
    """The form field: cleans to E.164; no length limit of its own, the number's validity is the rule."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return afficher(value) if isinstance(value, str) else value

    def clean(self, value):
        return normaliser(super().clean(value))


class TelephoneField(models.CharField):
    """A phone number, validated and stored in E.164 by every path: forms, the API, imports, ``save()``."""

    description = "Numéro de téléphone (format international E.164)"

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = LONGUEUR_MAX
        super().__init__(*args, **kwargs)
        self.validators.append(valider)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        valeur = normaliser_si_possible(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, valeur)
        return valeur

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TelephoneFormField, **kwargs})


def migration_normaliser(app_label, modele, champ):
    """A ``RunPython`` that rewrites the existing values of ``modele.champ`` in E.164. A value that is not a valid
    number is kept as it was: deleting it would lose the only way to reach someone, guessing could dial a stranger; the
    form refuses it at the next edit (docs/retention.md)."""

    def normaliser_existants(apps, schema_editor):
        # a historical model of a migration has a plain manager: not scoped, every collectivité
        Modele = apps.get_model(app_label, modele)
        for pk, valeur in Modele._default_manager.exclude(**{champ: ""}).values_list("pk", champ).iterator():
            nouvelle = normaliser_si_possible(valeur)
            if nouvelle != valeur:
                Modele._default_manager.filter(pk=pk).update(**{champ: nouvelle})

    return normaliser_existants
