"""Person search that forgives: typos, sound-alike spellings, abbreviations, plus birth date, commune and phone.

See docs/recherche_usagers.md. Each person holds search keys (``cles_recherche``): every word of the name, the word
with one letter dropped (with the place of that letter), its beginnings and its French phonetic key
(``cle_phonetique``). A typed word looks for keys in tiers — itself, two letters swapped, one letter dropped or added,
one letter changed, the same sound, a beginning — served on PostgreSQL by a GIN index on the array of keys (on SQLite,
the demo, by LIKE on the same column). A word may also name a commune where the person lives; the trigram word
similarity is the last resort. Results are ordered by a score: the best tier of each word, plus the birth date or year
and the commune typed. Usual abbreviations (« St », « Ste »…) are expanded on both sides.
"""

import functools
import heapq
import re
import unicodedata
from datetime import date, datetime

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Lower

from collectivites.telephone import chiffres_nationaux
from collectivites.tenancy import current_collectivite


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
    (r"e?au", "o"),
    (r"(.)\1+", r"\1"),
    (r"(?<=.)e+$", ""),
    (r"(?<=.)[stdxz]$", ""),
]
_REGLES = [(re.compile(motif), remplacement) for motif, remplacement in _REGLES]


@functools.lru_cache(maxsize=4096)
def son(mot):
    """The word as it sounds, vowels kept: the spelling rules above only. « devaux », « devox » → « devo »;
    « moreau », « moro » → « moro »; « reynaud », « reynod » → « reino »; « durand », « durant » → « duran ». Digits
    are kept."""
    if not mot or not mot.isalpha():
        return mot
    for motif, remplacement in _REGLES:
        mot = motif.sub(remplacement, mot)
    return mot


def cle_phonetique(mot):
    """The key of one normalised word, its consonants as they sound: « garcia », « garsia » → « grs »; « bouscarel »,
    « buscarel », « bouskarel » → « bskrl »; « dupont », « dupond » → « dpn »; a word of vowels only → « a »."""
    if not mot or not mot.isalpha():
        return mot
    squelette = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", son(mot)))
    return squelette or "a"


def texte_phonetique(nom_recherche):
    """The former ``nom_phonetique`` of a person (migration 0009 fills it; 0011 replaced it by the keys): the key of
    each word, space-padded."""
    cles = [c for c in (cle_phonetique(m) for m in nom_recherche.split()) if c]
    return f" {' '.join(cles)} " if cles else ""


def _suppressions(mot):
    """The word with one letter dropped, each way (« dupont » → « upont », « dpont », … « dupon »)."""
    return {mot[:i] + mot[i + 1 :] for i in range(len(mot))}


def _suppressions_placees(mot):
    """The same, each tagged with the place of the dropped letter: « leger » → « 0eger », « 1lger », … « 4lege ». Two
    words sharing one of these differ by one letter changed at that place (« Garsia », « Garcia »: « 3gara »)."""
    return {f"{i}{mot[:i]}{mot[i + 1 :]}" for i in range(len(mot))}


def _inversions(mot):
    """The word with two neighbouring letters swapped (« leger » → « elger », « lgeer », « leegr », « lerge »)."""
    return {mot[:i] + mot[i + 1] + mot[i] + mot[i + 2 :] for i in range(len(mot) - 1)} - {mot}


# Keys of a word, by kind (docs/recherche_usagers.md §2): « =word »; « -place and word with the letter there dropped »
# (words of four letters or more); « >prefix » (three letters up to two short of the word); « %the word as it sounds »;
# « #phonetic key » (two consonants or more: a key of one is shared by too many names).
MIN_SUPPRESSION, MIN_PREFIXE = 4, 3


def cles_mot(mot):
    """The search keys stored for one normalised word of a person's name."""
    cles = {f"={mot}"}
    if len(mot) >= MIN_SUPPRESSION:
        cles |= {f"-{d}" for d in _suppressions_placees(mot)}
    cles |= {f">{mot[:n]}" for n in range(MIN_PREFIXE, len(mot) - 1)}
    if len(cle := cle_phonetique(mot)) >= 2 and cle != mot:
        cles.add(f"#{cle}")
    cles.add(f"%{son(mot)}")
    return cles


def texte_cles(nom_recherche):
    """``cles_recherche`` of a person: the keys of every word of ``nom_recherche``, space-padded (so that « LIKE
    '% key %' » tests one key, and ``string_to_array`` gives the array that the GIN index holds)."""
    cles = sorted(set().union(*(cles_mot(m) for m in nom_recherche.split())))
    return f" {' '.join(cles)} " if cles else ""


# The tiers of a typed word (docs/recherche_usagers.md §4); from SCORE_FORT up, a tier lets a person in at the second
# pass, below only at the third.
EXACT, INVERSION, UNE_LETTRE, MEME_SON, SUBSTITUTION, SON, PREFIXE, SON_COURT = 1.0, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5
SCORE_FORT = SON


def paliers(mot):
    """What a typed word looks for, best first: [(score, keys)]. The word itself; two neighbouring letters swapped
    (« Léegr »); one letter dropped or added (« Dupon », « Duppont »); spelt as it sounds, vowels kept (« Devox »,
    « Moro »); one letter changed (« Garsia »: the same
    letter dropped at the same place from both); the same sound, a key of three consonants or more (« Rousso »); a
    beginning (« Dupo »); the same sound, a key of two consonants (it says little; a key of one says nothing)."""
    n = len(mot)
    resultat = [(EXACT, [f"={mot}"])]
    if n >= 3 and (inversions := _inversions(mot)):
        resultat.append((INVERSION, sorted(f"={t}" for t in inversions)))
    proches = {f"={d}" for d in _suppressions(mot)} if n >= MIN_SUPPRESSION else set()
    if n + 1 >= MIN_SUPPRESSION:  # the typed word is a stored word with the letter at place i dropped
        proches |= {f"-{i}{mot}" for i in range(n + 1)}
    if proches:
        resultat.append((UNE_LETTRE, sorted(proches)))
    if mot.isalpha():
        resultat.append((MEME_SON, [f"%{son(mot)}"]))
    if n >= MIN_SUPPRESSION:
        resultat.append((SUBSTITUTION, sorted(f"-{d}" for d in _suppressions_placees(mot))))
    cle = cle_phonetique(mot)
    if cle and cle != mot and len(cle) >= 3:
        resultat.append((SON, [f"#{cle}"]))
    if n >= MIN_PREFIXE:
        resultat.append((PREFIXE, [f">{mot}"]))
    if cle and cle != mot and len(cle) == 2:
        resultat.append((SON_COURT, [f"#{cle}"]))
    return resultat


# a tie of names borne by more persons than this is read sorted and cut by the database (``_candidats_des_noms``)
GRANDE_EGALITE = 200
# beyond so many persons bearing the names spelt exactly, the first pass reads them by the persons' keys
PERSONNES_PAR_NOMS = 2000

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


def _a_une_cle(cles):
    """The person holds one of ``cles``: on PostgreSQL an array overlap served by the GIN index ``usager_cles``
    (migration 0011); on SQLite (the demo) one « LIKE '% key %' » per key, on the same column."""
    if _postgresql():
        return RawSQL("string_to_array(cles_recherche, ' ') && %s::text[]", (list(cles),), output_field=BooleanField())
    condition = Q()
    for cle in cles:
        condition |= Q(cles_recherche__contains=f" {cle} ")
    return condition


def _postgresql():
    """The search's PostgreSQL branches (GIN keys, trigram similarity, arrays); the demo's SQLite takes the others
    (tests/usagers/test_recherche.py runs those on PostgreSQL too)."""
    return connection.vendor == "postgresql"


def _porte_un_nom(noms):
    """The person bears one of ``noms`` (a ``nom_recherche``): on PostgreSQL one array parameter, served by the
    B-tree ``usager_nom`` — Django's ``__in`` prepares each of hundreds of values one by one, slower than the query;
    on SQLite, ``__in``."""
    if _postgresql():
        return RawSQL("nom_recherche = ANY(%s::text[])", (list(noms),), output_field=BooleanField())
    return Q(nom_recherche__in=list(noms))


def _index_des_cles(tranches):
    """{key: [(index of the typed word, score of the tier)]}: what each key brings, for ranking in Python."""
    index = {}
    for i, tiers in enumerate(tranches):
        for score, cles in tiers:
            for cle in cles:
                index.setdefault(cle, []).append((i, score))
    return index


def _similarites(mots):
    """Pass 4's last resort for a word of no key (two typos, a truncated word): a filter and, per word, what it adds
    to the score — half the trigram ``strict_word_similarity`` on PostgreSQL (GIN ``usager_nom_trgm``), computed by
    the database beside the candidates; on SQLite the first four letters filter and 0.5 when the word is there."""
    if _postgresql():
        filtres = [Q(nom_recherche__trigram_word_similar=mot) for mot in mots]
        colonnes = {
            f"sim_{i}": RawSQL("0.5 * strict_word_similarity(%s, nom_recherche)", (mot,), output_field=FloatField())
            for i, mot in enumerate(mots)
        }
        return filtres, colonnes
    return [Q(nom_recherche__contains=mot[:4]) for mot in mots], {}


def _score(cles, index, n, nom_recherche, mots, similarites, sims):
    """The score of a name from its keys: the sum over the typed words of the best tier each meets; in pass 4
    (``similarites``), plus each word's trigram similarity (``sims``, computed by PostgreSQL) or, on SQLite, 0.5 per
    word found as typed."""
    meilleur = [0.0] * n  # each word's best tier met: the key of the name that brings the most
    for cle in cles.split():
        for i, score in index.get(cle, ()):
            if score > meilleur[i]:
                meilleur[i] = score
    if similarites is None:
        return sum(meilleur)
    return sum(meilleur) + (sum(sims) if sims else sum(0.5 for mot in mots if mot in nom_recherche))


def _cle_de_tri(score, departage, nom_recherche, nom, prenom, pk):
    """Best score first; among equals, what ``departage`` says of the name (the words typed are the whole name; the
    word typed in capitals is not a first name), then the names of fewest words (« Aimée Perret » before « Aimée Collin
    Perret », whose birth name matched: every word typed is hers too, but her usual name is another), then by name."""
    return (-score, *departage(nom_recherche), nom_recherche.count(" "), nom.lower(), prenom.lower(), pk)


def _candidats(queryset, mots, tranches, bonus, departage, similarites=None):
    """The candidate persons of ``queryset`` scored in Python: {pk: sort key}, each person's keys read (a few
    columns, no model). The path of a query that names a commune or a phone number, or runs outside a tenant context;
    the others score distinct names (``_noms``). Ranking in the database evaluated every tier as a SQL expression on
    every candidate: a second on a common name with thousands of candidates (docs/performance.md §7)."""
    index, n = _index_des_cles(tranches), len(tranches)
    colonnes = similarites or {}
    champs = ["pk", "cles_recherche", "nom_recherche", "nom", "prenom", "date_naissance", "commune_id", *colonnes]
    candidats = {}
    for ligne in queryset.annotate(**colonnes).order_by().values_list(*champs):
        pk, cles, nom_recherche, nom, prenom, naissance, commune_id, *sims = ligne
        score = _score(cles, index, n, nom_recherche, mots, similarites, sims) + bonus(naissance, commune_id)
        candidats[pk] = _cle_de_tri(score, departage, nom_recherche, nom, prenom, pk)
    return candidats


def _noms(collectivite, mots, tranches, condition, similarites=None):
    """The distinct names of the collectivité that meet ``condition``, scored: {nom_recherche: (score, persons who
    bear it)}. A common name is one row here, where it is hundreds of persons (docs/recherche_usagers.md §7)."""
    from .models import NomRecherche  # the model module imports this one

    index, n = _index_des_cles(tranches), len(tranches)
    colonnes = similarites or {}
    lignes = (
        NomRecherche.objects.filter(*condition, collectivite=collectivite, nombre__gt=0)
        .annotate(**colonnes)
        .values_list("nom_recherche", "cles_recherche", "nombre", *colonnes)
    )
    return {nom: (_score(cles, index, n, nom, mots, similarites, sims), nombre) for nom, cles, nombre, *sims in lignes}


def _candidats_des_noms(queryset, noms, limite, bonus, departage, plein):
    """The persons of ``queryset`` bearing the scored ``noms`` that may rank in the first ``limite``: {pk: sort key}.

    A person's score is their name's plus the bonus of a birth date or year typed (``plein``: the persons who get
    it). So: every person of those names who gets the bonus, then the persons of the names by rank — names of equal
    rank and tie-breaks together, as they sort only by person — until ``limite`` persons are read. Anyone not read
    bears a name of lower rank and no bonus: at least ``limite`` persons read rank before them."""
    champs = ("pk", "nom_recherche", "nom", "prenom", "date_naissance", "commune_id")
    groupes = {}
    for nom, (score, _) in noms.items():
        groupes.setdefault((-score, *departage(nom), nom.count(" ")), []).append(nom)
    rangs = sorted(groupes)
    porteurs = {rang: sum(noms[nom][1] for nom in groupes[rang]) for rang in rangs}  # persons bearing each rank
    lignes = list(queryset.filter(plein, _porte_un_nom(noms)).values_list(*champs)) if plein else []
    lus, i = 0, 0
    while i < len(rangs) and lus < limite:
        if porteurs[rangs[i]] > GRANDE_EGALITE and _postgresql():
            # a large tie — « Royer Rogger »: every « Roger X » whose X sounds like Royer — sorts only by person: the
            # database sorts it as ``_cle_de_tri`` does and gives its first
            par_nom = (Collate(Lower(champ), "C") for champ in ("nom", "prenom"))
            egalite = queryset.filter(_porte_un_nom(groupes[rangs[i]])).order_by(*par_nom, "pk")
            nouvelles = list(egalite.values_list(*champs)[: limite - lus])
            i += 1
        else:
            lot, attendus = [], 0  # the names' counts cover the whole collectivité: the queryset may see fewer
            while i < len(rangs) and (not lot or lus + attendus < limite):
                if lot and porteurs[rangs[i]] > GRANDE_EGALITE:
                    break
                lot += groupes[rangs[i]]
                attendus += porteurs[rangs[i]]
                i += 1
            nouvelles = list(queryset.filter(_porte_un_nom(lot)).order_by().values_list(*champs))
        lus += len(nouvelles)
        lignes += nouvelles
    return {
        pk: _cle_de_tri(noms[nom_r][0] + bonus(naissance, commune_id), departage, nom_r, nom, prenom, pk)
        for pk, nom_r, nom, prenom, naissance, commune_id in lignes
    }


def _nom_en_capitales(requete, mots):
    """The first word of the query typed in capitals (« MARTIN Gérard » → « martin »), when the query also holds a
    word that is not: the family name, as French forms write it. None otherwise."""
    jetons = [j for j in re.findall(r"[^\W\d_]+", requete or "") if len(j) >= 2]
    capitales = [j for j in jetons if j.isupper()]
    if not capitales or len(capitales) == len(jetons):
        return None
    premier = developper(normaliser(capitales[0]).split())
    return premier[0] if premier and premier[0] in mots else None


def _premiers(queryset, candidats, limite):
    """The ``limite`` best candidates, read whole, in their order."""
    meilleurs = [c[-1] for c in heapq.nsmallest(limite, candidats.values())]
    par_pk = queryset.in_bulk(meilleurs)
    return [par_pk[pk] for pk in meilleurs if pk in par_pk]


def rechercher(queryset, requete, limite=20, departement_id=None):
    """The persons of ``queryset`` matching ``requete``, best first (a list). ``departement_id``: where to
    recognise commune names (the collectivité's département). Four passes, each only when the one before is not
    enough (docs/recherche_usagers.md §4): every word spelt exactly; every word within one typo or of the same sound;
    beginnings and short sounds; the trigram similarity."""
    mots, naissance, telephone = analyser(requete)
    annee = None
    if mots and ANNEE.fullmatch(mots[-1]) and not naissance:
        annee = int(mots.pop())
    if not (mots or naissance or telephone or annee):
        return []
    if telephone:
        queryset = queryset.filter(telephone_normalise__contains=telephone)
    mots = [m for m in mots if len(m) >= 2 or m.isdigit()][:5]
    plein = Q()  # the persons who get all that was typed besides the name: date, year, commune
    if naissance:
        if not mots:  # a date alone: those born that day
            queryset = queryset.filter(date_naissance=naissance)
        plein = Q(date_naissance=naissance)
    elif annee:
        if not mots:
            queryset = queryset.filter(date_naissance__year=annee)
        plein = Q(date_naissance__year=annee)
    if not mots:
        return list(queryset.order_by("nom", "prenom", "pk")[:limite])
    communes = communes_nommees(mots, departement_id)
    codes = {c for cs in communes.values() for c in cs}
    if communes:
        plein &= Q(commune_id__in=sorted(codes))

    def bonus(date_naissance, commune_id):
        """What a date, a year or a commune typed adds: 2 for the birth date, 1 for the year, 1 per word of a
        commune where the person lives. A wrong year ranks, it never hides the person."""
        points = 0.0
        if naissance and date_naissance == naissance:
            points += 2.0
        elif annee and date_naissance and date_naissance.year == annee:
            points += 1.0
        if commune_id in codes:
            points += 1.0 * len(communes)
        return points

    # Among equal scores: the person whose name is the words typed, in some order (« Pierre St-Pierre » is Pierre
    # Saint-Pierre before Pierre Saint-Martin); then not the one whose first name is the word typed in capitals
    # (« MARTIN Gérard » is Gérard Martin before Martin Gérard) — unless every word was typed in capitals.
    rotations = [" ".join(mots[i:] + mots[:i]) for i in range(len(mots))]
    nom_en_capitales = _nom_en_capitales(requete, mots)

    def departage(nom_recherche):
        return (
            nom_recherche not in rotations,
            bool(nom_en_capitales) and nom_recherche.startswith(f"{nom_en_capitales} "),
        )

    ordre_sql = [Case(When(nom_recherche__in=rotations, then=Value(0)), default=Value(1))]
    if nom_en_capitales:
        ordre_sql.append(Case(When(nom_recherche__startswith=f"{nom_en_capitales} ", then=Value(1)), default=Value(0)))

    def lieu(i):
        return Q(commune_id__in=communes[i]) if i in communes else Q(pk__in=[])

    def cles(tiers):
        return [c for _, cs in tiers for c in cs]

    # Inside a tenant context, for two words or more without a commune or a phone number typed (a condition on the
    # person, not the name), the passes score the collectivité's distinct names, then read the persons of the best
    # (docs/recherche_usagers.md §7); otherwise the persons' own keys. A single word ties every name that bears it:
    # their persons would all be read to be sorted, either way.
    par_noms = len(mots) >= 2 and not (communes or telephone)
    collectivite = current_collectivite(required=False) if par_noms else None

    def candidats(admises, condition, similarites=None):
        if collectivite is None:
            filtre = queryset.filter(*condition)
            return _candidats(filtre, mots, admises, bonus, departage, similarites)
        noms = _noms(collectivite, mots, admises, condition, similarites)
        return _candidats_des_noms(queryset, noms, limite, bonus, departage, plein) if noms else {}

    # 1. every word spelt exactly, with all that was typed besides: nobody can rank above them
    # (a common word alone — « Martin » — is borne by thousands, who are all read to be sorted: the index of the
    # persons' keys reads them faster than the list of their names)
    exacts = [_a_une_cle([f"={m}"]) | lieu(i) for i, m in enumerate(mots)]
    noms = _noms(collectivite, mots, [], exacts) if collectivite is not None else None
    if noms is None or sum(nombre for _, nombre in noms.values()) > PERSONNES_PAR_NOMS:
        exacts = queryset.filter(plein, *exacts)
    else:
        exacts = queryset.filter(plein, _porte_un_nom(noms)) if noms else queryset.none()
    trouves = list(exacts.order_by(*ordre_sql, "nom", "prenom", "pk")[:limite])
    if len(trouves) == limite:
        return trouves
    # 2. every word within one typo or of the same sound (a key of two consonants or more); 3. nobody: beginnings of
    # words, sounds of two consonants
    tranches = [paliers(m) for m in mots]
    fortes = [[(s, c) for s, c in t if s >= SCORE_FORT] for t in tranches]
    for admises in (fortes, tranches):
        condition = [_a_une_cle(cles(t)) | lieu(i) for i, t in enumerate(admises)]
        if trouves := candidats(admises, condition):
            return _premiers(queryset, trouves, limite)
    # 4. still nobody (two typos in a word): the trigram similarity
    filtres, colonnes = _similarites(mots)
    condition = [
        _a_une_cle(cles(t)) | filtre | lieu(i) for i, (t, filtre) in enumerate(zip(tranches, filtres, strict=True))
    ]
    return _premiers(queryset, candidats(tranches, condition, colonnes), limite)


def age(date_naissance, aujourd_hui=None):
    if not date_naissance:
        return None
    aujourd_hui = aujourd_hui or date.today()  # noqa: DTZ011
    return (
        aujourd_hui.year
        - date_naissance.year
        - ((aujourd_hui.month, aujourd_hui.day) < (date_naissance.month, date_naissance.day))
    )
