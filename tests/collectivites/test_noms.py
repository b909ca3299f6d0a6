"""French names in a sentence (collectivites.noms, docs/architecture.md §8): article, gender, elision."""

from html import unescape
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from collectivites.noms import Article, Genre, deduire, forme
from tests import factories as f


@pytest.mark.parametrize(
    ("nom", "article", "genre"),
    [
        ("Maison des solidarités de Figeac", Article.LA, Genre.FEMININ),
        ("MSD de Gramat", Article.LA, Genre.FEMININ),
        ("CCAS de Cahors", Article.LE, Genre.MASCULIN),
        ("Département du Lot", Article.LE, Genre.MASCULIN),
        ("Espace France Services de Souillac", Article.L, Genre.MASCULIN),
        ("Association Quercy Solidarité", Article.L, Genre.FEMININ),
        ("Le Secours populaire", Article.LE, Genre.MASCULIN),
        ("La Croix-Rouge française", Article.LA, Genre.FEMININ),
        ("Les Restos du cœur", Article.LES, Genre.MASCULIN),
        ("L'Escale", Article.L, Genre.MASCULIN),
        ("Bétaville Solidarités", Article.AUCUN, Genre.MASCULIN),
    ],
)
def test_the_article_and_gender_are_read_from_the_name(nom, article, genre):
    assert deduire(nom) == (article, genre)


@pytest.mark.parametrize(
    ("nom", "de", "a", "par"),
    [
        ("MSD de Gramat", "de la MSD de Gramat", "à la MSD de Gramat", "par la MSD de Gramat"),
        ("CCAS de Cahors", "du CCAS de Cahors", "au CCAS de Cahors", "par le CCAS de Cahors"),
        ("Département du Lot", "du Département du Lot", "au Département du Lot", "par le Département du Lot"),
        ("Espace France Services", "de l'Espace France Services", "à l'Espace France Services", None),
        ("Le Secours populaire", "du Secours populaire", "au Secours populaire", "par le Secours populaire"),
        ("La Croix-Rouge", "de la Croix-Rouge", "à la Croix-Rouge", "par la Croix-Rouge"),
        ("Les Restos du cœur", "des Restos du cœur", "aux Restos du cœur", "par les Restos du cœur"),
        ("Bétaville Solidarités", "de Bétaville Solidarités", "à Bétaville Solidarités", "par Bétaville Solidarités"),
    ],
)
def test_a_name_takes_the_right_preposition_and_article(nom, de, a, par):
    nom_francais = forme(nom)
    assert nom_francais.de == de
    assert nom_francais.a == a
    if par:
        assert nom_francais.par == par


@pytest.mark.parametrize(
    ("nom", "de", "a"),
    [
        ("Arcambal", "d'Arcambal", "à Arcambal"),
        ("Cahors", "de Cahors", "à Cahors"),
        ("Le Vigan", "du Vigan", "au Vigan"),
        ("La Bastide-du-Vert", "de la Bastide-du-Vert", "à la Bastide-du-Vert"),
        ("Les Eyzies", "des Eyzies", "aux Eyzies"),
        ("L'Hospitalet", "de l'Hospitalet", "à l'Hospitalet"),
        # a commune named like a common noun takes no article
        ("Maison-Rouge", "de Maison-Rouge", "à Maison-Rouge"),
    ],
)
def test_a_commune_elides_before_a_vowel_and_keeps_the_article_of_its_name(db, nom, de, a):
    commune = f.CommuneFactory(nom=nom)
    assert forme(commune).de == de
    assert forme(commune).a == a


@pytest.mark.parametrize(
    ("code", "nom", "de", "dans"),
    [
        ("46", "Lot", "du Lot", "dans le Lot"),
        ("50", "Manche", "de la Manche", "dans la Manche"),
        ("01", "Ain", "de l'Ain", "dans l'Ain"),
        ("40", "Landes", "des Landes", "dans les Landes"),
        ("31", "Haute-Garonne", "de la Haute-Garonne", "dans la Haute-Garonne"),
        ("75", "Paris", "de Paris", "à Paris"),
    ],
)
def test_a_departement_takes_its_own_article(db, code, nom, de, dans):
    departement = f.DepartementFactory(code=code, nom=nom)
    assert forme(departement).de == de
    assert forme(departement).dans == dans


def test_the_stored_article_fills_itself_from_the_name_and_can_be_corrected(lot):
    structure = f.StructureFactory(collectivite=lot, nom="MSD de Gramat")
    assert (structure.article, structure.genre) == (Article.LA, Genre.FEMININ)
    lieu = f.LieuAccueilFactory(collectivite=lot, nom="Permanence sociale", article=Article.AUCUN)
    assert forme(lieu).de == "de Permanence sociale"
    assert lot.article == Article.LE
    assert forme(lot).par == "par le Département du Lot"


def test_the_template_filters_write_the_sentences_of_the_issue(lot, manche):
    arcambal = f.CommuneFactory(nom="Arcambal")
    rendu = Template(
        "{% load noms %}adressée {{ lieu|a }} · proposé {{ lot|par }} · permanence {{ arcambal|de }} · "
        "{{ lot.departement|de }} · {{ manche.departement|de }} · {{ lot|Le }}"
    ).render(Context({"lieu": "MSD de Gramat", "lot": lot, "manche": manche, "arcambal": arcambal}))
    assert unescape(rendu) == (
        "adressée à la MSD de Gramat · proposé par le Département du Lot · permanence d'Arcambal · du Lot · "
        "de la Manche · Le Département du Lot"
    )


def test_a_structure_named_after_its_collectivite_is_not_named_twice_in_a_header():
    lot = SimpleNamespace(nom="Département du Lot")
    rendu = Template("{% load noms %}{{ a|avec_collectivite }} / {{ b|avec_collectivite }}").render(
        Context(
            {
                "a": SimpleNamespace(nom="Département du Lot — Solidarités", collectivite=lot),
                "b": SimpleNamespace(nom="CCAS de Cahors", collectivite=lot),
            }
        )
    )
    assert unescape(rendu) == "Département du Lot — Solidarités / Département du Lot — CCAS de Cahors"


@pytest.mark.parametrize(
    ("nombre", "attendu"),
    [
        (0, "0 personne a répondu, 0 lieu"),
        (1, "1 personne a répondu, 1 lieu"),
        (1.5, "1,5 personne a répondu, 1,5 lieu"),
        (2, "2 personnes ont répondu, 2 lieux"),
        (12, "12 personnes ont répondu, 12 lieux"),
    ],
)
def test_french_agreement_takes_the_singular_for_zero_and_one(nombre, attendu):
    """docs/publications.md §1: unlike Django's ``pluralize`` (English: 0 is plural), French agrees 0 and 1 in the
    singular."""
    gabarit = Template(
        "{% load noms %}"
        '{{ n }} personne{{ n|pluriel }} {{ n|pluriel:"a,ont" }} répondu, {{ n }} lieu{{ n|pluriel:"x" }}'
    )
    assert gabarit.render(Context({"n": nombre})) == attendu


def test_a_person_and_a_title_take_no_article_and_elide():
    from collectivites.noms import accord, nom_propre

    class Personne(SimpleNamespace):
        def __str__(self):
            return f"{self.prenom} {self.nom.upper()}"

    # a person's ``nom`` is the surname: the sentence takes the whole name, and « France » is not « la France »
    assert forme(Personne(prenom="Alain", nom="Marty")).de == "d'Alain MARTY"
    assert forme(Personne(prenom="France", nom="Dupont")).de == "de France DUPONT"
    assert nom_propre("Hélène Roux").de == "d'Hélène Roux"
    assert nom_propre("Annuaire interne des pôles").de == "d'Annuaire interne des pôles"
    assert accord(0, "accompagnement") == "0 accompagnement"
    assert accord(2, "lieu", "lieux") == "2 lieux"
