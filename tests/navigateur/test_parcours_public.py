"""The public pages on a phone (docs/publications.md §3): every page reflows at 320 and 390 px (WCAG 1.4.10: no
sideways scrolling), passes axe-core, and the finder answers a commune, a postcode and « Autour de moi »."""

import pytest
from playwright.sync_api import expect

PAGES = [
    ("public", "/c/lot/"),
    ("public-gramat", "/c/lot/?q=Gramat"),
    ("public-46100", "/c/lot/?q=46100"),
    ("public-75001", "/c/lot/?q=75001"),
    ("carte-figeac", "/c/lot/carte/?q=Figeac"),
    ("charte", "/c/lot/charte/"),
    ("ingenierie", "/c/lot/ingenierie/"),
]


def _telephone(chromium, live_server, largeur, **options):
    contexte = chromium.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        base_url=live_server.url,
        viewport={"width": largeur, "height": 740},
        is_mobile=True,
        has_touch=True,
        **options,
    )
    contexte.set_default_timeout(15_000)
    return contexte


@pytest.mark.parametrize("largeur", [320, 390])
def test_every_public_page_reflows_on_a_phone_and_passes_axe(chromium, live_server, demo, axe, largeur):
    contexte = _telephone(chromium, live_server, largeur)
    page = contexte.new_page()
    try:
        for nom, url in PAGES:
            page.goto(url)
            largeur_page = page.evaluate("document.documentElement.scrollWidth")
            assert largeur_page <= largeur, f"{url} : {largeur_page} px de large pour un écran de {largeur} px"
            axe.verifier(page, f"{nom}-{largeur}")
    finally:
        contexte.close()


def test_the_inhabitant_searches_from_the_public_page_and_gets_phone_and_directions(chromium, live_server, demo):
    contexte = _telephone(chromium, live_server, 390)
    page = contexte.new_page()
    try:
        page.goto("/c/lot/")
        page.get_by_label("Votre commune ou votre code postal").fill("46100")
        page.get_by_role("button", name="Chercher").click()
        choix = page.locator(".choix-communes li")
        expect(choix.first).to_contain_text("Figeac")
        choix.first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=3).first).to_have_text("Les accueils les plus proches de Figeac")
        fiche = page.locator(".fiche-lieu").first
        expect(fiche.get_by_role("link", name="Itinéraire")).to_have_attribute(
            "href", __import__("re").compile("^geo:")
        )
        page.get_by_label("Votre commune ou votre code postal").fill("St Cere")
        page.get_by_role("button", name="Chercher").click()
        expect(page.get_by_role("heading", level=3).first).to_have_text("Les accueils les plus proches de Saint-Céré")
    finally:
        contexte.close()


def test_autour_de_moi_asks_the_browser_and_lists_the_nearest_points(chromium, live_server, demo, axe):
    contexte = _telephone(
        chromium, live_server, 390, permissions=["geolocation"], geolocation={"latitude": 44.78, "longitude": 1.72}
    )
    page = contexte.new_page()
    try:
        page.goto("/c/lot/")
        page.get_by_role("button", name="Autour de moi").click()
        expect(page.get_by_role("heading", level=3).first).to_have_text(
            "Les accueils les plus proches de votre position"
        )
        assert "lat=44.780" in page.url and "lon=1.720" in page.url
        expect(page.locator(".fiche-lieu").first).to_contain_text("Gramat")
        axe.verifier(page, "autour-de-moi-390")
    finally:
        contexte.close()
