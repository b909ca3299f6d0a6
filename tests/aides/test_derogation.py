"""Edge cases of amounts and loans (docs/aides.md « Montants », « Versements et suivi »): an authorised person may
exceed the household's yearly ceiling with a reason, never the remaining budget; a closed loan takes no repayment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from aides import actions
from aides.models import Decision
from collectivites.tenancy import tenant_context
from tests import factories as f

from .conftest import accorder

pytestmark = pytest.mark.django_db


def test_an_authorised_person_derogates_from_the_ceiling_with_a_reason_never_from_the_budget(
    client, lot, eric, bob, fanny, jeanne, secours, situation_jeanne, commission
):
    """The secours: 1 000 € a year, 500 € per household; Éric may decide alone up to 300 €."""
    with tenant_context(lot):
        premiere = actions.do_deposer(bob, jeanne, secours, {"objet": "Électricité", "montant_demande": Decimal("300")})
        actions.do_decider_urgence(eric, premiere, accorder("300"))
        seconde = actions.do_deposer(bob, jeanne, secours, {"objet": "Loyer", "montant_demande": Decimal("250")})
        with pytest.raises(ValidationError) as e:
            actions.do_decider_urgence(eric, seconde, accorder("250"))
        assert e.value.message_dict["montant"] == [
            "Montant accordé : le plafond par foyer et par an est de 500,00 € et 300,00 € ont déjà été accordés "
            "cette année."
        ]
        # a commission's decision carries no derogation: the ceiling holds
        actions.do_inscrire(eric, commission, seconde)
        with pytest.raises(ValidationError):
            actions.do_decider(fanny, commission, seconde, accorder("250", derogation="Urgence absolue"))
        assert not Decision.objects.filter(demande=seconde).exists()
    # on the page: the authorised person gives the reason, the decision keeps it
    client.force_login(eric)
    client.post(
        f"/aides/{seconde.pk}/urgence/",
        {"sens": "accordee", "montant": "250", "derogation": "Coupure d'électricité avec deux enfants en bas âge."},
    )
    with tenant_context(lot):
        decision = Decision.objects.get(demande=seconde)
    assert decision.montant == Decimal("250") and decision.derogation.startswith("Coupure")
    page = client.get(f"/aides/{seconde.pk}/").content.decode()
    assert "dérogation au plafond : Coupure d&#x27;électricité" in page
    with tenant_context(lot):
        autre = f.DemandeAideFactory(dispositif=secours, instructeur=bob)
        actions.do_decider_urgence(eric, autre, accorder("300"))  # 850 € of 1 000 € committed
        troisieme = actions.do_deposer(bob, jeanne, secours, {"objet": "Cantine", "montant_demande": Decimal("200")})
        with pytest.raises(ValidationError) as e:
            actions.do_decider_urgence(eric, troisieme, accorder("200", derogation="Urgence"))
        assert e.value.message_dict["montant"] == ["Montant accordé : il reste 150,00 € au budget 2026 du dispositif."]
        assert not Decision.objects.filter(demande=troisieme).exists()


@pytest.mark.date_figee("2026-10-15")
def test_a_closed_loan_takes_no_repayment(lot, bob, structure_a):
    with tenant_context(lot):
        pret = f.DispositifFactory(structure=structure_a, nature="microcredit")
        demande = f.DemandeAideFactory(dispositif=pret, instructeur=bob, statut="accordee")
        decision = f.DecisionFactory(demande=demande, decidee_par=bob, montant=Decimal("600"), duree_mois=2)
        premiere, seconde = actions.do_etablir_echeancier(bob, decision, datetime.date(2026, 8, 1))
        actions.do_payer_echeance(bob, premiere, datetime.date(2026, 8, 2))
        actions.do_payer_echeance(bob, seconde, datetime.date(2026, 9, 3))
        with pytest.raises(ValidationError) as e:
            actions.do_payer_echeance(bob, seconde, datetime.date(2026, 10, 1))
        assert e.value.message_dict["payee_le"] == [
            "Payée le : le prêt est soldé depuis le 03/09/2026, aucun remboursement ne s'y ajoute."
        ]
        seconde.refresh_from_db()
        assert seconde.payee_le == datetime.date(2026, 9, 3)
