"""Schemes, instruction, decisions, budgets and follow-up (docs/aides.md)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accompagnement.models import Action
from aides import actions, calcul
from aides.models import Bon, Decision, Demande, DocumentAide, Echeance, Versement
from collectivites.tenancy import tenant_context
from tests import factories as f

from .conftest import accorder


def test_the_reste_a_vivre_uses_the_oecd_scale(lot, jeanne):
    with tenant_context(lot):
        s = f.SituationFoyerFactory.build(
            usager=jeanne, autres_14_plus=1, moins_14=2, ressources=Decimal("1500"), charges=Decimal("870")
        )
    assert s.unites_consommation == Decimal("2.1")  # 1 + 0.5 + 2 × 0.3
    assert calcul.reste_a_vivre(s) == Decimal("10.00")  # 630 € / 30 days / 2.1


@pytest.mark.date_figee("2026-10-01")
def test_each_rule_is_said_in_words_passed_or_failed(lot, eric, structure_a, cahors, demande):
    with tenant_context(lot):
        strict = actions.do_creer_dispositif(
            eric,
            structure_a,
            {
                "nom": "Aide jeunes",
                "nature": "autre",
                "budget_annuel": Decimal("1000"),
                "plafond_foyer": Decimal("300"),
                "age_min": 18,
                "age_max": 25,
                "types_foyer": ["seul", "couple"],
                "reste_a_vivre_max": Decimal("8"),
            },
            communes=[cahors],
        )
        demande.usager.refresh_from_db()
        regles = calcul.regles(strict, demande.usager, demande.situation)
    assert regles == [
        {"libelle": "Résidence : Cahors fait partie des communes du dispositif.", "respectee": True},
        {"libelle": "Âge : 46 ans, le dispositif demande entre 18 et 25 ans.", "respectee": False},
        {
            "libelle": "Composition du foyer : famille monoparentale (admis : personne seule, couple sans enfant).",
            "respectee": False,
        },
        {
            "libelle": "Reste à vivre : 10,00 € par jour et par unité de consommation, supérieur au maximum de 8,00 €.",
            "respectee": False,
        },
    ]
    # the application computed its own at deposit
    assert demande.reste_a_vivre == Decimal("10.00")
    assert demande.eligible


def test_an_application_needs_the_household_situation_first(lot, bob, jeanne, secours):
    with tenant_context(lot), pytest.raises(ValidationError) as e:
        actions.do_deposer(bob, jeanne, secours, {"objet": "Loyer", "montant_demande": Decimal("100")})
    assert "situation du foyer" in str(e.value.message_dict["situation"])
    with tenant_context(lot):
        assert not Demande.objects.exists()


def test_a_role_without_supports_cannot_apply(lot, alice, jeanne, secours, situation_jeanne):
    with tenant_context(lot), pytest.raises(PermissionDenied):
        actions.do_deposer(alice, jeanne, secours, {"objet": "Loyer", "montant_demande": Decimal("100")})


def test_the_situation_is_entered_once_and_reused(lot, bob, jeanne, secours, situation_jeanne, demande):
    with tenant_context(lot):
        seconde = actions.do_deposer(bob, jeanne, secours, {"objet": "Cantine", "montant_demande": Decimal("60")})
    assert seconde.situation == demande.situation == situation_jeanne


def test_the_commission_grants_refuses_postpones_and_never_decides_twice(lot, eric, fanny, bob, demande, commission):
    with tenant_context(lot):
        autre = actions.do_deposer(
            bob, demande.usager, demande.dispositif, {"objet": "Loyer", "montant_demande": Decimal("90")}
        )
        actions.do_inscrire(eric, commission, demande)
        actions.do_inscrire(eric, commission, autre)
        decision = actions.do_decider(
            fanny, commission, demande, accorder("200", objectifs="Désendettement", duree_mois=1)
        )
        assert decision.commission == commission and decision.montant == Decimal("200")
        with pytest.raises(ValidationError) as e:
            actions.do_decider(fanny, commission, demande, {"sens": "refusee", "motif": "Non"})
        assert e.value.message_dict["sens"] == ["Cette demande est déjà décidée."]
        with pytest.raises(ValidationError) as e:
            actions.do_decider(fanny, commission, autre, {"sens": "refusee", "motif": ""})
        assert "Motif du refus" in e.value.message_dict["motif"][0]
        actions.do_decider(fanny, commission, autre, {"sens": "ajournee", "manquant": "Avis d'imposition"})
        autre.refresh_from_db()
        assert autre.statut == "ajournee" and autre.commission is None
        assert Decision.objects.count() == 2
        # a letter is queued for the granted aid, none for the postponed one
        assert DocumentAide.objects.filter(type="lettre").count() == 1


def test_someone_outside_the_commission_cannot_decide(lot, eric, bob, demande, commission):
    with tenant_context(lot):
        actions.do_inscrire(eric, commission, demande)
        with pytest.raises(PermissionDenied):
            actions.do_decider(bob, commission, demande, accorder("100"))


@pytest.mark.parametrize(
    "montant,champ_attendu",
    [("-10", "positif"), ("0", "positif"), ("999999", "plausible"), ("600", "plafond par foyer")],
)
def test_bad_amounts_are_refused_with_the_field_named(lot, eric, fanny, demande, commission, montant, champ_attendu):
    with tenant_context(lot):
        actions.do_inscrire(eric, commission, demande)
        with pytest.raises(ValidationError) as e:
            actions.do_decider(fanny, commission, demande, accorder(montant))
        message = e.value.message_dict["montant"][0]
        assert message.startswith("Montant accordé :") and champ_attendu in message
        assert not Decision.objects.exists()


def test_a_decision_never_overspends_the_budget(lot, eric, fanny, bob, secours, commission, cahors):
    with tenant_context(lot):
        demandes = []
        for i in range(3):
            u = f.UsagerFactory(commune=cahors)
            f.SituationFoyerFactory(usager=u)
            demandes.append(
                actions.do_deposer(bob, u, secours, {"objet": f"Loyer {i}", "montant_demande": Decimal("450")})
            )
            actions.do_inscrire(eric, commission, demandes[-1])
        actions.do_decider(fanny, commission, demandes[0], accorder("450"))
        actions.do_decider(fanny, commission, demandes[1], accorder("450"))
        with pytest.raises(ValidationError) as e:
            actions.do_decider(fanny, commission, demandes[2], accorder("450"))
        assert e.value.message_dict["montant"] == ["Montant accordé : il reste 100,00 € au budget 2026 du dispositif."]


def test_an_urgent_aid_is_decided_up_to_the_authorised_amount_and_reported(lot, eric, bob, demande, commission):
    with tenant_context(lot):
        with pytest.raises(PermissionDenied):
            actions.do_decider_urgence(bob, demande, accorder("100"))
        with pytest.raises(ValidationError) as e:
            actions.do_decider_urgence(eric, demande, accorder("350"))
        assert "jusqu'à 300,00 €" in e.value.message_dict["montant"][0]
        decision = actions.do_decider_urgence(eric, demande, accorder("250"))
        assert decision.urgente and decision.commission is None
        actions.do_cloturer_commission(eric, commission)
        decision.refresh_from_db()
        assert decision.rapportee_a == commission
        assert DocumentAide.objects.filter(type="pv", commission=commission).exists()
        with pytest.raises(ValidationError):
            actions.do_cloturer_commission(eric, commission)


def test_a_granted_aid_becomes_an_action_of_the_support_plan(lot, bob, eric, fanny, soutien, secours, situation_jeanne):
    with tenant_context(lot):
        demande = actions.do_deposer(
            bob,
            soutien.usager,
            secours,
            {"objet": "Facture d'énergie", "montant_demande": Decimal("150")},
            accompagnement=soutien,
        )
        actions.do_decider_urgence(eric, demande, accorder("150"))
        action = Action.objects.get(objectif__theme__accompagnement=soutien)
    assert action.libelle == "Aide accordée : Facture d'énergie (150,00 €)"
    assert action.objectif.theme.libelle == "Aides facultatives"


def test_payments_to_a_third_party_check_its_iban_and_never_keep_the_persons(lot, eric, bob, demande):
    with tenant_context(lot):
        decision = actions.do_decider_urgence(eric, demande, accorder("250"))
        base = {"montant": Decimal("100"), "moyen": "virement", "date": datetime.date(2026, 9, 2)}
        with pytest.raises(ValidationError) as e:
            actions.do_verser(
                bob, decision, {**base, "beneficiaire": "tiers", "tiers_nom": "EDF", "tiers_iban": "FR76 1234"}
            )
        assert e.value.message_dict["tiers_iban"] == ["IBAN du tiers : ce numéro de compte n'est pas valide."]
        with pytest.raises(ValidationError) as e:
            actions.do_verser(
                bob, decision, {**base, "beneficiaire": "personne", "tiers_iban": "FR1420041010050500013M02606"}
            )
        assert "ne sont pas conservées" in e.value.message_dict["tiers_iban"][0]
        v = actions.do_verser(
            bob,
            decision,
            {**base, "beneficiaire": "tiers", "tiers_nom": "EDF", "tiers_iban": "FR14 2004 1010 0505 0001 3M02 606"},
        )
        assert v.tiers_iban == "FR1420041010050500013M02606"
        with pytest.raises(ValidationError) as e:
            actions.do_verser(bob, decision, {**base, "montant": Decimal("200"), "beneficiaire": "personne"})
        assert e.value.message_dict["montant"] == ["Montant versé : il reste 150,00 € à verser sur cette aide."]
        assert Versement.objects.count() == 1


@pytest.mark.date_figee("2026-10-01")
def test_vouchers_are_numbered_and_used_once(lot, eric, bob, fanny, structure_a, jeanne, situation_jeanne, commission):
    with tenant_context(lot):
        cheques = actions.do_creer_dispositif(
            eric,
            structure_a,
            {
                "nom": "Chèques loisirs",
                "nature": "cheques",
                "budget_annuel": Decimal("2000"),
                "plafond_foyer": Decimal("100"),
                "valeur_faciale": Decimal("20"),
            },
        )
        demande = actions.do_deposer(bob, jeanne, cheques, {"objet": "Club de foot", "montant_demande": Decimal("60")})
        actions.do_inscrire(eric, commission, demande)
        decision = actions.do_decider(fanny, commission, demande, accorder("60"))
        bons = actions.do_emettre_bons(bob, decision, 3, datetime.date(2026, 12, 31))
        assert [b.numero for b in bons] == [
            f"2026-{cheques.pk}-00001",
            f"2026-{cheques.pk}-00002",
            f"2026-{cheques.pk}-00003",
        ]
        with pytest.raises(ValidationError) as e:
            actions.do_emettre_bons(bob, decision, 1, datetime.date(2026, 12, 31))
        assert "Nombre de chèques" in e.value.message_dict["nombre"][0]
        bon = Bon.objects.get(numero=f"2026-{cheques.pk}-00001")
        actions.do_utiliser_bon(bob, bon)
        with pytest.raises(ValidationError) as e:
            actions.do_utiliser_bon(bob, bon)
        assert e.value.message_dict["numero"] == [f"Chèque n° {bon.numero} : déjà utilisé le 01/10/2026."]
        assert actions.expirer_bons(datetime.date(2027, 1, 1)) == 2


@pytest.mark.date_figee("2026-12-10")
def test_a_microcredit_schedule_records_paid_and_late_instalments(
    lot, eric, bob, fanny, structure_a, jeanne, situation_jeanne, commission
):
    with tenant_context(lot):
        pret = actions.do_creer_dispositif(
            eric,
            structure_a,
            {
                "nom": "Microcrédit",
                "nature": "microcredit",
                "budget_annuel": Decimal("10000"),
                "plafond_foyer": Decimal("3000"),
                "organisme_partenaire": "Crédit Municipal",
            },
        )
        demande = actions.do_deposer(bob, jeanne, pret, {"objet": "Voiture", "montant_demande": Decimal("1000")})
        actions.do_inscrire(eric, commission, demande)
        decision = actions.do_decider(fanny, commission, demande, accorder("1000", duree_mois=3))
        echeances = actions.do_etablir_echeancier(bob, decision, datetime.date(2026, 10, 5))
        assert [(e.date_prevue, e.montant) for e in echeances] == [
            (datetime.date(2026, 10, 5), Decimal("333.33")),
            (datetime.date(2026, 11, 5), Decimal("333.33")),
            (datetime.date(2026, 12, 5), Decimal("333.34")),
        ]
        premiere = Echeance.objects.get(numero=1)
        actions.do_payer_echeance(bob, premiere, datetime.date(2026, 10, 4))
        with pytest.raises(ValidationError) as e:
            actions.do_payer_echeance(bob, premiere, datetime.date(2026, 10, 6))
        assert e.value.message_dict["payee_le"] == ["Échéance n° 1 : déjà payée le 04/10/2026."]
        assert [e.en_retard for e in Echeance.objects.order_by("numero")] == [False, True, True]
