"""The desk's keyboard cost (issue 14): an anonymous passage with two motifs and « information donnée » in at most 30
keys, with an orientation to a partner in at most 45 (free text excluded), counted key by key from the desk page,
without the mouse."""

import re

from playwright.sync_api import expect

from accueil.models import Orientation, Passage
from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context

from .test_parcours_fondation import se_connecter


class Clavier:
    """Presses keys on the page and counts them; typed free text is counted apart."""

    def __init__(self, page):
        self.page = page
        self.touches = 0
        self.texte_libre = 0

    def appuyer(self, *touches):
        for touche in touches:
            self.page.keyboard.press(touche)
            self.touches += 1

    def taper(self, texte):
        """Keys that choose something (a filter, a list's type-ahead): they count."""
        self.page.keyboard.type(texte)
        self.touches += len(texte)

    def saisir(self, texte):
        """Free text (a message to the partner): excluded from the count, as the issue asks."""
        self.page.keyboard.type(texte)
        self.texte_libre += len(texte)


def _focus(page):
    return page.evaluate("() => document.activeElement && (document.activeElement.id || document.activeElement.name)")


def test_an_anonymous_passage_costs_at_most_30_keys(page, demo, axe):
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/")
    expect(page.get_by_text("Raccourci : Alt+N")).to_be_visible()
    clavier = Clavier(page)
    clavier.appuyer("Alt+n")  # the visible shortcut of « Nouveau passage »
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau passage")
    expect(page.get_by_label("Filtrer les motifs")).to_be_focused()
    # the reason without consent and the orientation block are not shown before they apply
    expect(page.get_by_label("Pourquoi le consentement n'a pas pu être recueilli")).to_be_hidden()
    expect(page.get_by_label("Structure partenaire")).to_be_hidden()
    axe.verifier(page, "passage-clavier")
    clavier.taper("log")
    expect(page.get_by_label("Logement, hébergement", exact=True)).to_be_visible()
    expect(page.get_by_label("Santé", exact=True)).to_be_hidden()  # filtered out
    clavier.appuyer("Enter")
    expect(page.get_by_label("Logement, hébergement", exact=True)).to_be_checked()
    expect(page.get_by_label("Santé", exact=True)).to_be_visible()  # the filter is cleared for the next motif
    clavier.taper("bud")
    clavier.appuyer("Enter")
    expect(page.get_by_label("Budget, surendettement", exact=True)).to_be_checked()
    clavier.appuyer("Tab")
    expect(page.get_by_label("Information donnée", exact=True)).to_be_focused()
    clavier.appuyer("Space", "Control+Enter")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    assert clavier.touches <= 30, clavier.touches
    print(f"\npassage anonyme, deux motifs, information donnée : {clavier.touches} touches")
    with tenant_context(Collectivite.objects.get(slug="lot")):
        passage = Passage.objects.order_by("-cree_le").first()
        assert sorted(passage.motifs.values_list("libelle", flat=True)) == [
            "Budget, surendettement",
            "Logement, hébergement",
        ]
    # the next passage is one chord away from the saved one
    clavier.appuyer("Alt+n")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau passage")


def test_a_passage_with_an_orientation_costs_at_most_45_keys(page, demo):
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/")
    clavier = Clavier(page)
    clavier.appuyer("Alt+n")
    expect(page.get_by_label("Filtrer les motifs")).to_be_focused()
    clavier.taper("log")
    clavier.appuyer("Enter")
    clavier.taper("bud")
    clavier.appuyer("Enter")
    clavier.appuyer("Tab", "Space")  # information donnée
    expect(page.get_by_label("Information donnée (détail)")).to_be_visible()  # shown once it applies
    clavier.appuyer("Tab")
    clavier.saisir("Coordonnées de l'ADIL.")
    clavier.appuyer("Tab", "Space")  # orientation
    expect(page.get_by_label("Structure partenaire")).to_be_visible()
    clavier.appuyer("Tab")
    assert _focus(page) == "id_orientation-structure_destinataire"
    clavier.taper("CCAS de F")  # the list's type-ahead
    expect(page.get_by_label("Structure partenaire")).to_have_value(re.compile(r"\d+"))  # a structure is chosen
    assert page.get_by_label("Structure partenaire").evaluate("s => s.selectedOptions[0].text") == "CCAS de Figeac"
    clavier.appuyer("Tab", "Space")  # the first answer, « consentement recueilli »
    expect(page.get_by_label("Consentement recueilli")).to_be_checked()
    expect(page.get_by_label("Pourquoi le consentement n'a pas pu être recueilli")).to_be_hidden()
    clavier.appuyer("Tab")
    clavier.saisir("Demande d'aide pour une facture d'énergie.")
    clavier.appuyer("Control+Enter")
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    expect(page.locator("[data-statut]")).to_have_text("envoyée")
    assert clavier.touches <= 45, clavier.touches
    print(f"\navec une orientation : {clavier.touches} touches (+ {clavier.texte_libre} de texte libre)")
    with tenant_context(Collectivite.objects.get(slug="lot")):
        orientation = Orientation.objects.order_by("-emise_le").first()
        assert orientation.structure_destinataire.nom == "CCAS de Figeac"
        assert orientation.motif.libelle == "Logement, hébergement"  # the passage's first motif, by default


def test_the_reason_without_consent_appears_only_when_it_applies(page, demo):
    se_connecter(page, "accueil@lot.demo.fr")
    page.goto("/accueil/passage/nouveau/")
    page.get_by_label("Orientation vers un partenaire").check()
    raison = page.get_by_label("Pourquoi le consentement n'a pas pu être recueilli")
    expect(raison).to_be_hidden()
    page.get_by_label("Consentement impossible à recueillir").check()
    expect(raison).to_be_visible()
    page.get_by_label("Consentement recueilli").check()
    expect(raison).to_be_hidden()
