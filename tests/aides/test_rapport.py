"""The yearly activity report of a structure (docs/aides.md « Rapport d'activité »): its figures under the small-cell
rule, who may ask for it, and the page that shows its progress. The worker's rendering is in test_pdf.py."""

import datetime
import html
from decimal import Decimal

import pytest

from aides import rapport
from aides.models import DocumentAide
from collectivites.tenancy import tenant_context
from tests import factories as f

pytestmark = pytest.mark.django_db


def remplir(structure, secours, bob):
    """Seven applications to the secours in 2026 (five single persons, a couple, a single parent), decided ten days
    after they were filed: five granted 100 € each, one refused, one postponed; and one application to a voucher
    scheme, granted 60 € four days after."""
    sens = ["accordee"] * 5 + ["refusee", "ajournee"]
    foyers = ["seul"] * 5 + ["couple", "monoparental"]
    depot = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    for i in range(7):
        demande = f.DemandeAideFactory(
            dispositif=secours,
            instructeur=bob,
            deposee_le=depot,
            situation__type_foyer=foyers[i],
        )
        f.DecisionFactory(
            demande=demande,
            decidee_par=bob,
            sens=sens[i],
            montant=100 if sens[i] == "accordee" else 0,
            decidee_le=depot + datetime.timedelta(days=10),
        )
    cheques = f.DispositifFactory(structure=structure, nom="Chèques loisirs", nature="cheques", budget_annuel=2000)
    demande = f.DemandeAideFactory(dispositif=cheques, instructeur=bob, deposee_le=depot)
    f.DecisionFactory(demande=demande, decidee_par=bob, montant=60, decidee_le=depot + datetime.timedelta(days=4))


def test_the_figures_hide_the_small_cells(lot, structure_a, secours, bob):
    with tenant_context(lot):
        remplir(structure_a, secours, bob)
        r = rapport.donnees(structure_a, 2026, 5)
    assert r["total_demandes"] == 8 and r["total_engage"] == Decimal("560")
    # one small cell in the breakdown by scheme (1 application to the vouchers): the other is hidden too
    assert {c["libelle"]: c["affiche"] for c in r["demandes"]} == {
        "Chèques loisirs": "secret",
        "Secours d'urgence": "secret",
    }
    secours_ = next(x for x in r["dispositifs"] if x["dispositif"].pk == secours.pk)
    assert secours_["consomme"] == Decimal("50.0")  # 500 € of 1 000 €
    assert secours_["delai_moyen"] == 10.0
    assert {c["libelle"]: c["affiche"] for c in secours_["decisions"]} == {
        "Accordée": 5,
        "Ajournée": "secret",
        "Refusée": "secret",
    }
    foyers = {c["libelle"]: c["affiche"] for c in secours_["foyers"]}
    assert foyers["Personne seule"] == 5 and foyers["Couple sans enfant"] == foyers["Famille monoparentale"] == "secret"
    assert foyers["Couple avec enfant(s)"] == 0
    assert r["delai_moyen"] == round((6 * 10 + 4) / 7, 1)  # a postponement is not a decision on the application
    with tenant_context(lot):
        vide = rapport.donnees(structure_a, 2025, 5)
    assert vide["total_demandes"] == 0 and vide["delai_moyen"] is None


def test_an_encadrant_asks_for_the_report_and_sees_its_progress(client, lot, structure_a, secours, eric, bob):
    client.force_login(eric)
    page = client.get("/aides/rapports/").content.decode()
    assert "Préparer le rapport" in page
    reponse = client.post("/aides/rapports/", {"structure": structure_a.pk, "annee": "1890"})
    assert (
        "Rien n'a été enregistré" in reponse.content.decode() and "Indiquez une année entre" in reponse.content.decode()
    )
    with tenant_context(lot):
        assert not DocumentAide.objects.filter(type="rapport").exists()
    reponse = client.post("/aides/rapports/", {"structure": structure_a.pk, "annee": "2026"}, follow=True)
    assert "Le rapport d'activité 2026 est en préparation." in html.unescape(reponse.content.decode())
    with tenant_context(lot):
        document = DocumentAide.objects.get(type="rapport")
        DocumentAide.objects.filter(pk=document.pk).update(progression=40, etape_en_cours="Mise en page")
    fragment = client.get(f"/aides/rapports/{document.pk}/progression/").content.decode()
    assert "En préparation : Mise en page" in fragment and 'value="40"' in fragment and "hx-trigger" in fragment
    # a report not yet rendered is not downloadable
    assert client.get(f"/aides/documents/{document.pk}/").status_code == 404
    # a social worker is not the structure's encadrant: no page, no progress
    client.force_login(bob)
    assert client.get("/aides/rapports/").status_code == 403
    assert client.get(f"/aides/rapports/{document.pk}/progression/").status_code == 403
