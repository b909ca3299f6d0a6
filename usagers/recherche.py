"""Person search: accent- and typo-tolerant on names, plus birth date and phone.

PostgreSQL: every word of the query must be trigram-word-similar (``%>``, i.e. ``word <% nom_recherche``) to the
stored ``nom_recherche`` (lower-cased, unaccented first and last names), served by a GIN trigram index; results
are ordered by the sum of ``word_similarity``. SQLite (the demo): each word's first four letters must appear.
"""

import re
import unicodedata
from datetime import date, datetime

from django.db import connection
from django.db.models import F, FloatField, Q, Value
from django.db.models.expressions import RawSQL

from collectivites.telephone import chiffres_nationaux


def normaliser(texte):
    """Lower case, no accents, letters and digits only, single spaces: "Jeanne-Marie DUPONT" → "jeanne marie dupont"."""
    texte = unicodedata.normalize("NFKD", texte or "")
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", texte))


def normaliser_telephone(texte):
    """The digits as dialled in France, whatever the writing (« +33 6… », « 06… », « 0262… »)."""
    return chiffres_nationaux(texte)


def _date(terme):
    for format_ in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(terme, format_).date()  # noqa: DTZ007 (a birth date, no time)
        except ValueError:
            continue
    return None


TELEPHONE = re.compile(r"(?:\+33\s?|0)\d(?:[\s.\-]?\d{2}){4}")


def analyser(requete):
    """Split a query into name words, a birth date and a phone number (written with or without separators)."""
    mots, naissance, telephone = [], None, None
    requete = (requete or "").replace("\x00", "")
    if trouve := TELEPHONE.search(requete):
        telephone = normaliser_telephone(trouve.group(0))
        requete = requete.replace(trouve.group(0), " ")
    for terme in requete.split():
        if d := _date(terme):
            naissance = d
        elif len(normaliser_telephone(terme)) >= 6 and not re.search(r"[a-zA-Z]", terme):
            telephone = normaliser_telephone(terme)
        else:
            mots.extend(normaliser(terme).split())
    return mots, naissance, telephone


def rechercher(queryset, requete, limite=20):
    mots, naissance, telephone = analyser(requete)
    if not (mots or naissance or telephone):
        return queryset.none()
    if naissance:
        queryset = queryset.filter(date_naissance=naissance)
    if telephone:
        queryset = queryset.filter(telephone_normalise__contains=telephone)
    mots = [m for m in mots if len(m) >= 2][:4]
    if not mots:
        return queryset.order_by("nom", "prenom")[:limite]
    if connection.vendor == "postgresql":
        for mot in mots:
            queryset = queryset.filter(nom_recherche__trigram_word_similar=mot)
        score = sum(
            (RawSQL("word_similarity(%s, nom_recherche)", (mot,), output_field=FloatField()) for mot in mots),
            Value(0.0),
        )
        return queryset.annotate(score=score).order_by(F("score").desc(), "nom", "prenom")[:limite]
    condition = Q()
    for mot in mots:
        condition &= Q(nom_recherche__contains=mot[:4])
    return queryset.filter(condition).order_by("nom", "prenom")[:limite]


def age(date_naissance, aujourd_hui=None):
    if not date_naissance:
        return None
    aujourd_hui = aujourd_hui or date.today()  # noqa: DTZ011
    return (
        aujourd_hui.year
        - date_naissance.year
        - ((aujourd_hui.month, aujourd_hui.day) < (date_naissance.month, date_naissance.day))
    )
