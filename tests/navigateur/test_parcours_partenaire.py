"""The orientation loop as the partner lives it (issue 14): the desk orients a person to the CCAS with the keyboard;
the CCAS's partner lands on the orientations waiting for its answer, opens the fiche, sees who sent it and whom it
concerns, and accepts in one action; the reason of a refusal is asked only when refusing."""

import re

from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from tests import factories as f

from .test_parcours_fondation import se_connecter


def test_the_partner_leads_with_what_waits_for_its_answer(page, demo, axe):
    with tenant_context(Collectivite.objects.get(slug="lot")):
        f.UsagerFactory(prenom="Honorine", nom="Carbonnel", date_naissance="1971-05-02")
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/passage/nouveau/")
    page.get_by_label(re.compile("Identifier la personne")).fill("Carbonnel")
    page.get_by_role("button", name=re.compile("Honorine CARBONNEL")).click()
    expect(page.locator("#usager-choisi")).to_contain_text("Honorine CARBONNEL")
    page.get_by_label("Filtrer les motifs").focus()
    page.keyboard.type("num")
    page.keyboard.press("Enter")
    page.get_by_label("Orientation vers un partenaire").check()
    page.get_by_label("Structure partenaire").select_option(label="CCAS de Cahors")
    page.get_by_label("Consentement recueilli").check()
    page.get_by_label("Comment joindre la personne").fill("06 48 21 37 90")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    fiche = page.get_by_role("link", name="Vers CCAS de Cahors").get_attribute("href")
    page.get_by_role("button", name="Se déconnecter").click()

    se_connecter(page, "partenaire@lot.demo.fr")
    attente = page.get_by_role("heading", name=re.compile(r"Orientations en attente de votre réponse \(\d+\)"))
    expect(attente).to_be_visible()
    expect(page.locator(".a-repondre a").first).to_be_visible()  # each linked by its motif
    axe.verifier(page, "partenaire-accueil")

    page.goto(fiche)
    envoi = page.locator("dt", has_text="Envoyée par").locator("xpath=following-sibling::dd[1]")
    expect(envoi).to_contain_text("Alice Martin")
    expect(envoi).to_contain_text("Département du Lot")
    personne = page.locator("dt", has_text="Personne orientée").locator("xpath=following-sibling::dd[1]")
    expect(personne).to_contain_text("Honorine CARBONNEL")
    expect(page.get_by_text("06 48 21 37 90")).to_be_visible()
    expect(page.get_by_label("Motif du refus")).to_be_hidden()  # only once « Refuser l'orientation » is opened
    axe.verifier(page, "partenaire-fiche")
    page.get_by_text("Refuser l'orientation").click()
    expect(page.get_by_label("Motif du refus")).to_be_visible()
    page.get_by_role("button", name="Accepter").click()
    expect(page.get_by_text("Réponse enregistrée.")).to_be_visible()
    expect(page.locator("[data-statut]")).to_have_text("Acceptée")


def test_the_desk_orients_to_a_service_of_the_network_with_its_conditions_and_hours(page, demo, axe):
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/passage/nouveau/")
    page.get_by_label("Filtrer les motifs").focus()
    page.keyboard.type("log")
    page.keyboard.press("Enter")
    page.get_by_label("Orientation vers un partenaire").check()
    page.get_by_text("Choisir un service du réseau").click()
    page.get_by_label("Commune de la personne").fill("Cahors (46042)")
    page.get_by_role("button", name="Chercher les services").click()
    expect(page.locator("#services-trouves")).to_contain_text("ouverts aux habitants de Cahors")
    choix = page.locator("#services-trouves li", has_text="CCAS de Cahors").first
    expect(choix).to_contain_text("Horaires")
    expect(choix).to_contain_text("Pour qui")
    axe.verifier(page, "guichet-choix-service")
    choix.get_by_role("radio").check()
    # choosing the service chose its structure
    assert page.get_by_label("Structure partenaire").evaluate("s => s.selectedOptions[0].text") == "CCAS de Cahors"
    page.get_by_label("Consentement recueilli").check()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    page.get_by_role("link", name="Vers CCAS de Cahors").click()
    service = page.locator("dt", has_text="Service du réseau").locator("xpath=following-sibling::dd[1]")
    expect(service).to_contain_text("Horaires")
    expect(page.locator("dt", has_text="Vers").locator("xpath=following-sibling::dd[1]")).to_contain_text(" — ")
