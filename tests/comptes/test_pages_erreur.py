"""French, accessible error pages, and the accessibility of forms (errors and help linked to their fields)."""

import re

import pytest
from django.template.loader import get_template
from django.urls import path


def _vue_en_panne(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", _vue_en_panne)]


def test_an_unknown_url_gets_a_french_404_that_reveals_nothing(client, db, settings):
    assert settings.DEBUG is False
    reponse = client.get("/cette-page-n-existe-pas/")
    page = reponse.content.decode()
    assert reponse.status_code == 404
    assert '<html lang="fr"' in page
    assert "Cette page n'existe pas ou ne vous est pas accessible." in page
    assert 'href="/"' in page and "<main" in page


def test_a_404_keeps_the_navigation_for_a_logged_in_user(client, alice):
    client.force_login(alice)
    reponse = client.get("/cette-page-n-existe-pas/")
    page = reponse.content.decode()
    assert reponse.status_code == 404
    assert "Se déconnecter" in page and 'href="/accueil/' in page


def test_a_role_without_access_gets_a_french_403_with_the_navigation(client, alice):
    client.force_login(alice)
    reponse = client.get("/territoire/sectorisation/importer/")
    page = reponse.content.decode()
    assert reponse.status_code == 403
    assert '<html lang="fr"' in page
    assert "Votre rôle ne donne pas accès à cette page." in page
    assert 'aria-label="Navigation principale"' in page and "Se déconnecter" in page
    assert ">Guichet</a>" in page  # alice's own entries stay reachable
    assert 'href="/"' in page


def test_the_403_without_a_message_says_something_generic(rf, alice):
    page = get_template("403.html").render({"exception": ""}, rf.get("/"))
    assert "Vous n'avez pas l'autorisation d'accéder à cette page." in page


def test_the_500_page_is_standalone_french_html():
    page = get_template("500.html").render({})  # no db fixture: any query would fail
    assert '<html lang="fr">' in page and "<main" in page and "<h1>" in page
    assert "Erreur du serveur" in page and 'href="/"' in page
    assert "{%" not in page and "{{" not in page


@pytest.mark.urls("tests.comptes.test_pages_erreur")
def test_an_unexpected_exception_gets_the_french_500(client, db):
    client.raise_request_exception = False
    reponse = client.get("/panne/")
    assert reponse.status_code == 500
    page = reponse.content.decode()
    assert '<html lang="fr">' in page and "panne simulée" not in page


def test_the_400_page_is_french(rf, db):
    page = get_template("400.html").render({}, rf.get("/"))
    assert '<html lang="fr"' in page and "Requête invalide" in page


def test_a_wrong_password_points_to_a_rendered_error(client, alice):
    page = client.post("/comptes/connexion/", {"username": "alice@lot.test", "password": "mauvais"}).content.decode()
    assert 'aria-describedby="erreur-connexion"' in page
    erreur = re.search(r'<div id="erreur-connexion"[^>]*>(.*?)</div>', page, re.S)
    assert erreur and "Adresse e-mail ou mot de passe incorrect." in erreur.group(1)
    assert page.count('aria-invalid="true"') == 2


def test_an_empty_login_also_points_to_a_rendered_error(client, db):
    page = client.post("/comptes/connexion/", {"username": "", "password": ""}).content.decode()
    assert 'aria-describedby="erreur-connexion"' in page and 'id="erreur-connexion"' in page
    assert "Renseignez votre adresse e-mail et votre mot de passe." in page


def _ids(page):
    return set(re.findall(r'\sid="([^"]+)"', page))


def test_form_help_and_errors_are_linked_to_the_field(client, david):
    client.force_login(david)
    page = client.get("/territoire/sectorisation/importer/").content.decode()
    champ = re.search(r'<input type="file"[^>]*>', page).group(0)
    assert 'aria-describedby="id_fichier_helptext"' in champ and "aria-invalid" not in champ
    assert "id_fichier_helptext" in _ids(page)

    page = client.post("/territoire/sectorisation/importer/", {"fichier": ""}).content.decode()
    champ = re.search(r'<input type="file"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in champ
    decrit_par = re.search(r'aria-describedby="([^"]+)"', champ).group(1).split()
    assert decrit_par == ["id_fichier_helptext", "id_fichier_error"]
    assert set(decrit_par) <= _ids(page)  # every reference points to a rendered element
    erreur = re.search(r'<small id="id_fichier_error"[^>]*>(.*?)</small>', page, re.S)
    assert erreur and "obligatoire" in erreur.group(1)


def test_every_aria_describedby_of_the_tis_forms_points_to_a_rendered_element(client, david):
    client.force_login(david)
    page = client.post("/territoire/tis/nouveau/", {"nom": ""}).content.decode()
    assert 'aria-invalid="true"' in page
    references = {i for valeur in re.findall(r'aria-describedby="([^"]+)"', page) for i in valeur.split()}
    assert references and references <= _ids(page)


def test_the_password_form_links_its_help_text(client, db):
    page = client.get("/comptes/mot-de-passe/oublie/").content.decode()
    references = {i for valeur in re.findall(r'aria-describedby="([^"]+)"', page) for i in valeur.split()}
    assert references <= _ids(page)
    page = client.post("/comptes/mot-de-passe/oublie/", {"email": "pas-une-adresse"}).content.decode()
    champ = re.search(r'<input type="email"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in champ and 'aria-describedby="id_email_error"' in champ
    assert 'id="id_email_error"' in page


def test_an_invalid_reset_link_shows_only_the_message(client, db):
    reponse = client.get("/comptes/mot-de-passe/nouveau/MQ/abc-def/", follow=True)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Ce lien n'est plus valable" in page
    assert 'href="/comptes/mot-de-passe/oublie/"' in page
    assert '<form method="post" novalidate' not in page and "Enregistrer le mot de passe" not in page
    assert 'type="password"' not in page
