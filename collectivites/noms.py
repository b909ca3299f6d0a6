"""Naming a collectivité, a structure, a site or a commune inside a French sentence (docs/architecture.md §8).

French needs three things to put a name after « de », « à » or « par »: the article the name takes (« le Lot »,
« la Manche », « l'Aveyron », « les Landes », none for « Cahors »), its gender (for the agreement of what follows)
and whether the article or the preposition elides before it (« d'Arcambal », « l'Agence »). Collectivités,
structures and sites store the article and the gender (``ChampsNomFrancais``), filled from the name when left empty
(``deduire``); communes and départements, shared reference rows, are read from their name (and, for the
départements, from the table below).

``forme(objet)`` returns a ``Nom`` whose properties give « le Lot » / « du Lot » / « au Lot » / « par le Lot »; the
template filters of ``collectivites.templatetags.noms`` (``{{ lieu|de }}``, ``{{ structure|a }}``…) use it. A person
(« d'Alain MARTY ») and a title (« d'Annuaire interne des pôles ») take no article, only the elision
(``nom_propre``). ``pluriel(n)`` is the French agreement of a noun with a count: singular for 0 and 1
(docs/publications.md §1).
"""

import re
from dataclasses import dataclass

from django.db import models


class Article(models.TextChoices):
    LE = "le", "le (masculin)"
    LA = "la", "la (féminin)"
    L = "l'", "l' (devant une voyelle)"
    LES = "les", "les (pluriel)"
    AUCUN = "-", "aucun (nom propre : « Cahors », « Quercy Solidarités »)"


class Genre(models.TextChoices):
    MASCULIN = "m", "masculin"
    FEMININ = "f", "féminin"


# First word of a common noun that starts a structure's or a site's name, and its gender. Acronyms are read as the
# noun they abbreviate (« la MSD » = la Maison des solidarités, « le CCAS » = le Centre communal d'action sociale).
GENRE_DES_MOTS = {
    # feminine
    "maison": "f",
    "msd": "f",
    "mds": "f",
    "msa": "f",
    "mjc": "f",
    "mission": "f",
    "mairie": "f",
    "agence": "f",
    "association": "f",
    "antenne": "f",
    "permanence": "f",
    "caisse": "f",
    "caf": "f",
    "cpam": "f",
    "carsat": "f",
    "direction": "f",
    "délégation": "f",
    "épicerie": "f",
    "banque": "f",
    "fédération": "f",
    "communauté": "f",
    "cc": "f",  # communauté de communes, d'agglomération, urbaine
    "ca": "f",
    "cu": "f",
    "métropole": "f",
    "ville": "f",
    "commune": "f",
    "croix-rouge": "f",
    "unité": "f",
    "résidence": "f",
    "plateforme": "f",
    "france": "f",  # « la France Services » (a maison France Services)
    "régie": "f",
    "udaf": "f",
    "ligue": "f",
    # masculine
    "département": "m",
    "conseil": "m",
    "ccas": "m",
    "cias": "m",
    "centre": "m",
    "pôle": "m",
    "point": "m",
    "espace": "m",
    "secours": "m",
    "service": "m",
    "relais": "m",
    "comité": "m",
    "foyer": "m",
    "chrs": "m",
    "clic": "m",
    "pimms": "m",
    "syndicat": "m",
    "groupement": "m",
    "bureau": "m",
    "guichet": "m",
    "accueil": "m",
    "territoire": "m",
    "tas": "m",
    "tis": "m",
    "collectif": "m",
    "restaurant": "m",
    "institut": "m",
    "hôpital": "m",
    "établissement": "m",
}

# The départements' articles where they are not « le » (the INSEE's « type de nom en clair »): a shared reference
# table, so not a stored field. Elision (« l'Ain ») is read from the name.
ARTICLE_DES_DEPARTEMENTS = {
    **dict.fromkeys(
        "02 03 07 09 10 11 12 27 28 34 35 36 37 38 60 61 89 91 01".split(), "l'"
    ),  # Ain, Aisne, Allier, Ardèche…
    **dict.fromkeys("04 05 06 08 13 22 40 64 65 66 78 79 88 92".split(), "les"),
    **dict.fromkeys(
        "16 17 19 2A 2B 21 23 24 26 31 33 42 43 44 48 50 51 52 53 54 55 57 58 70 71 72 73 74 76 77 80 85 86 87 93 "
        "971 972 973 974".split(),
        "la",
    ),
    **dict.fromkeys("75 976".split(), "-"),  # Paris, Mayotte
}

VOYELLES = set("aeiouyàâäéèêëîïôöùûüœæ")
PREFIXE_ARTICLE = re.compile(r"^(le|la|les)\s+|^l[’']\s*", re.IGNORECASE)


def _premier_mot(nom):
    return re.split(r"[\s’']+", nom.strip(), maxsplit=1)[0].lower() if nom and nom.strip() else ""


def commence_par_voyelle(mot):
    """True before a vowel (« Arcambal », « Espace ») or a mute h (« Hérault », not « Haute-… » nor « Haut-… »)."""
    mot = (mot or "").strip().lower()
    if not mot:
        return False
    if mot[0] in VOYELLES:
        return True
    return mot[0] == "h" and not mot.startswith(("haut", "hameau", "hall", "hangar"))


def deduire(nom):
    """``(article, genre)`` guessed from a name: an article it starts with (« La Poste »), else the gender of its
    first word (« Maison des solidarités », « MSD de Gramat », « CCAS de Cahors »), else a proper name (no article).
    """
    nom = (nom or "").strip()
    prefixe = PREFIXE_ARTICLE.match(nom)
    if prefixe:
        article = prefixe.group(0).strip().lower().replace("’", "'")
        if article.startswith("l'"):
            article = Article.L
        reste = nom[prefixe.end() :]
        genre = GENRE_DES_MOTS.get(_premier_mot(reste), "f" if article == "la" else "m")
        return article, genre
    genre = GENRE_DES_MOTS.get(_premier_mot(nom))
    if genre is None:
        return Article.AUCUN, Genre.MASCULIN
    if commence_par_voyelle(nom):
        return Article.L, genre
    return (Article.LA if genre == "f" else Article.LE), genre


@dataclass(frozen=True)
class Nom:
    """A name and what French needs to insert it: ``nom`` is written without the article it may start with."""

    nom: str
    article: str = Article.AUCUN
    genre: str = Genre.MASCULIN

    def __str__(self):
        return self.nom

    @property
    def elide(self):
        return commence_par_voyelle(self.nom)

    def _avec_article(self, masculin, feminin, elide, pluriel, sans_article=""):
        if self.article == Article.LES:
            return f"{pluriel} {self.nom}"
        if self.article == Article.L or (self.article in (Article.LE, Article.LA) and self.elide):
            return f"{elide}{self.nom}"
        if self.article == Article.LA:
            return f"{feminin} {self.nom}"
        if self.article == Article.LE:
            return f"{masculin} {self.nom}"
        return f"{sans_article}{self.nom}"

    @property
    def le(self):
        """« le Lot », « la MSD de Gramat », « l'Aveyron », « les Landes », « Cahors »."""
        return self._avec_article("le", "la", "l'", "les")

    @property
    def de(self):
        """« du Lot », « de la Manche », « de l'Aveyron », « des Landes », « de Cahors », « d'Arcambal »."""
        sans_article = "d'" if self.elide else "de "
        return self._avec_article("du", "de la", "de l'", "des", sans_article)

    @property
    def a(self):
        """« au CCAS », « à la MSD », « à l'Agence », « aux Eyzies », « à Arcambal »."""
        return self._avec_article("au", "à la", "à l'", "aux", "à ")

    @property
    def par(self):
        """« par le Département du Lot », « par Bétaville Solidarités »."""
        return f"par {self.le}"

    @property
    def dans(self):
        """« dans le Lot », « dans la Manche » — or « à Cahors » for a name without an article."""
        return self.a if self.article == Article.AUCUN else f"dans {self.le}"


def nom_propre(texte):
    """A name that takes no article whatever its first word: a person (« d'Alain MARTY », « d'Hélène Roux », not
    « de la France Dupont ») or a title (« Versions d'Annuaire interne des pôles », not « de l'Annuaire »). Only the
    elision is read from the spelling."""
    return Nom(str(texte or "").strip())


def est_personne(objet):
    """A person of the project (``Usager``, ``Utilisateur``): both have a first name, and ``nom`` is the surname, not
    the name to put in a sentence (their ``__str__`` is)."""
    return hasattr(objet, "prenom") and hasattr(objet, "nom") and not isinstance(objet, str)


def _sans_article(nom, article):
    if article in (Article.AUCUN, ""):
        return nom
    prefixe = PREFIXE_ARTICLE.match(nom)
    if prefixe:
        reste = nom[prefixe.end() :]
        return reste[:1].upper() + reste[1:] if article != Article.L else reste
    return nom


def forme(objet):
    """The ``Nom`` of a collectivité, a structure, a site (their stored article and gender), a département (the
    table above), a commune or a plain string (read from the name), or a person (``nom_propre`` of its ``__str__``).
    """
    if isinstance(objet, Nom):
        return objet
    if objet is None:
        return Nom("")
    if est_personne(objet):
        return nom_propre(objet)
    nom = getattr(objet, "nom", None)
    if nom is None:
        nom = str(objet)
    article = getattr(objet, "article", "") or ""
    genre = getattr(objet, "genre", "") or ""
    code = getattr(objet, "code", None)
    if not article and code is not None and type(objet).__name__ == "Departement":
        article = ARTICLE_DES_DEPARTEMENTS.get(code, Article.LE)
        genre = Genre.FEMININ if article == Article.LA else Genre.MASCULIN
    if not article:
        if type(objet).__name__ == "Commune":
            # a commune: only an article written in its name (« Le Vigan », « Les Eyzies ») counts
            prefixe = PREFIXE_ARTICLE.match(nom)
            article, genre_deduit = deduire(nom) if prefixe else (Article.AUCUN, Genre.MASCULIN)
        else:
            article, genre_deduit = deduire(nom)
        genre = genre or genre_deduit
    return Nom(_sans_article(nom, article), article, genre or Genre.MASCULIN)


class ChampsNomFrancais(models.Model):
    """The article and gender of a name, filled from the name on save when left empty (``deduire``)."""

    article = models.CharField(
        "article",
        max_length=3,
        choices=Article.choices,
        blank=True,
        help_text="Pour écrire « du Lot », « de la MSD », « au CCAS » : laissez vide pour le déduire du nom.",
    )
    genre = models.CharField("genre", max_length=1, choices=Genre.choices, blank=True)

    class Meta:
        abstract = True

    def completer_nom_francais(self):
        if not self.article or not self.genre:
            article, genre = deduire(self.nom)
            self.article = self.article or article
            self.genre = self.genre or genre

    @property
    def nom_francais(self):
        return forme(self)


def migration_completer_noms(*noms_modeles):
    """A ``RunPython`` function giving the existing rows of these models the article and gender read from their
    name (the data migrations of collectivites and reseau)."""

    def completer(apps, schema_editor):
        for nom_modele in noms_modeles:
            modele = apps.get_model(nom_modele)
            lignes = list(modele.objects.all())  # a historical model: a plain manager, not the tenant one
            for ligne in lignes:
                ligne.article, ligne.genre = deduire(ligne.nom)
            modele.objects.bulk_update(lignes, ["article", "genre"], batch_size=500)

    return completer


def est_pluriel(nombre):
    """French agreement with a count: the plural starts at 2 (« 0 accompagnement », « 1,5 unité », « 2 unités »),
    unlike English and Django's ``pluralize``, where 0 is plural (docs/publications.md §1)."""
    try:
        return abs(float(nombre)) >= 2
    except (TypeError, ValueError):  # a list counts its items, as Django's ``pluralize``; a word is not a count
        return not isinstance(nombre, str) and hasattr(nombre, "__len__") and len(nombre) >= 2


def pluriel(nombre, singulier="", forme_plurielle="s"):
    """The ending (or word) that agrees with ``nombre``: ``pluriel(n)`` is "s" from 2 on, ``pluriel(n, "a", "ont")``
    « a » or « ont »; ``accord(n, "personne")`` writes the whole group."""
    return forme_plurielle if est_pluriel(nombre) else singulier


def accord(nombre, singulier, pluriel_du_mot=None):
    """« 0 personne », « 1 personne », « 2 personnes »; ``pluriel_du_mot`` for an irregular plural (« lieux »)."""
    if not est_pluriel(nombre):
        return f"{nombre} {singulier}"
    return f"{nombre} {pluriel_du_mot or singulier + 's'}"
