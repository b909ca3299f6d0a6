"""Person search that forgives: typos, sound-alike spellings, abbreviations, plus birth date, commune and phone.

See docs/recherche_usagers.md. Every word of the query must match the person in one of three ways:
- its spelling: trigram word similarity (``word <% nom_recherche``, GIN trigram index; PostgreSQL only — on SQLite
  the word's first four letters must appear);
- its sound: the word's French phonetic key (``cle_phonetique``) is one of the keys stored in ``nom_phonetique``
  (`` key key key ``, served on PostgreSQL by a GIN trigram index on that column, LIKE '% key %'); the same column
  and the same test on SQLite, so the demo forgives « Buscarel » for « Bouscarel » too;
- where the person lives: the word belongs to the name of a commune of the département that is the person's.
Results are ordered by a score: word similarity, a bonus for each word that sounds right, for the commune, for the
birth date or year typed. Usual abbreviations (« St », « Ste »…) are expanded on both sides.
"""

import functools
import re
import unicodedata
from datetime import date, datetime

from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
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


ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def developper(mots):
    """Expand the usual abbreviations of names and communes: « st cere » → « saint cere »."""
    return [ABREVIATIONS.get(m, m) for m in mots]


def texte_recherche(*parties):
    """``nom_recherche`` of a person: normalised words, abbreviations expanded."""
    return " ".join(developper(normaliser(" ".join(p for p in parties if p)).split()))


# A French phonetic key, written here because no maintained package offers one (docs/recherche_usagers.md): the
# rules of French spelling that do not change the sound, then the consonant skeleton (vowels dropped, a consonant
# once): a swapped, doubled or dropped vowel, a silent h, « ou »/« u », « au »/« o », « ai »/« é » and the nasal
# vowels do not change the key; the trigram similarity catches what the key misses, and ranks.
_REGLES = [
    (r"ph", "f"),
    (r"ch(?=[lr])", "k"),
    (r"[sc]?ch|sh", "x"),
    (r"qu|ck|cq|q", "k"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"gu(?=[eiy])", "g"),
    (r"ge(?=[aou])", "j"),
    (r"g(?=[eiy])", "j"),
    (r"gn", "n"),
    (r"w", "v"),
    (r"z", "s"),
    (r"y", "i"),
    (r"(?<=[aeiou])x$", ""),
    (r"x", "ks"),
    (r"h", ""),
    (r"(eau|au|ault|aud)$", "o"),
    (r"(.)\1+", r"\1"),
    (r"(?<=.)e+$", ""),
    (r"(?<=.)[stdxz]$", ""),
]
_REGLES = [(re.compile(motif), remplacement) for motif, remplacement in _REGLES]


@functools.lru_cache(maxsize=4096)
def cle_phonetique(mot):
    """The key of one normalised word: « garcia », « garsia » → « grs »; « bouscarel », « buscarel »,
    « bouskarel » → « bskrl »; « dupont », « dupond » → « dpn »; a word of vowels only → « a ». Digits are kept."""
    if not mot or not mot.isalpha():
        return mot
    for motif, remplacement in _REGLES:
        mot = motif.sub(remplacement, mot)
    squelette = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", mot))
    return squelette or "a"


def texte_phonetique(nom_recherche):
    """``nom_phonetique`` of a person: the key of each word, space-padded so that « LIKE '% key %' » tests a key."""
    cles = [c for c in (cle_phonetique(m) for m in nom_recherche.split()) if c]
    return f" {' '.join(cles)} " if cles else ""


ANNEE = re.compile(r"(19|20)\d\d")


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
    return developper(mots), naissance, telephone


@functools.lru_cache(maxsize=64)
def _communes(departement_id):
    """{normalised commune name: [INSEE codes]} of a département (a few hundred names, kept per process)."""
    from territoire.models import Commune

    noms = {}
    for code, nom in Commune.objects.filter(departement_id=departement_id).values_list("code", "nom"):
        noms.setdefault(texte_recherche(nom), []).append(code)
    return noms


def communes_nommees(mots, departement_id):
    """The communes whose whole name is a run of the query's words: {index of each such word: [codes]}."""
    if not departement_id:
        return {}
    noms, trouvees = _communes(departement_id), {}
    for debut in range(len(mots)):
        for fin in range(min(len(mots), debut + 6), debut, -1):
            if codes := noms.get(" ".join(mots[debut:fin])):
                for i in range(debut, fin):
                    trouvees.setdefault(i, []).extend(codes)
                break
    return trouvees


def _score_postgresql(mots, cles):
    """Strict word similarity of each word (a whole word, not a prefix: « gai » ranks « Gay » above « Gaillard »),
    plus half a point for each word whose key is one of the person's."""
    sql = " + ".join(
        ["strict_word_similarity(%s, nom_recherche)"] * len(mots)
        + ["(CASE WHEN nom_phonetique LIKE %s THEN %s ELSE 0 END)"] * len(cles)
    )
    parametres = [x for c in cles for x in (f"%% {c} %%", bonus_phonetique(c))]
    return RawSQL(sql, (*mots, *parametres), output_field=FloatField())


def bonus_phonetique(cle):
    """What a word that sounds right adds to the score: a key of one consonant says little (« g » is Guy, Gay,
    Hugo…), one of three or more says much: 0.2, 0.35, 0.5."""
    return round(0.05 + 0.15 * min(len(cle), 3), 2)


def rechercher(queryset, requete, limite=20, departement_id=None):
    """The persons of ``queryset`` matching ``requete``, best first. ``departement_id``: where to recognise
    commune names (the collectivité's département)."""
    mots, naissance, telephone = analyser(requete)
    annee = None
    if mots and ANNEE.fullmatch(mots[-1]) and not naissance:
        annee = int(mots.pop())
    if not (mots or naissance or telephone or annee):
        return queryset.none()
    if telephone:
        queryset = queryset.filter(telephone_normalise__contains=telephone)
    mots = [m for m in mots if len(m) >= 2 or m.isdigit()][:5]
    bonus = Value(0.0)
    if naissance:
        if not mots:  # a date alone: those born that day
            queryset = queryset.filter(date_naissance=naissance)
        bonus = Case(When(date_naissance=naissance, then=Value(2.0)), default=Value(0.0))
    elif annee:
        if not mots:
            queryset = queryset.filter(date_naissance__year=annee)
        bonus = Case(When(date_naissance__year=annee, then=Value(1.0)), default=Value(0.0))
    if not mots:
        return queryset.order_by("nom", "prenom", "pk")[:limite]
    communes = communes_nommees(mots, departement_id)
    postgresql = connection.vendor == "postgresql"
    cles = [cle_phonetique(m) for m in mots]
    for i, (mot, cle) in enumerate(zip(mots, cles, strict=True)):
        condition = Q(nom_recherche__trigram_word_similar=mot) if postgresql else Q(nom_recherche__contains=mot[:4])
        if cle:
            condition |= Q(nom_phonetique__contains=f" {cle} ")
        if i in communes:
            condition |= Q(commune_id__in=communes[i])
        queryset = queryset.filter(condition)
    if communes:
        codes = sorted({c for cs in communes.values() for c in cs})
        bonus = bonus + Case(When(commune_id__in=codes, then=Value(1.0 * len(communes))), default=Value(0.0))
    if postgresql:
        score = _score_postgresql(mots, [c for c in cles if c])
    else:
        score = sum(
            (
                Case(When(nom_recherche__contains=m, then=Value(1.0)), default=Value(0.0))
                + Case(When(nom_phonetique__contains=f" {c} ", then=Value(bonus_phonetique(c))), default=Value(0.0))
                for m, c in zip(mots, cles, strict=True)
            ),
            Value(0.0),
        )
    return queryset.annotate(score=score + bonus).order_by(F("score").desc(), "nom", "prenom", "pk")[:limite]


def age(date_naissance, aujourd_hui=None):
    if not date_naissance:
        return None
    aujourd_hui = aujourd_hui or date.today()  # noqa: DTZ011
    return (
        aujourd_hui.year
        - date_naissance.year
        - ((aujourd_hui.month, aujourd_hui.day) < (date_naissance.month, date_naissance.day))
    )
