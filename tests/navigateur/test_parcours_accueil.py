"""The reception desk in Chromium, keyboard only: an anonymous passage with two motifs and an orientation; an
identified passage after finding the person by a misspelt name; the partner accepts through the e-mailed link; the
sender sees « acceptée »."""

import re

from django.core import mail
from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from tests import factories as f

from .test_parcours_fondation import se_connecter


def cocher(page, libelle):
    page.get_by_label(libelle, exact=True).focus()
    page.keyboard.press("Space")


def test_the_desk_logs_passages_and_closes_the_loop(page, demo, axe):
    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        f.UsagerFactory(prenom="Gaëlle", nom="Vayssière", date_naissance="1980-03-14")
    mail.outbox.clear()
    se_connecter(page, "accueil@lot.demo.fr")
    page.get_by_role("button", name="Nouveau passage").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau passage")
    expect(page.locator("#usager-choisi")).to_contain_text("Passage anonyme")
    axe.verifier(page, "passage-nouveau")

    # anonymous, two motifs, an orientation to the CCAS de Figeac
    cocher(page, "Logement, hébergement")
    cocher(page, "Budget, surendettement")
    cocher(page, "Orientation vers un partenaire")
    expect(page.locator("#bloc-orientation")).to_be_visible()
    page.get_by_label("Structure partenaire").focus()
    page.get_by_label("Structure partenaire").select_option(label="CCAS de Figeac")  # a keyboard choice in a <select>
    page.get_by_label("Message au partenaire").focus()
    page.keyboard.type("Demande d'aide pour une facture d'énergie.")
    cocher(page, "Consentement recueilli")
    page.get_by_label("Durée (minutes)").focus()
    page.keyboard.type("15")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Enregistrer le passage")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Passage du")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    expect(page.locator("dd").filter(has_text="Anonyme")).to_be_visible()
    expect(page.locator("[data-statut]")).to_have_text("envoyée")
    axe.verifier(page, "passage-enregistre")
    passage_anonyme = page.url

    # identified: find Gaëlle Vayssière from a misspelt name
    page.goto("/accueil/passage/nouveau/")
    page.get_by_label(re.compile("Identifier la personne")).focus()
    page.keyboard.type("Vaissiere Gaele")
    choix = page.get_by_role("button", name=re.compile("Gaëlle VAYSSIÈRE"))
    expect(choix).to_be_visible()
    choix.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#usager-choisi")).to_contain_text("Gaëlle VAYSSIÈRE")
    expect(page.locator("#bandeau")).to_contain_text("Passages précédents (0)")
    cocher(page, "Accès aux droits")
    cocher(page, "Information donnée")
    page.get_by_role("button", name="Enregistrer le passage").focus()
    page.keyboard.press("Enter")
    expect(page.locator("dd").filter(has_text="Gaëlle VAYSSIÈRE")).to_be_visible()

    # the partner answers through the link of the e-mail, without an account
    (message,) = [m for m in mail.outbox if "nouvelle orientation" in m.subject]
    lien = re.search(r"https?://\S+(/c/lot/orientation/\S+/)", message.body).group(1)
    partenaire = page.context.browser.new_context(locale="fr-FR", base_url=page.url.split("/accueil")[0])
    onglet = partenaire.new_page()
    onglet.goto(lien)
    expect(onglet.get_by_role("heading", level=1)).to_contain_text("Orientation de Département du Lot")
    expect(onglet.get_by_text("Demande d'aide pour une facture d'énergie.")).to_be_visible()
    axe.verifier(onglet, "orientation-lien")
    onglet.get_by_role("button", name="Accuser réception").click()  # opening the link acknowledged nothing
    expect(onglet.get_by_text("Réception confirmée, merci.")).to_be_visible()
    expect(onglet.get_by_role("button", name="Accuser réception")).to_have_count(0)
    onglet.get_by_role("button", name="Accepter").focus()
    onglet.keyboard.press("Enter")
    expect(onglet.get_by_text("Votre réponse est enregistrée : acceptée.")).to_be_visible()
    expect(onglet.get_by_role("button", name="Marquer comme réalisée")).to_be_visible()
    partenaire.close()

    # the sender sees the outcome on the passage
    page.goto(passage_anonyme)
    expect(page.locator("[data-statut]")).to_have_text("acceptée")


def test_a_draft_survives_a_reload(page, demo):
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/passage/nouveau/")
    cocher(page, "Numérique")
    page.get_by_label("Information donnée (détail)").focus()
    page.keyboard.type("Aide à la création d'un compte Ameli.")
    page.reload()
    expect(page.get_by_label("Numérique", exact=True)).to_be_checked()
    expect(page.get_by_label("Information donnée (détail)")).to_have_value("Aide à la création d'un compte Ameli.")
    page.get_by_role("button", name="Enregistrer le passage").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    page.goto("/accueil/passage/nouveau/")
    expect(page.get_by_label("Numérique", exact=True)).not_to_be_checked()  # the saved draft is gone
