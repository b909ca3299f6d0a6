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
    page.keyboard.press("Control+Enter")  # the form's shortcut, from any field
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
    expect(onglet.get_by_role("heading", level=1)).to_contain_text("Orientation du Département du Lot")
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
    cocher(page, "Information donnée")
    page.get_by_label("Information donnée (détail)").focus()
    page.keyboard.type("Aide à la création d'un compte Ameli.")
    page.reload()
    expect(page.get_by_label("Numérique", exact=True)).to_be_checked()
    expect(page.get_by_label("Information donnée", exact=True)).to_be_checked()
    # free text is never kept in the browser (issue 12 point 6): it is typed again
    expect(page.get_by_label("Information donnée (détail)")).to_have_value("")
    page.get_by_role("button", name="Enregistrer le passage").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    page.goto("/accueil/passage/nouveau/")
    expect(page.get_by_label("Numérique", exact=True)).not_to_be_checked()  # the saved draft is gone


def _stockage(page):
    return page.evaluate("() => JSON.stringify(Object.assign({}, window.localStorage))")


def test_an_abandoned_draft_keeps_no_identifying_data_and_ends_at_logout(page, demo):
    """Issue 12 point 6: on a shared desk computer, an abandoned passage leaves neither the person's name nor what
    was typed about them in the browser; the draft of the rest expires with the day and goes at logout."""
    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        f.UsagerFactory(prenom="Philomène", nom="Castagnède", telephone="07 91 82 73 64")
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/passage/nouveau/")
    page.get_by_label(re.compile("Identifier la personne")).fill("Castagnede")
    choix = page.get_by_role("button", name=re.compile("Philomène CASTAGNÈDE"))
    choix.click()
    expect(page.locator("#usager-choisi")).to_contain_text("Philomène CASTAGNÈDE")
    cocher(page, "Numérique")
    cocher(page, "Orientation vers un partenaire")
    page.get_by_label("Message au partenaire").fill("Mme Castagnède craint une coupure d'électricité.")
    page.get_by_label("Comment joindre la personne").fill("07 91 82 73 64")
    cocher(page, "Information donnée")  # its detail shows once it applies (docs/accueil.md §1)
    page.get_by_label("Information donnée (détail)").fill("Dossier de surendettement en cours.")
    stockage = _stockage(page)
    assert "relais-passage-" in stockage and "motifs" in stockage  # a draft exists, with the choices made
    for identifiant in ("Philom", "Castagn", "CASTAGN", "07 91 82 73 64", "coupure", "surendettement"):
        assert identifiant not in stockage, identifiant
    # the desk walks away: the page is left, the passage never saved
    page.goto("/accueil/")
    stockage = _stockage(page)
    assert "relais-passage-" in stockage and "Castagn" not in stockage and "Philom" not in stockage
    # back on the form: the choices come back, the person does not
    page.goto("/accueil/passage/nouveau/")
    expect(page.get_by_label("Numérique", exact=True)).to_be_checked()
    expect(page.locator("#usager-choisi")).to_contain_text("anonyme")
    expect(page.get_by_label("Message au partenaire")).to_have_value("")
    # yesterday's draft is not restored
    page.evaluate(
        "() => { for (const k of Object.keys(localStorage)) { const d = JSON.parse(localStorage.getItem(k));"
        " d._jour = '2000-1-1'; localStorage.setItem(k, JSON.stringify(d)); } }"
    )
    page.reload()
    expect(page.get_by_label("Numérique", exact=True)).not_to_be_checked()
    cocher(page, "Numérique")
    assert "relais-passage-" in _stockage(page)
    # logging out wipes it
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
    assert _stockage(page) == "{}"
