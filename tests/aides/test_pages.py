"""The pages of the aids: what each is for, bad input, the need-to-know matrix, the person strip (docs/aides.md)."""

import re

import pytest

from aides.models import Decision, Demande, Dispositif, SituationFoyer
from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers.models import JournalAcces


def test_an_encadrant_creates_a_scheme_and_bad_input_names_the_field(client, eric, bob, structure_a, lot):
    client.force_login(eric)
    donnees = {
        "structure": structure_a.pk,
        "nom": "Secours d'urgence",
        "nature": "secours",
        "budget_annuel": "-5",
        "plafond_foyer": "300",
        "decideur": "commission",
    }
    page = client.post("/aides/dispositifs/", donnees).content.decode()
    assert "Rien n'a été enregistré" in page
    assert "Assurez-vous que cette valeur est supérieure ou égale à 0" in page
    with tenant_context(lot):
        assert not Dispositif.objects.exists()
    reponse = client.post("/aides/dispositifs/", {**donnees, "budget_annuel": "20000"})
    assert reponse.status_code == 302
    assert "Secours d&#x27;urgence" in client.get("/aides/dispositifs/").content.decode()
    client.force_login(bob)  # a social worker reads the schemes, does not create them
    assert client.post("/aides/dispositifs/", donnees).status_code == 403
    assert client.get("/aides/dispositifs/").status_code == 200


def test_a_professional_enters_the_situation_then_applies(client, bob, jeanne, secours, lot):
    client.force_login(bob)
    page = client.get(f"/aides/nouvelle/?usager={jeanne.pk}").content.decode()
    assert "La situation du foyer n'est pas encore saisie" in page
    situation = {
        "usager": jeanne.pk,
        "suite": "demande",
        "date": "2026-09-01",
        "source": "declaration",
        "type_foyer": "monoparental",
        "autres_14_plus": "0",
        "moins_14": "2",
        "ressources": "1200",
        "charges": "abc",
    }
    page = client.post("/aides/situation/", situation).content.decode()
    assert "Saisissez un nombre" in page
    with tenant_context(lot):
        assert not SituationFoyer.objects.exists()
    reponse = client.post("/aides/situation/", {**situation, "charges": "720"})
    assert reponse["Location"] == f"/aides/nouvelle/?usager={jeanne.pk}"
    reponse = client.post(
        "/aides/nouvelle/",
        {"usager": jeanne.pk, "dispositif": secours.pk, "objet": "Facture d'électricité", "montant_demande": "250"},
    )
    with tenant_context(lot):
        demande = Demande.objects.get()
    assert reponse["Location"] == f"/aides/{demande.pk}/"
    page = client.get(f"/aides/{demande.pk}/").content.decode()
    assert "Reste à vivre : <strong>10,00 € par jour et par unité de consommation</strong>" in page
    assert "Respectée — Résidence : Cahors fait partie des communes du dispositif." in page
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, usager=jeanne, objet=f"aide:{demande.pk}").exists()


def test_an_absurd_requested_amount_is_refused_with_the_field_named(
    client, bob, jeanne, secours, situation_jeanne, lot
):
    client.force_login(bob)
    page = client.post(
        "/aides/nouvelle/",
        {"usager": jeanne.pk, "dispositif": secours.pk, "objet": "Loyer", "montant_demande": "5000000"},
    ).content.decode()
    assert "La demande n'a pas été enregistrée" in page
    with tenant_context(lot):
        assert not Demande.objects.exists()


def test_the_commission_page_grants_and_a_second_decision_is_refused(client, eric, fanny, demande, commission, lot):
    client.force_login(eric)
    client.post(f"/aides/commissions/{commission.pk}/inscrire/", {"demande": demande.pk})
    page = client.get(f"/aides/commissions/{commission.pk}/").content.decode()
    assert "Jeanne DUPONT — Secours d&#x27;urgence" in page
    url = f"/aides/commissions/{commission.pk}/decider/{demande.pk}/"
    page = client.post(url, {"sens": "accordee", "montant": "-3"}, follow=True).content.decode()
    assert "Montant accordé : un montant positif est attendu." in page
    client.post(url, {"sens": "accordee", "montant": "200", "objectifs": "Désendettement"})
    page = client.post(url, {"sens": "refusee", "motif": "Non"}, follow=True).content.decode()
    assert "Cette demande est déjà décidée." in page
    with tenant_context(lot):
        assert Decision.objects.get().montant == 200
    assert client.get(f"/aides/{demande.pk}/").status_code == 200
    page = re.sub(r">\s+<", "><", client.get("/aides/budget/").content.decode())
    assert "<td>1000,00 €</td><td>200,00 €</td><td>0,00 €</td><td>800,00 €</td>" in page
    csv = client.get("/aides/budget/?format=csv").content.decode()
    ligne = next(x for x in csv.splitlines() if "Secours d'urgence" in x)
    assert ligne.split(";")[2:6] == ["1000.00", "200.00", "0", "800.00"], ligne


@pytest.mark.parametrize(
    "qui,attendu",
    [
        ("bob", 200),  # instructs it
        ("eric", 200),  # encadrant of the structure that runs the scheme
        ("fanny", 200),  # member of the commission that has it on its agenda
        ("alice", 404),  # reception
        ("chloe", 404),  # a social worker of another structure
        ("david", 404),  # chef de projet
        ("emma", 404),  # partner
        ("helene", 404),  # child protection, not involved
    ],
)
def test_need_to_know_on_an_application(request, client, demande, commission, eric, lot, qui, attendu):
    with tenant_context(lot):
        from aides import actions

        actions.do_inscrire(eric, commission, demande)
    client.force_login(request.getfixturevalue(qui))
    assert client.get(f"/aides/{demande.pk}/").status_code == attendu


def test_the_strip_says_an_aid_exists_never_its_amount(client, alice, bob, jeanne, demande, lot):
    client.force_login(alice)
    page = client.get(f"/usagers/{jeanne.pk}/").content.decode()
    assert "Secours d&#x27;urgence</li>" not in page
    assert "Secours d&#x27;urgence — Département du Lot — Solidarités, déposée" in page
    assert "250" not in page and f"/aides/{demande.pk}/" not in page
    client.force_login(bob)
    page = client.get(f"/usagers/{jeanne.pk}/").content.decode()
    assert f'href="/aides/{demande.pk}/"' in page
    assert "Demander une aide facultative" in page


def test_another_collectivite_sees_nothing(client, zoe, demande):
    client.force_login(zoe)
    assert client.get(f"/aides/{demande.pk}/").status_code in (403, 404)


def test_the_list_logs_the_persons_shown(client, bob, demande, lot):
    client.force_login(bob)
    page = client.get("/aides/").content.decode()
    assert "Jeanne DUPONT" in page
    with tenant_context(lot):
        assert JournalAcces.objects.filter(utilisateur=bob, usager=demande.usager).exists()


def test_a_get_on_a_write_route_is_refused(client, bob, demande):
    client.force_login(bob)
    assert client.get(f"/aides/{demande.pk}/instruire/").status_code == 405


def test_bad_payments_are_refused_on_the_page(client, eric, bob, demande, lot):
    with tenant_context(lot):
        from aides import actions

        actions.do_decider_urgence(eric, demande, {"sens": "accordee", "montant": 250})
    client.force_login(bob)
    page = client.post(
        f"/aides/{demande.pk}/versements/",
        {
            "montant": "100",
            "date": "2026-09-02",
            "beneficiaire": "tiers",
            "tiers_nom": "EDF",
            "tiers_iban": "FR00",
            "moyen": "virement",
        },
        follow=True,
    ).content.decode()
    assert "IBAN du tiers : ce numéro de compte n&#x27;est pas valide." in page
    with tenant_context(lot):
        assert not f.VersementFactory._meta.model.objects.exists()


def test_an_application_opened_from_a_passage_or_a_support_keeps_where_it_came_from(
    client, bob, jeanne, lieu_a, secours, situation_jeanne, soutien, lot
):
    with tenant_context(lot):
        passage = f.PassageFactory(lieu=lieu_a, usager=jeanne)
        autre = f.PassageFactory(lieu=lieu_a, usager=f.UsagerFactory())
    client.force_login(bob)
    assert client.get(f"/aides/nouvelle/?usager={jeanne.pk}&passage={autre.pk}").status_code == 404
    donnees = {"usager": jeanne.pk, "dispositif": secours.pk, "objet": "Loyer", "montant_demande": "100"}
    client.post("/aides/nouvelle/", {**donnees, "passage": passage.pk, "accompagnement": soutien.pk})
    with tenant_context(lot):
        demande = Demande.objects.get()
    assert demande.passage == passage and demande.accompagnement == soutien


def test_the_support_page_links_to_an_application_for_those_who_may_apply(client, lot, structure_a, bob, jeanne):
    """« Demander une aide » on the support's page opens the form for the person and the support (docs/aides.md §3);
    a closed support offers no application."""
    with tenant_context(lot):
        suivi = f.AccompagnementFactory(structure=structure_a, usager=jeanne, referent=bob)
        f.MembreGroupeFactory(accompagnement=suivi, est_referent=True)
    client.force_login(bob)
    lien = f"/aides/nouvelle/?usager={jeanne.pk}&amp;accompagnement={suivi.pk}"
    assert lien in client.get(f"/accompagnements/{suivi.pk}/").content.decode()
    assert client.get(lien.replace("&amp;", "&")).status_code == 200
    with tenant_context(lot):
        type(suivi).objects.filter(pk=suivi.pk).update(statut="clos", date_fin=suivi.date_debut)
    reponse = client.get(f"/accompagnements/{suivi.pk}/")
    assert reponse.status_code == 200 and "Demander une aide" not in reponse.content.decode()
