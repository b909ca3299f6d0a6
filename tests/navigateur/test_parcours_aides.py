"""The aids journey (issue 16, docs/aides.md): a social worker of the CCAS enters a family's situation and applies
for a microcredit and a one-off aid; the CCAS's director convenes the commission, which grants the microcredit and
refuses the aid; the letters are produced; two instalments are recorded; the budget page moves accordingly, and the
statistics after the night's refresh. The demo is alive on first run: its statistics have figures, and the host of
the bourse au permis validates counterpart hours."""

import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context
from indicateurs import statistiques
from territoire.models import Commune
from tests import factories as f

from .test_parcours_fondation import se_connecter


def _cellule(page, dispositif, colonne, dans=None):
    dans = dans or page
    ligne = dans.locator("tr", has=page.get_by_role("cell", name=dispositif, exact=True))
    return ligne.locator("td").nth(colonne).inner_text()


def _statistique(page, dispositif, colonne):
    """A cell of the statistics page's budget table (the schemes appear in other tables too)."""
    section = page.locator("section", has=page.get_by_role("heading", name="Budget consommé par dispositif"))
    return _cellule(page, dispositif, colonne, section)


def test_an_aid_from_application_to_repayment(page, demo, axe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lot = Collectivite.objects.get(slug="lot")
    with tenant_context(lot):
        usager = f.UsagerFactory(
            prenom="Gaëlle", nom="Vayssière", date_naissance="1985-06-02", commune=Commune.objects.get(code="46042")
        )
    aujourd_hui = timezone.localdate()

    # the CCAS's director reads the budget first
    se_connecter(page, "encadrant-ccas@lot.demo.fr")
    page.goto("/aides/budget/")
    engage_avant = _cellule(page, "Microcrédit personnel", 3)
    rembourse_avant = _cellule(page, "Microcrédit personnel", 6)
    axe.verifier(page, "aides-budget")
    # the demo's statistics are alive on first run: a year of grants, small cells hidden
    page.get_by_role("link", name="Statistiques").click()
    expect(page.get_by_role("heading", name="Statistiques des aides")).to_be_visible()
    engage_stat_avant = _statistique(page, "Microcrédit personnel", 3)
    assert engage_stat_avant not in ("0,00", "")
    axe.verifier(page, "aides-statistiques")
    page.context.clear_cookies()

    # the host of the bourse au permis validates the hours done at its place
    se_connecter(page, "hote-permis@lot.demo.fr")
    page.goto("/aides/contreparties/")
    en_attente = page.get_by_role("button", name="Valider", exact=True)
    avant = en_attente.count()
    assert avant > 0
    page.get_by_role("button", name="Refuser").first.click()
    expect(page.get_by_text("Motif du refus : dites pourquoi")).to_be_visible()
    en_attente.first.click()
    expect(page.get_by_text("Enregistré.")).to_be_visible()
    expect(page.get_by_role("button", name="Valider", exact=True)).to_have_count(avant - 1)
    axe.verifier(page, "aides-contreparties")
    page.context.clear_cookies()

    # a social worker of the CCAS applies for the family
    se_connecter(page, "travailleur-social-ccas@lot.demo.fr")
    page.goto(f"/usagers/{usager.pk}/")
    page.get_by_role("link", name="Demander une aide facultative").first.click()
    expect(page.get_by_text("La situation du foyer n'est pas encore saisie.")).to_be_visible()
    page.get_by_role("link", name="Saisir la situation du foyer").click()
    page.get_by_label("Composition du foyer").select_option(label="Famille monoparentale")
    page.get_by_label("Enfants de moins de 14 ans").fill("2")
    page.get_by_label("Ressources mensuelles du foyer (€)").fill("1200")
    page.get_by_label("Charges mensuelles du foyer (€)").fill("-5")
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.get_by_text("Rien n'a été enregistré")).to_be_visible()
    page.get_by_label("Charges mensuelles du foyer (€)").fill("720")
    page.get_by_role("button", name="Enregistrer la situation").click()
    expect(page.get_by_text("Situation du foyer enregistrée")).to_be_visible()
    axe.verifier(page, "aides-demande-formulaire")
    for dispositif, objet, montant in (
        ("Microcrédit personnel", "Véhicule de Mme Vayssière", "1200"),
        ("Aide financière ponctuelle", "Facture EDF de Mme Vayssière", "250"),
    ):
        page.goto(f"/aides/nouvelle/?usager={usager.pk}")
        page.get_by_label("Dispositif").select_option(label=dispositif)
        page.get_by_label("Objet de la demande").fill(objet)
        page.get_by_label("Montant demandé (€)").fill(montant)
        page.get_by_label("Évaluation du professionnel").fill("Projet construit avec Mme Vayssière.")
        page.get_by_role("button", name="Enregistrer la demande").click()
        expect(page.get_by_text("Demande enregistrée")).to_be_visible()
        expect(page.get_by_text("10,00 € par jour et par unité de consommation", exact=True)).to_be_visible()
    axe.verifier(page, "aides-demande")
    page.context.clear_cookies()

    # the director convenes the commission and puts both applications on its agenda
    se_connecter(page, "encadrant-ccas@lot.demo.fr")
    page.goto("/aides/commissions/")
    page.get_by_label("Date de la séance").fill(aujourd_hui.isoformat())
    page.get_by_label("Lieu").fill("Salle du conseil")
    page.get_by_label("Chloé Vidal").check()
    page.get_by_label("Carole Bessières").check()
    page.get_by_role("button", name="Créer la commission").click()
    expect(page.get_by_role("heading", name=re.compile("Commission du"))).to_be_visible()
    for libelle in (
        "Microcrédit personnel — Véhicule de Mme Vayssière",
        "Aide financière ponctuelle — Facture EDF de Mme Vayssière",
    ):
        page.get_by_label("Demande à inscrire").select_option(label=libelle)
        page.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    articles = page.locator("article", has_text="Gaëlle VAYSSIÈRE")
    expect(articles).to_have_count(2)
    microcredit = page.locator("article", has_text="Gaëlle VAYSSIÈRE — Microcrédit personnel")
    microcredit.get_by_label("Décision").select_option(label="Accordée")
    microcredit.get_by_label("Montant accordé (€)").fill("1200")
    microcredit.get_by_label("Durée (mois)").fill("12")
    microcredit.get_by_label("Objectifs convenus avec la personne").fill("Retour à l'emploi")
    microcredit.get_by_role("button", name=re.compile("Enregistrer la décision")).click()
    expect(page.get_by_text("Décision enregistrée")).to_be_visible()
    secours = page.locator("article", has_text="Gaëlle VAYSSIÈRE — Aide financière ponctuelle")
    secours.get_by_label("Décision").select_option(label="Refusée")
    secours.get_by_role("button", name=re.compile("Enregistrer la décision")).click()
    expect(page.get_by_text("Motif du refus : il est dû à la personne.")).to_be_visible()
    secours = page.locator("article", has_text="Gaëlle VAYSSIÈRE — Aide financière ponctuelle")
    secours.get_by_label("Décision").select_option(label="Refusée")
    secours.get_by_label("Motif du refus").fill("Une aide du même dispositif a déjà été accordée cette année.")
    secours.get_by_role("button", name=re.compile("Enregistrer la décision")).click()
    expect(page.get_by_text("Décision enregistrée")).to_be_visible()
    axe.verifier(page, "aides-commission")
    page.get_by_role("button", name="Clore la séance et produire le procès-verbal").click()
    lien = page.get_by_role("link", name="Procès-verbal (PDF)")
    expect(lien).to_be_visible()
    with page.expect_download() as telechargement:
        lien.click()
    assert telechargement.value.suggested_filename.endswith(".pdf")

    # the letters — the refusal's too — the repayment schedule and two instalments
    page.get_by_role("link", name="Gaëlle VAYSSIÈRE — Aide financière ponctuelle").first.click()
    lettre = page.get_by_role("link", name="Lettre de décision (PDF)")
    expect(lettre).to_be_visible()
    with page.expect_download() as telechargement:
        lettre.click()
    with open(telechargement.value.path(), "rb") as fichier:
        assert fichier.read(4) == b"%PDF"
    page.go_back()
    page.get_by_role("link", name="Gaëlle VAYSSIÈRE — Microcrédit personnel").first.click()
    lettre = page.get_by_role("link", name="Lettre de décision (PDF)")
    expect(lettre).to_be_visible()
    with page.expect_download() as telechargement:
        lettre.click()
    with open(telechargement.value.path(), "rb") as fichier:
        assert fichier.read(4) == b"%PDF"
    premiere = aujourd_hui - relativedelta(months=2)
    page.get_by_label("Première échéance").fill(premiere.isoformat())
    page.get_by_role("button", name="Établir l'échéancier").click()
    expect(page.locator("table", has_text="Échéancier").locator("tbody tr")).to_have_count(12)
    for numero in (1, 2):
        payee_le = premiere + relativedelta(months=numero - 1) + timedelta(days=1)
        page.get_by_label(f"Payée le (échéance n° {numero})", exact=True).fill(payee_le.isoformat())
        page.get_by_role("button", name=f"Enregistrer le remboursement n° {numero}", exact=True).click()
        expect(page.get_by_text("Enregistré.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile(r"^Payée le \d"))).to_have_count(2)
    axe.verifier(page, "aides-suivi")

    page.goto("/aides/budget/")
    assert _cellule(page, "Microcrédit personnel", 3) != engage_avant
    assert _cellule(page, "Microcrédit personnel", 6) != rembourse_avant

    # the night's refresh of the rollups (the worker's job): the statistics count the new grant
    with tenant_context(lot):
        statistiques.rafraichir(lot, aujourd_hui.replace(day=1), aujourd_hui, sources=["aides"])
    page.goto("/aides/statistiques/")
    assert _statistique(page, "Microcrédit personnel", 3) != engage_stat_avant
