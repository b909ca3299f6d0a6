"""Issue #12 point 10: malformed input never gives a server error nor a bad write (docs/securite.md §21, §29).

Every id read from an address is checked (a 404, never a 500), every text has one bound shared by the model, the
forms, the importer and the API, dates are plausible, and a held lock answers a French « réessayez » page after the
lock timeout, with nothing written.
"""

import psycopg
import pytest
from django.db import connection

from accompagnement.models import Accompagnement
from accueil.models import Passage
from collectivites.tenancy import tenant_context
from config import bornes
from usagers.models import Usager


@pytest.mark.parametrize("arrivee", ["abc", "-1", "1.5", "99999999999999999999999", "١٢"])
def test_a_malformed_arrival_id_is_a_404(client, alice, lieu_a, arrivee):
    client.force_login(alice)
    assert client.get("/accueil/passage/nouveau/", {"arrivee": arrivee}).status_code == 404


@pytest.mark.parametrize("lieu", ["abc", "99999999999999999999999", ""])
def test_a_malformed_site_when_signalling_an_arrival_is_named(client, alice, lieu_a, lot, lieu):
    client.force_login(alice)
    reponse = client.post("/accueil/arrivee/", {"lieu": lieu}, follow=True)
    assert "Choisissez un de vos lieux d&#x27;accueil." in reponse.content.decode()
    with tenant_context(lot):
        assert not Passage.objects.exists()


@pytest.mark.parametrize("usager", ["abc", "0", "99999999999999999999999"])
def test_a_malformed_person_id_opens_no_support(client, bob, jeanne, types, usager):
    client.force_login(bob)
    assert client.get("/accompagnements/nouveau/", {"usager": usager}).status_code == 404


def test_an_out_of_range_passage_id_writes_no_support(client, bob, jeanne, types, structure_a, lot):
    client.force_login(bob)
    reponse = client.post(
        "/accompagnements/nouveau/",
        {
            "usager": jeanne.pk,
            "passage": "99999999999999999999999",
            "type": types["budgetaire"].pk,
            "structure": structure_a.pk,
            "date_debut": "2026-09-01",
        },
    )
    assert reponse.status_code == 404
    with tenant_context(lot):
        assert not Accompagnement.objects.exists()


@pytest.mark.parametrize("date", ["0001-01-01", "1899-12-31", "2101-01-01"])
def test_an_implausible_start_date_is_named_and_writes_nothing(client, bob, jeanne, types, structure_a, lot, date):
    client.force_login(bob)
    reponse = client.post(
        "/accompagnements/nouveau/",
        {"usager": jeanne.pk, "type": types["budgetaire"].pk, "structure": structure_a.pk, "date_debut": date},
    )
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'id="id_date_debut_error"' in page and "Indiquez une date entre le 01/01/1900 et le 31/12/2100" in page
    with tenant_context(lot):
        assert not Accompagnement.objects.exists()


@pytest.mark.parametrize("date", ["1850-01-01", "0001-01-01"])
def test_an_implausible_birth_date_is_named_and_writes_nothing(client, alice, lot, date):
    """The person's birth date shares the app's plausible window (a model validator, so every form and import too)."""
    client.force_login(alice)
    page = client.post("/usagers/nouveau/", {"prenom": "Léa", "nom": "Roux", "date_naissance": date}).content.decode()
    assert "Rien n'a été enregistré" in page.replace("&#x27;", "'")
    assert "Indiquez une date entre le 01/01/1900 et le 31/12/2100" in page
    with tenant_context(lot):
        assert not Usager.objects.filter(nom__iexact="Roux").exists()


def test_an_unknown_collectivite_is_a_404_for_a_signed_in_user_too(client, alice, lot):
    assert client.get("/c/atlantide/").status_code == 404
    client.force_login(alice)
    reponse = client.get("/c/atlantide/")
    assert reponse.status_code == 404
    page = reponse.content.decode()
    assert "Page introuvable" in page and "Accueil" in page  # the page, with the user's navigation


def test_the_database_stops_a_statement_after_10_s_and_a_lock_wait_after_5_s(db):
    with connection.cursor() as curseur:
        curseur.execute("SHOW statement_timeout")
        assert curseur.fetchone() == ("10s",)
        curseur.execute("SHOW lock_timeout")
        assert curseur.fetchone() == ("5s",)


@pytest.fixture
def table_des_passages_verrouillee(db):
    """Another connection holds a lock on the passages table, as a long migration or a stuck transaction would."""
    reglages = connection.settings_dict
    autre = psycopg.connect(
        dbname=reglages["NAME"],
        user=reglages["USER"],
        password=reglages["PASSWORD"],
        host=reglages["HOST"],
        port=reglages["PORT"] or 5432,
    )
    autre.execute("SET lock_timeout = '3s'")
    autre.execute("LOCK TABLE accueil_passage IN SHARE MODE")  # reads go on, writes wait
    # This test does not wait the 5 s of production: the same error, sooner.
    with connection.cursor() as curseur:
        curseur.execute("SET lock_timeout = '300ms'")
    yield
    autre.rollback()
    autre.close()
    with connection.cursor() as curseur:
        curseur.execute("SET lock_timeout = '5s'")


@pytest.mark.usefixtures("table_des_passages_verrouillee")
def test_a_held_lock_answers_503_reessayez(client, alice, lot, saisie):
    client.force_login(alice)
    reponse = client.post("/accueil/passage/nouveau/", saisie())
    assert reponse.status_code == 503
    page = reponse.content.decode()
    assert "Réessayez dans un instant" in page and "rien n'a été enregistré" in page
    assert reponse["Retry-After"] == "5"
    with tenant_context(lot):
        assert not Passage.objects.exists()


def test_the_shared_id_helper():
    assert bornes.identifiant("42") == 42
    for mauvais in ("", None, "abc", "0", "-3", "4.2", "٣", str(2**63)):
        assert bornes.identifiant(mauvais) is None, mauvais


@pytest.mark.parametrize(
    "adresse",
    [
        "/accompagnements/99999999999999999999999/",
        "/usagers/99999999999999999999999/",
        "/accueil/passage/9223372036854775808/",
    ],
)
def test_an_id_beyond_the_database_range_in_a_path_is_a_404(client, bob, adresse):
    client.force_login(bob)
    assert client.get(adresse).status_code == 404
