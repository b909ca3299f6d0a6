"""Person search: typos, sound-alikes and abbreviations forgiven; homonyms told apart (docs/recherche_usagers.md)."""

import pytest

from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers import recherche
from usagers.recherche import cle_phonetique, texte_recherche


@pytest.fixture
def saint_cere(lot):
    recherche._communes.cache_clear()  # the communes of a département are kept per process
    yield f.CommuneFactory(code="46251", nom="Saint-Céré", departement=lot.departement)
    recherche._communes.cache_clear()


@pytest.fixture
def personnes(lot, cahors, saint_cere):
    with tenant_context(lot):
        return {
            "garcia": f.UsagerFactory(prenom="Chloé", nom="Garcia", date_naissance="1990-05-02", commune=saint_cere),
            "martin": f.UsagerFactory(prenom="Chloé", nom="Martin", date_naissance="1985-01-20", commune=cahors),
            "garnier": f.UsagerFactory(prenom="Paul", nom="Garnier", commune=cahors),
            "bouscarel": f.UsagerFactory(prenom="Philippe", nom="Bouscarel", commune=cahors),
        }


def chercher(client, q):
    return client.get("/usagers/recherche/", {"q": q}).content.decode()


@pytest.mark.parametrize(
    "mots",
    [("garcia", "garsia"), ("bouscarel", "buscarel", "bouskarel"), ("dupont", "dupond"), ("jeanne", "jeane")],
)
def test_sound_alike_spellings_share_a_phonetic_key(mots):
    assert len({cle_phonetique(m) for m in mots}) == 1


def palier(tape, nom):
    """The best tier at which the typed word finds the stored one (0: not at all)."""
    stockees = recherche.cles_mot(nom)
    return max((score for score, cles in recherche.paliers(tape) if stockees.intersection(cles)), default=0)


@pytest.mark.parametrize(
    "tape,nom,attendu",
    [
        ("leger", "leger", 1.0),
        ("leegr", "leger", 0.95),  # two letters swapped
        ("dupon", "dupont", 0.9),  # one dropped
        ("duppont", "dupont", 0.9),  # one added
        ("leher", "leger", 0.8),  # one changed
        ("garsia", "garcia", 0.85),  # one changed, and the same sound
        ("bouskarel", "bouscarel", 0.85),
        ("phiippe", "philippe", 0.9),
        ("dupo", "dupont", 0.6),  # a beginning
        ("rousso", "rousseau", 0.85),  # spelt as it sounds
        ("devox", "devaux", 0.85),
        ("mauro", "moreau", 0.85),  # « au » sounds « o »
        ("mira", "moreau", 0.5),  # the same consonants, a short key
        ("gerard", "evrard", 0),  # two letters apart: the dropped letters are not at the same place
        ("marie", "martin", 0),
    ],
)
def test_one_typo_is_one_tier_and_two_are_none(tape, nom, attendu):
    assert palier(tape, nom) == attendu


def test_abbreviations_are_expanded():
    assert texte_recherche("St-Céré") == texte_recherche("Ste Cere".replace("Ste", "St")) == "saint cere"
    assert texte_recherche("Ste Marie") == "sainte marie"


@pytest.mark.parametrize("requete", ["Garsia", "Garsia Chloe", "garcia chloé", "Chloe Garsia", "GARSIA chlóe"])
def test_sound_alike_name_finds_the_person(client, alice, personnes, requete):
    client.force_login(alice)
    page = chercher(client, requete)
    assert "Chloé GARCIA" in page
    assert "Paul GARNIER" not in page or page.index("Chloé GARCIA") < page.index("Paul GARNIER")


@pytest.mark.parametrize("requete", ["Buscarel", "Bouskarel", "Phiippe Bouscarel", "Philippe Bousacrel"])
def test_typos_and_sounds_find_bouscarel(client, alice, personnes, requete):
    client.force_login(alice)
    assert "Philippe BOUSCAREL" in chercher(client, requete)


@pytest.mark.parametrize("requete", ["St Cere", "Saint-Céré", "st-cere", "Chloe St Cere"])
def test_a_commune_typed_finds_who_lives_there(client, alice, personnes, requete):
    client.force_login(alice)
    page = chercher(client, requete)
    assert "Chloé GARCIA" in page
    assert "Chloé MARTIN" not in page


def test_homonyms_show_what_tells_them_apart(client, alice, bob, lot, cahors, saint_cere, structure_a):
    with tenant_context(lot):
        ancien = f.UsagerFactory(prenom="Jean", nom="Martin", date_naissance="1950-06-01", commune=cahors)
        jeune = f.UsagerFactory(prenom="Jean", nom="Martin", date_naissance="1992-11-30", commune=saint_cere)
        f.AccompagnementFactory(collectivite=lot, structure=structure_a, usager=jeune, referent=bob)
    client.force_login(alice)
    page = chercher(client, "Jean Martin")
    assert "né·e en 1950" in page and "né·e en 1992" in page
    assert "Cahors" in page and "Saint-Céré" in page
    ligne_jeune = next(li for li in page.split("<li>") if "1992" in li)
    ligne_ancien = next(li for li in page.split("<li>") if "1950" in li)
    assert "suivi en cours" in ligne_jeune and "suivi en cours" not in ligne_ancien
    # the birth year, or the date, typed: that person first
    for requete in ("Jean Martin 1992", "Jan Martin 30/11/1992", "martin jean st cere"):
        page = chercher(client, requete)
        assert page.index("1992") < page.index("1950") if "1950" in page else "1992" in page
    assert ancien.pk != jeune.pk


def test_a_date_alone_or_a_year_alone_lists_those_born_then(client, alice, personnes):
    client.force_login(alice)
    assert "Chloé GARCIA" in chercher(client, "02/05/1990")
    page = chercher(client, "1985")
    assert "Chloé MARTIN" in page and "Chloé GARCIA" not in page


def test_the_strip_says_nee_or_ne_from_the_civilite(client, alice, lot, jeanne):
    client.force_login(alice)
    assert "né·e le 14/03/1980" in client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()
    with tenant_context(lot):
        jeanne.civilite = "madame"
        jeanne.save()
    assert "née le 14/03/1980" in client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()


@pytest.mark.parametrize(
    "requete,attendu",
    [
        ("Buscarel", "Bouscarel"),
        ("Bouskarel", "Bouscarel"),
        ("Phiippe Bouscarel", "Bouscarel"),
        ("Philippe Bousacrel", "Bouscarel"),
        ("Garsia", "Garcia"),
        ("Garsia Chloe", "Garcia"),
        ("Chloe St Cere", "Garcia"),
        ("Garn", "Garnier"),
    ],
)
def test_the_sqlite_demo_forgives_the_same_way(lot, personnes, monkeypatch, requete, attendu):
    """The demo runs on SQLite: the same keys, tested with LIKE instead of the GIN array overlap (the search's branch
    is chosen by ``recherche._postgresql``; here it runs on PostgreSQL, which has LIKE too)."""
    from usagers.models import Usager

    monkeypatch.setattr(recherche, "_postgresql", lambda: False)
    with tenant_context(lot):
        trouves = recherche.rechercher(Usager.objects.all(), requete, departement_id=lot.departement_id)
    assert trouves and trouves[0].nom == attendu


def test_the_person_named_exactly_as_typed_comes_before_those_who_only_share_its_words(client, alice, lot):
    """« Pierre St-Pierre » holds the words of every Pierre Saint-… ; « MARTIN Gérard » (the family name in capitals,
    as French forms write it) is Gérard Martin, not Martin Gérard — even when typed with a typo."""
    with tenant_context(lot):
        for nom in ("Saint-Avit", "Saint-Cirq", "Saint-Denis", "Saint-Géry"):
            f.UsagerFactory(prenom="Pierre", nom=nom)
        f.UsagerFactory(prenom="Pierre", nom="Saint-Pierre")
        f.UsagerFactory(prenom="Martin", nom="Gérard")
        f.UsagerFactory(prenom="Gérard", nom="Martin")
    client.force_login(alice)
    page = chercher(client, "Pierre St-Pierre")
    assert page.index("Pierre SAINT-PIERRE") < min(page.index(f"Pierre {n}") for n in ("SAINT-AVIT", "SAINT-CIRQ"))
    for requete in ("MARTIN Gérard", "MARTIN Gérardd"):
        page = chercher(client, requete)
        assert page.index("Gérard MARTIN") < page.index("Martin GÉRARD"), requete
    page = chercher(client, "Gérard MARTIN")  # the same words, the other way round: the capitals decide
    assert page.index("Gérard MARTIN") < page.index("Martin GÉRARD")
    page = chercher(client, "GERARD Martin")
    assert page.index("Martin GÉRARD") < page.index("Gérard MARTIN")
