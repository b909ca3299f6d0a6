"""docs/securite.md §16 — the second-factor sweep.

Every URL pattern and API route is requested, GET and POST, by a logged-in session that has passed the password but
not the second factor, with the ids of a real person of its own collectivité. Anything but a redirection to the
challenge page (GET) or a 403 (other methods, the API), or a trace of the person in the body, fails. Only
``comptes.second_facteur.ROUTES_AVANT_SECOND_FACTEUR`` answer. A new route is swept without editing this file.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from comptes import second_facteur
from comptes.roles import Role
from tests.conftest import connexion_sans_second_facteur

from . import factories as f
from .test_isolation import _corps, _routes

NOM = "Vaissière-Témoin"


def _parametres(parametres, lot, usager):
    valeurs = {}
    for p in parametres:
        if p in ("format", "format_"):
            valeurs[p] = "json"
        elif p in ("collectivite_slug", "slug"):
            valeurs[p] = lot.slug
        elif p == "code":
            valeurs[p] = "46042"
        else:
            valeurs[p] = str(usager.pk)
    return valeurs


def routes():
    vues = {}
    for route, nom, parametres in _routes():
        if route.startswith("admin-technique/") or nom in second_facteur.ROUTES_AVANT_SECOND_FACTEUR:
            continue
        vues[(nom or route, tuple(parametres))] = route
    return sorted(vues)


def test_the_sweep_covers_pages_exports_and_the_api():
    noms = {nom for nom, _ in routes()}
    for attendu in (
        "usagers:fiche",
        "usagers:recherche",
        "portail:export_dossier",
        "accompagnement-list",
        "passage-list",
        "portail:accueil",
        "comptes:sessions",
    ):
        assert attendu in noms


@pytest.fixture
def usager_du_lot(dans_le_lot):
    return f.UsagerFactory(prenom="Yvette", nom=NOM)


@pytest.mark.parametrize("nom,parametres", routes(), ids=lambda v: str(v))
def test_nothing_answers_before_the_second_factor(client, alice, fanny, eric, usager_du_lot, lot, nom, parametres):
    try:
        url = reverse(nom, kwargs=_parametres(parametres, lot, usager_du_lot))
    except NoReverseMatch:
        pytest.fail(f"route impossible à construire : {nom} {parametres}")
    for user in (alice, eric, fanny):
        connexion_sans_second_facteur(client, user)
        for methode in ("get", "post"):
            reponse = getattr(client, methode)(url)
            contexte = f"{methode.upper()} {url} en tant que {user.email} → {reponse.status_code}"
            assert NOM.upper() not in _corps(reponse).upper(), contexte
            if methode == "get" and not url.startswith("/api/"):
                assert reponse.status_code == 302, contexte
                assert reponse["Location"].startswith("/comptes/second-facteur/?next="), contexte
            else:
                assert reponse.status_code == 403, contexte


def test_the_same_session_reads_the_person_once_the_factor_is_passed(client, alice, usager_du_lot):
    """The control of the sweep: the person page it requested does answer to a full login."""
    client.force_login(alice)
    reponse = client.get(reverse("usagers:fiche", kwargs={"pk": usager_du_lot.pk}))
    assert reponse.status_code == 200 and NOM.upper() in reponse.content.decode().upper()


def test_the_technical_admin_asks_for_the_second_factor(client, lot):
    staff = f.UtilisateurFactory(collectivite=lot, is_staff=True, is_superuser=True)
    connexion_sans_second_facteur(client, staff)
    for url in ("/admin-technique/", "/admin-technique/comptes/utilisateur/", "/admin-technique/login/"):
        reponse = client.get(url)
        assert reponse.status_code == 302 and reponse["Location"].startswith("/comptes/second-facteur/"), url
    client.force_login(staff)
    assert client.get("/admin-technique/").status_code == 200


def test_only_roles_that_never_see_a_person_may_be_exempted(client, lot, david, emma, alice):
    for user in (david, emma, alice):
        connexion_sans_second_facteur(client, user)
        assert client.get("/").status_code == 302, user.email
    lot.second_facteur_facultatif_sans_personne = True
    lot.save()
    connexion_sans_second_facteur(client, david)
    assert client.get("/").status_code == 200
    for user in (emma, alice):
        connexion_sans_second_facteur(client, user)
        assert client.get("/").status_code == 302, user.email
    assert Role.CHEF_DE_PROJET in second_facteur.ROLES_SANS_PERSONNE and len(second_facteur.ROLES_SANS_PERSONNE) == 1


def test_every_request_of_the_technical_admin_is_logged_where_it_cannot_edit(client, lot, alice):
    from django.contrib import admin

    from comptes.models import JournalSecurite

    staff = f.UtilisateurFactory(collectivite=lot, is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(f"/admin-technique/comptes/utilisateur/{alice.pk}/change/").status_code == 200
    client.post(f"/admin-technique/comptes/utilisateur/{alice.pk}/change/", {})
    entrees = list(JournalSecurite.objects.filter(auteur=staff).values_list("detail", flat=True))
    assert f"GET /admin-technique/comptes/utilisateur/{alice.pk}/change/" in entrees
    assert f"POST /admin-technique/comptes/utilisateur/{alice.pk}/change/" in entrees
    assert JournalSecurite not in admin.site._registry
    assert client.get("/admin-technique/comptes/journalsecurite/").status_code == 404
    assert client.get("/admin-technique/login/")["Location"].startswith("/comptes/connexion/")
