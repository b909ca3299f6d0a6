"""One bound for each kind of input, shared by the models, the forms, the importers and the API (docs/securite.md
§21): a value the database would refuse or cut is refused first, with a French message naming the field."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.http import Http404
from django.utils.deconstruct import deconstructible

# PostgreSQL's bigint: an id beyond it is not an id (the database would answer an error, not "no row")
IDENTIFIANT_MAX = 2**63 - 1

# Free text (a description, a message): long enough for any real text, short enough for a page and a PDF.
TEXTE_LIBRE_MAX = 10_000

# Years and dates that can be true of a social desk's work
ANNEE_MIN, ANNEE_MAX = 2000, 2100
# A fixed window, not « N years from today »: a plan's due date far ahead (2099 in the tests) stays valid forever, and
# a slip (0001-01-01, 9999-12-31) is refused.
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(ANNEE_MAX, 12, 31)

sans_caractere_nul = ProhibitNullCharactersValidator(message="Le caractère NUL n'est pas autorisé.")


MESSAGE_IDENTIFIANT = f"Indiquez un identifiant : un nombre entier de 1 à {IDENTIFIANT_MAX}, en chiffres."


def identifiant(valeur):
    """The id read from a URL or a query string as an int, or None when it is not one (docs/securite.md §21)."""
    valeur = str(valeur if valeur is not None else "").strip()
    if not valeur.isascii() or not valeur.isdigit():
        return None
    nombre = int(valeur)
    return nombre if 1 <= nombre <= IDENTIFIANT_MAX else None


def identifiant_or_404(valeur):
    nombre = identifiant(valeur)
    if nombre is None:
        raise Http404("Identifiant invalide.")
    return nombre


def annee(valeur):
    """A year of activity, or a French ValidationError."""
    valeur = str(valeur).strip()
    if not valeur.isascii() or not valeur.isdigit() or not ANNEE_MIN <= int(valeur) <= ANNEE_MAX:
        raise ValidationError(f"Indiquez une année entre {ANNEE_MIN} et {ANNEE_MAX}.", code="annee")
    return int(valeur)


@deconstructible
class LongueurMax(MaxLengthValidator):
    """max_length for a TextField, with its French message; the form and the serializer inherit it from the model."""

    message = "Ce texte est trop long : %(limit_value)s caractères au plus (il en compte %(show_value)s)."

    def __init__(self, limit_value=TEXTE_LIBRE_MAX, message=None):
        super().__init__(limit_value, message)


texte_libre = LongueurMax(TEXTE_LIBRE_MAX)


def longueur_max(modele, champ):
    """The bound of a model's text field, for a plain form's ``max_length``: one figure, written on the model."""
    field = modele._meta.get_field(champ)
    bornes = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(bornes) if bornes else field.max_length


@deconstructible
class DatePlausible:
    """A date between 1900 and 2100: « 0001-01-01 » is a typing slip, not a date."""

    def __call__(self, valeur):
        if valeur is None:
            return
        if isinstance(valeur, datetime.datetime):
            valeur = valeur.date()
        if valeur < DATE_MIN or valeur > DATE_MAX:
            raise ValidationError(
                f"Indiquez une date entre le {DATE_MIN:%d/%m/%Y} et le {DATE_MAX:%d/%m/%Y}.", code="date_plausible"
            )

    def __eq__(self, autre):
        return isinstance(autre, DatePlausible)


date_plausible = DatePlausible()
