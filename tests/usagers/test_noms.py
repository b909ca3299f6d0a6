"""The table of distinct names that the search scores (docs/recherche_usagers.md §7): kept in step with the persons by
the database whatever writes them, and ranking exactly as the persons' own keys do."""

import itertools
import random
import sqlite3

import pytest
from django.db import connection

from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers import noms, recherche
from usagers.models import NomRecherche, Usager


def table_des_noms(collectivite):
    return {
        (n.nom_recherche, n.nombre)
        for n in NomRecherche.objects.filter(collectivite=collectivite, nombre__gt=0).order_by()
    }


def noms_des_personnes(collectivite):
    comptes = {}
    for nom in Usager.objects.filter(collectivite=collectivite).values_list("nom_recherche", flat=True):
        comptes[nom] = comptes.get(nom, 0) + 1
    return set(comptes.items())


def chercher(collectivite, requete):
    with tenant_context(collectivite):
        return [(u.prenom, u.nom) for u in recherche.rechercher(Usager.objects.all(), requete)]


def test_every_write_keeps_the_names_in_step_and_the_search_follows(lot):
    with tenant_context(lot):
        jeanne = f.UsagerFactory(prenom="Jeanne", nom="Dupont")
        f.UsagerFactory(prenom="Jeanne", nom="Dupont")
        paul = f.UsagerFactory(prenom="Paul", nom="Garnier")
        lea = Usager(collectivite=lot, prenom="Léa", nom="Roux", nom_recherche="lea roux", cles_recherche=" =lea ")
        Usager.objects.bulk_create([lea])  # no save(): the triggers count it all the same
        attendu = {("jeanne dupont", 2), ("paul garnier", 1), ("lea roux", 1)}
        assert table_des_noms(lot) == noms_des_personnes(lot) == attendu
        assert chercher(lot, "Jeane Dupond") == [("Jeanne", "Dupont")] * 2

        jeanne.nom = "Martin"  # married: found by her new name at once, and no longer twice under the old one
        jeanne.save()
        paul.telephone = "06 12 34 56 78"  # an update that changes no name leaves the table alone
        paul.save()
        assert table_des_noms(lot) == noms_des_personnes(lot)
        assert chercher(lot, "Jeane Martn") == [("Jeanne", "Martin")]
        assert chercher(lot, "Jeane Dupond") == [("Jeanne", "Dupont")]

        with connection.cursor() as cursor:  # a raw query is followed too
            cursor.execute("DELETE FROM usagers_usager WHERE id = %s", [paul.pk])
        assert table_des_noms(lot) == noms_des_personnes(lot)
        assert ("paul garnier", 1) not in table_des_noms(lot)
        assert chercher(lot, "Paul Garnie") == []


def test_the_names_of_each_collectivite_stay_apart(lot, manche):
    with tenant_context(lot):
        f.UsagerFactory(prenom="Chloé", nom="Garcia")
    with tenant_context(manche):
        f.UsagerFactory(prenom="Chloé", nom="Garcia")
        assert NomRecherche.objects.get(nom_recherche="chloe garcia").nombre == 1
        assert chercher(manche, "Chloe Garsia") == [("Chloé", "Garcia")]


PRENOMS = ["Jeanne", "Jean", "Marie", "Pierre", "Chloé", "Adrien", "Roger", "Léa"]
NOMS = ["Dupont", "Dupond", "Martin", "Martins", "Royer", "Roger", "Garcia", "Saint-Pierre", "Léger"]


@pytest.fixture
def foule(lot):
    """Homonyms by the dozen, birth names, first names that are family names elsewhere: the ties the search breaks."""
    rng = random.Random(18)
    with tenant_context(lot):
        for prenom, nom in itertools.product(PRENOMS, NOMS):
            for _ in range(rng.choice([1, 1, 2, 4])):
                naissance = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                f.UsagerFactory(
                    prenom=prenom, nom=nom, date_naissance=naissance, nom_naissance=rng.choice(["", "", "Roux"])
                )


@pytest.mark.parametrize("grande_egalite", [200, 2])
def test_scoring_names_ranks_exactly_as_scoring_persons(lot, foule, monkeypatch, grande_egalite):
    """The same query, in the same order, by the names (in a tenant context) and by the persons' own keys (the path
    of a query outside one): typos, inverted words, capitals, a birth year or date typed, ties cut by the database."""
    monkeypatch.setattr(recherche, "GRANDE_EGALITE", grande_egalite)
    requetes = [
        "Jeane Dupond", "DUPONT Jeanne", "Jean Dupont", "Roger Royer", "ROYER Rogger", "Marie Martn",
        "Martin Marie 1970", "Adrien Mratin 1985", "Pierre St-Pierre", "Lea Leger", "Chloe Garsia 2001",
        "Jeanne Roux", "Piere Dupon", "Marie Martins 12/03/1980", "Adrin Royr",
    ]  # fmt: skip
    with tenant_context(lot):
        par_noms = {q: [u.pk for u in recherche.rechercher(Usager.objects.all(), q, limite=10)] for q in requetes}
    monkeypatch.setattr(recherche, "current_collectivite", lambda required=False: None)
    with tenant_context(lot):
        par_personnes = {q: [u.pk for u in recherche.rechercher(Usager.objects.all(), q, limite=10)] for q in requetes}
    assert all(par_noms.values())
    assert par_noms == par_personnes


def test_the_demo_triggers_keep_the_same_count():
    """The demo's SQLite triggers (``usagers/noms.py``), on a database of their own: insert, rename, move, delete."""
    base = sqlite3.connect(":memory:")
    base.execute("CREATE TABLE usagers_usager (id INTEGER PRIMARY KEY, collectivite_id INT, nom_recherche TEXT, "
                 "cles_recherche TEXT, telephone TEXT)")  # fmt: skip
    base.execute("CREATE TABLE usagers_nomrecherche (id INTEGER PRIMARY KEY, collectivite_id INT, nom_recherche TEXT, "
                 "cles_recherche TEXT, nombre INT, UNIQUE (collectivite_id, nom_recherche))")  # fmt: skip
    for instruction in noms.instructions("sqlite"):
        base.execute(instruction)

    def etat():
        table = set(base.execute("SELECT collectivite_id, nom_recherche, nombre FROM usagers_nomrecherche"))
        compte = set(base.execute("SELECT collectivite_id, nom_recherche, count(*) FROM usagers_usager GROUP BY 1, 2"))
        assert table == compte
        return table

    ajouter = "INSERT INTO usagers_usager (collectivite_id, nom_recherche, cles_recherche) VALUES (?, ?, ?)"
    base.executemany(ajouter, [(1, "jeanne dupont", "k"), (1, "jeanne dupont", "k"), (2, "jeanne dupont", "k")])
    assert etat() == {(1, "jeanne dupont", 2), (2, "jeanne dupont", 1)}
    base.execute("UPDATE usagers_usager SET nom_recherche = 'jeanne martin' WHERE id = 1")
    base.execute("UPDATE usagers_usager SET telephone = '0612345678' WHERE id = 2")
    assert etat() == {(1, "jeanne dupont", 1), (1, "jeanne martin", 1), (2, "jeanne dupont", 1)}
    base.execute("UPDATE usagers_usager SET collectivite_id = 2 WHERE id = 2")
    base.execute("DELETE FROM usagers_usager WHERE id = 1")
    assert etat() == {(2, "jeanne dupont", 2)}


def test_an_anonymised_person_leaves_no_name_behind(lot):
    """The identity leaves the active base everywhere (docs/retention.md): the table of names keeps nobody's name."""
    from usagers.retention import anonymiser

    with tenant_context(lot):
        garcia = f.UsagerFactory(prenom="Chloé", nom="Garcia")
        anonymiser(Usager.objects.filter(pk=garcia.pk))
        assert not NomRecherche.objects.filter(nom_recherche__contains="garcia").exists()
        assert table_des_noms(lot) == noms_des_personnes(lot)
        assert chercher(lot, "Chloe Garsia") == []
