import datetime
from decimal import Decimal

import pytest

from aides import actions
from collectivites.tenancy import tenant_context


@pytest.fixture
def secours(lot, eric, structure_a, cahors):
    """The Département's secours d'urgence, run by Eric (encadrant of structure A)."""
    with tenant_context(lot):
        d = actions.do_creer_dispositif(
            eric,
            structure_a,
            {
                "nom": "Secours d'urgence",
                "nature": "secours",
                "budget_annuel": Decimal("1000"),
                "plafond_foyer": Decimal("500"),
                "decideur": "habilite",
                "pieces": "Avis d'imposition\nFacture",
            },
            communes=[cahors],
        )
        actions.do_habiliter(eric, d, eric, Decimal("300"))
        return d


@pytest.fixture
def situation_jeanne(lot, bob, jeanne):
    """Jeanne and her two children under 14: 1.6 consumption units, (1 200 − 720) / 30 / 1.6 = 10 € a day."""
    with tenant_context(lot):
        return actions.do_enregistrer_situation(
            bob,
            jeanne,
            {
                "date": datetime.date(2026, 9, 1),
                "source": "justificatifs",
                "type_foyer": "monoparental",
                "autres_14_plus": 0,
                "moins_14": 2,
                "ressources": Decimal("1200"),
                "charges": Decimal("720"),
            },
        )


@pytest.fixture
def demande(lot, bob, jeanne, secours, situation_jeanne):
    with tenant_context(lot):
        return actions.do_deposer(
            bob, jeanne, secours, {"objet": "Facture d'électricité", "montant_demande": Decimal("250")}
        )


@pytest.fixture
def commission(lot, eric, structure_a, fanny):
    with tenant_context(lot):
        return actions.do_creer_commission(eric, structure_a, datetime.date(2026, 9, 20), "MSD de Cahors", [fanny])


def accorder(montant, **autres):
    return {"sens": "accordee", "montant": Decimal(montant), **autres}
