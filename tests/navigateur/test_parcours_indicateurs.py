"""The network lead opens the dashboard, launches a computation of the charter indicators and watches its progress,
downloads the funders' PDF report and opens the network map; an inhabitant finds the nearest reception point to a
commune on the public map, with no login and no reachable tile server (the list carries everything)."""

import re

from playwright.sync_api import expect

from .test_parcours_fondation import se_connecter


def test_the_network_lead_computes_the_indicators_and_downloads_the_report(page, demo, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RELAIS_TUILES_URL = "/tuiles-injoignables/{z}/{x}/{y}.png"
    se_connecter(page, "chef-de-projet@lot.demo.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord du réseau")
    # first the five indicators: value, target, last year and the change
    expect(page.get_by_role("heading", name=re.compile("Les cinq indicateurs de la charte"))).to_be_visible()
    cartes = page.locator("ul.indicateurs-charte > li")
    expect(cartes).to_have_count(5)
    expect(cartes.nth(1)).to_contain_text("Population à moins de 30 minutes")
    expect(cartes.nth(1)).to_contain_text(re.compile(r"\d+(,\d)? %"))
    expect(cartes.nth(1)).to_contain_text("Cible : 100 %")
    expect(page.locator("svg.graphique").first).to_be_visible()
    # then sections the reader opens; closed, their charts are out of sight
    activite = page.locator("details#section-activite")
    graphique = activite.locator("svg.graphique").first
    expect(graphique).to_be_hidden()
    activite.locator("summary").first.click()
    expect(graphique).to_be_visible()
    largeur_page = page.evaluate("document.querySelector('.tableau-de-bord').getBoundingClientRect().width")
    assert graphique.bounding_box()["width"] >= 0.9 * largeur_page  # full width
    activite.get_by_text("Tableau des chiffres").first.click()
    expect(activite.get_by_role("table").first).to_be_visible()
    expect(activite.get_by_role("link", name="CSV").first).to_have_attribute("href", re.compile("passages_mois.csv"))
    axe.verifier(page, "indicateurs-tableau-de-bord")

    page.locator("details#section-pilotage > summary").click()
    page.get_by_role("button", name="Calculer les indicateurs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calcul des indicateurs")
    barre = page.get_by_role("progressbar")
    expect(barre).to_have_attribute("value", "5")
    expect(page.get_by_text("Calcul terminé")).to_be_visible()
    expect(page.locator("#progression table tbody tr")).to_have_count(5)
    axe.verifier(page, "indicateurs-calcul")

    page.get_by_role("link", name="Retour au tableau de bord").click()
    page.locator("details#section-pilotage > summary").click()
    page.get_by_role("button", name="Demander le rapport PDF").click()
    expect(page.get_by_text("Rapport demandé")).to_be_visible()
    lien = page.get_by_role("link", name=re.compile("Télécharger le rapport"))
    expect(lien).to_be_visible()
    axe.verifier(page, "indicateurs-rapports")
    with page.expect_download() as telechargement:
        lien.click()
    assert telechargement.value.suggested_filename.endswith(".pdf")
    with open(telechargement.value.path(), "rb") as fichier:
        assert fichier.read(4) == b"%PDF"

    # the network map: sites and communes drawn from the GeoJSON, the same information as lists
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Carte").click()
    expect(page.locator(".leaflet-interactive").first).to_be_attached()
    expect(page.get_by_text("Le fond de carte est indisponible")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Couverture à moins de 30 minutes"))).to_be_visible()
    axe.verifier(page, "carte-reseau")


def test_an_inhabitant_finds_the_nearest_reception_point_on_a_phone(chromium, live_server, demo, axe, settings):
    settings.RELAIS_TUILES_URL = live_server.url + "/tuiles-injoignables/{z}/{x}/{y}.png"
    contexte = chromium.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = contexte.new_page()
    try:
        page.goto("/c/lot/carte/")
        page.get_by_label("Votre commune ou votre code postal").fill("Gramat")
        page.get_by_role("button", name="Chercher").click()
        expect(page.get_by_role("heading", name="Les accueils les plus proches de Gramat")).to_be_visible()
        proches = page.locator("ol.lieux-proches > li")
        expect(proches.first).to_contain_text("MSD de Gramat")
        expect(proches.first).to_contain_text("Dans votre commune")
        expect(proches.first).to_contain_text("Horaires : lun.")
        expect(proches.nth(1)).to_contain_text(re.compile(r"Environ \d+ min en voiture"))
        expect(page.locator("ol.lieux-proches > li")).to_have_count(5)
        # the tiles cannot be reached: the page says so and the list stays
        expect(page.get_by_text("Le fond de carte est indisponible")).to_be_visible()
        axe.verifier(page, "carte-publique")
    finally:
        contexte.close()
