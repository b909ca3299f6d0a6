"""The funders' report gains a page on the execution of the convention's budget (docs/developpement.md §11), read
back from the PDF as a funder reads it."""

import datetime
import re
from decimal import Decimal

from collectivites.tenancy import tenant_context
from developpement import budget
from indicateurs.rapport import rendre_rapport
from tests.artefacts import garder_pdf


def _pages(lot, annee):
    with tenant_context(lot):
        pdf = garder_pdf(f"rapport_financeurs_budget_{annee}", rendre_rapport(lot, annee))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]


def test_the_funders_report_has_a_page_on_the_budget_execution(lot, david):
    with tenant_context(lot):
        etat = budget.do_ajouter_financeur(david, nom="État")
        departement = budget.do_ajouter_financeur(david, nom="Département du Lot")
        for financeur in (etat, departement):
            budget.do_fixer_dotation(
                david, financeur=financeur, annee=2026, nature="ingenierie", montant=Decimal("60000")
            )
        budget.do_enregistrer_depense(
            david,
            financeur=etat,
            date=datetime.date(2026, 4, 2),
            nature="ingenierie",
            montant=Decimal("1250.50"),
            libelle="Animation du comité technique",
        )
        budget.do_enregistrer_depense(
            david,
            financeur=departement,
            date=datetime.date(2026, 5, 2),
            nature="formations",
            montant=Decimal("800"),
            libelle="Formation à l'accueil inconditionnel",
        )
    pages = _pages(lot, 2026)
    page = next(p for p in pages if "Exécution du budget de la convention 2026" in p)
    assert page.startswith("Exécution du budget") or "Exécution du budget de la convention 2026" in page
    # the page of its own: nothing of the previous sections on it
    assert "Comment chaque indicateur est calculé" not in page
    assert re.search(r"2\s050,50 € dépensés sur 120\s000,00 € alloués, soit 1,7 %", page), page
    assert "État" in page and "Département du Lot" in page and "Ingénierie" in page
    # the Département's training was spent without allocation: marked as an overrun
    assert "(dépassement)" in page


def test_a_year_without_budget_says_so(lot):
    pages = _pages(lot, 2026)
    assert any("Aucun montant alloué ni aucune dépense enregistrés pour 2026." in p for p in pages)
