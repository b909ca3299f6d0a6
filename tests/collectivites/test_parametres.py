import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from collectivites.models import Collectivite


def png(taille=(40, 20)):
    tampon = io.BytesIO()
    Image.new("RGB", taille, "#1d5b79").save(tampon, "PNG")
    return tampon.getvalue()


@pytest.fixture
def valeurs():
    return {
        "couleur_principale": "#1d5b79",
        "couleur_secondaire": "#e9b44c",
        "seuil_secret_statistique": 5,
        "delai_expiration_orientation": 30,
        "mois_sans_contact_alerte": 3,
    }


def test_the_administrator_sets_colours_and_a_logo(client, fanny, lot, valeurs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(fanny)
    reponse = client.post(
        "/parametres/",
        {**valeurs, "couleur_principale": "#2d6a4f", "logo": SimpleUploadedFile("mon logo.png", png(), "image/png")},
    )
    assert reponse.status_code == 302
    lot.refresh_from_db()
    assert lot.couleur_principale == "#2d6a4f"
    assert lot.logo.name.startswith(f"collectivites/{lot.pk}/logo-") and lot.logo.name.endswith(".png")
    assert "mon logo" not in lot.logo.name  # server-generated name
    image = client.get("/c/lot/logo")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == png()
    assert 'src="/c/lot/logo?v=' in client.get("/").content.decode()  # a new logo, a new URL: no stale cache


def test_a_colour_without_contrast_is_refused(client, fanny, lot, valeurs):
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "couleur_principale": "#ffff00"})
    page = reponse.content.decode()
    assert "ne contraste pas assez avec le blanc" in page and "Rien n&#x27;a été enregistré" not in page
    assert "Rien n'a été enregistré" in page
    assert Collectivite.objects.get(pk=lot.pk).couleur_principale == "#1d5b79"


@pytest.mark.parametrize(
    "contenu,message",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "Transférez une image valide"),
        (b"<html><script>alert(1)</script></html>", "Transférez une image valide"),
    ],
)
def test_a_logo_that_is_not_an_image_is_refused(client, fanny, lot, valeurs, contenu, message):
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "logo": SimpleUploadedFile("logo.png", contenu, "image/png")})
    assert message in reponse.content.decode()
    assert not Collectivite.objects.get(pk=lot.pk).logo


def test_a_gif_logo_is_refused(client, fanny, lot, valeurs):
    tampon = io.BytesIO()
    Image.new("RGB", (4, 4)).save(tampon, "GIF")
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "logo": SimpleUploadedFile("l.gif", tampon.getvalue())})
    assert "PNG, JPEG ou WebP" in reponse.content.decode()


def test_only_the_administrator_changes_the_settings(client, david, valeurs):
    client.force_login(david)
    assert client.get("/parametres/").status_code == 403
    assert client.post("/parametres/", valeurs).status_code == 403


def test_no_logo_is_a_404(client, lot):
    assert client.get("/c/lot/logo").status_code == 404


def test_a_malformed_colour_is_a_clear_error(client, fanny, valeurs):
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "couleur_principale": "red"})
    assert reponse.status_code == 200 and "au format #RRGGBB" in reponse.content.decode()


def test_the_secrecy_threshold_cannot_be_switched_off(client, fanny, lot, valeurs):
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "seuil_secret_statistique": 0})
    assert "supérieure ou égale à 5" in reponse.content.decode()
    assert Collectivite.objects.get(pk=lot.pk).seuil_secret_statistique == 5


def test_a_replaced_logo_file_is_deleted(
    client, fanny, lot, valeurs, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(fanny)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/parametres/", {**valeurs, "logo": SimpleUploadedFile("a.png", png(), "image/png")})
    premier = Collectivite.objects.get(pk=lot.pk).logo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/parametres/", {**valeurs, "logo": SimpleUploadedFile("b.png", png((10, 10)), "image/png")})
    second = Collectivite.objects.get(pk=lot.pk).logo.name
    assert premier != second
    assert not (tmp_path / premier).exists() and (tmp_path / second).exists()


def test_the_administrator_lists_the_sites_allowed_to_frame_the_public_pages(client, fanny, lot, valeurs):
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "origines_integration": "https://www.lot.fr", "article": "le"})
    assert reponse.status_code == 302
    lot.refresh_from_db()
    assert lot.origines_integration_liste == ["https://www.lot.fr"] and lot.article == "le"


def test_a_page_address_is_not_an_origin_and_nothing_is_written(client, fanny, lot, valeurs):
    client.force_login(fanny)
    reponse = client.post("/parametres/", {**valeurs, "origines_integration": "https://www.lot.fr/carte"})
    page = unescape(reponse.content.decode())
    assert reponse.status_code == 200
    assert "« https://www.lot.fr/carte » n'est pas une origine" in page and "Sites autorisés à intégrer" in page
    lot.refresh_from_db()
    assert lot.origines_integration == ""
