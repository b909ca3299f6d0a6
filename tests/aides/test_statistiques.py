"""The aids' statistics (docs/aides.md §11): the rollup source registered in indicateurs, read back for the schemes of
the reader's structures under the small-cell rule, on the page and in its CSV/XLSX exports."""

import datetime
from decimal import Decimal

import pytest

from aides import statistiques
from aides.models import Dispositif
from collectivites.tenancy import tenant_context
from indicateurs import sources
from indicateurs import statistiques as rollups
from indicateurs.models import Agregat
from tests import factories as f

pytestmark = pytest.mark.django_db

DEPOT = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)


def remplir(lot, structure_a, structure_a2, secours, bob, cahors):
    """The secours (budget 1 000 €): seven applications filed on 2 March 2026 — five single persons of Cahors, a couple
    of Figeac, a single parent of Souillac — decided ten days later: the five of Cahors granted 100 € each, the couple
    refused, the single parent postponed; two of the grants paid 100 € in April. A voucher scheme: one application,
    granted 60 € four days after. Another structure's scheme: six applications, which structure A never reads."""
    figeac, souillac = f.CommuneFactory(nom="Figeac"), f.CommuneFactory(nom="Souillac")
    lignes = [("seul", cahors, "accordee")] * 5
    lignes += [("couple", figeac, "refusee"), ("monoparental", souillac, "ajournee")]
    for i, (foyer, commune, sens) in enumerate(lignes):
        usager = f.UsagerFactory(commune=commune)
        demande = f.DemandeAideFactory(
            dispositif=secours,
            instructeur=bob,
            deposee_le=DEPOT,
            situation__usager=usager,
            situation__type_foyer=foyer,
            usager=usager,
        )
        decision = f.DecisionFactory(
            demande=demande,
            decidee_par=bob,
            sens=sens,
            montant=100 if sens == "accordee" else 0,
            decidee_le=DEPOT + datetime.timedelta(days=10),
        )
        if i < 2:
            f.VersementFactory(
                decision=decision, montant=100, date=datetime.date(2026, 4, 3), enregistre_par=bob, beneficiaire="tiers"
            )
    cheques = f.DispositifFactory(structure=structure_a, nom="Chèques loisirs", nature="cheques", budget_annuel=2000)
    demande = f.DemandeAideFactory(dispositif=cheques, instructeur=bob, deposee_le=DEPOT)
    f.DecisionFactory(demande=demande, decidee_par=bob, montant=60, decidee_le=DEPOT + datetime.timedelta(days=4))
    ailleurs = f.DispositifFactory(structure=structure_a2, nom="Aide du CCAS voisin")
    for _ in range(6):
        f.DemandeAideFactory(dispositif=ailleurs, deposee_le=DEPOT)
    rollups.rafraichir(lot, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), sources=["aides"])
    return cheques


def _tableaux(lot, structure_a, seuil=5):
    with tenant_context(lot):
        dispositifs = Dispositif.objects.filter(structure=structure_a).select_related("structure").order_by("nom")
        return {t.nom: t for t in statistiques.tableaux(dispositifs, 2026, seuil)}


def test_the_source_is_registered_with_the_rollups():
    """The worker's nightly refresh runs every registered source: the aids are one of them."""
    assert "aides" in sources.SOURCES


def test_the_figures_match_the_data_and_hide_the_small_cells(lot, structure_a, structure_a2, secours, bob, cahors):
    with tenant_context(lot):
        remplir(lot, structure_a, structure_a2, secours, bob, cahors)
        assert Agregat.objects.filter(source="aides").exists()
    t = _tableaux(lot, structure_a)
    budget = {ligne[0]: ligne[1:] for ligne in t["budget"].lignes}
    assert set(budget) == {"Secours d'urgence", "Chèques loisirs"}  # never another structure's scheme
    # budget lines as they are; 7 and 1 applications: the 1 is hidden, and the 7 with it (secondary suppression)
    assert budget["Secours d'urgence"] == [
        structure_a.nom,
        Decimal("1000"),
        Decimal("500.00"),
        Decimal("200.00"),
        Decimal("500.00"),
        Decimal("50.0"),
        None,
        Decimal("10.0"),  # six decisions ten days after: the postponement decides nothing
    ]
    assert budget["Chèques loisirs"][2:6] == [Decimal("60.00"), Decimal("0.00"), Decimal("1940.00"), Decimal("3.0")]
    assert budget["Chèques loisirs"][7] is None  # one decision: its delay is as telling as the count
    decisions = {(x[0], x[1]): x[2] for x in t["decisions"].lignes}
    assert decisions[("Secours d'urgence", "Accordée")] == 5
    assert decisions[("Secours d'urgence", "Refusée")] is None and decisions[("Secours d'urgence", "Ajournée")] is None
    communes = {(x[0], x[1]): x[2:] for x in t["communes"].lignes}
    assert communes[("Secours d'urgence", "Cahors")] == [5, 5, Decimal("500.00")]
    assert communes[("Secours d'urgence", "Figeac")] == [None, 0, Decimal("0.00")]
    assert communes[("Secours d'urgence", "Souillac")] == [None, 0, Decimal("0.00")]
    foyers = {(x[0], x[1]): x[2:] for x in t["foyers"].lignes}
    assert foyers[("Secours d'urgence", "Personne seule")] == [5, 5, Decimal("500.00")]
    assert foyers[("Secours d'urgence", "Couple sans enfant")][0] is None
    assert foyers[("Secours d'urgence", "Couple avec enfant(s)")] == [0, 0, Decimal("0.00")]
    mois = {(x[0], x[1]): x[2:] for x in t["mois"].lignes}
    # March: 7 applications, 5 granted for 500 €, the one refusal and the one postponement hidden
    assert mois[("Secours d'urgence", "03/2026")] == [7, 5, None, None, Decimal("500.00")]
    # the voucher scheme's one grant: hidden, and its amount with it
    assert mois[("Chèques loisirs", "03/2026")] == [None, None, 0, 0, None]


def test_a_lower_threshold_shows_more(lot, structure_a, structure_a2, secours, bob, cahors):
    with tenant_context(lot):
        remplir(lot, structure_a, structure_a2, secours, bob, cahors)
    budget = {ligne[0]: ligne[1:] for ligne in _tableaux(lot, structure_a, seuil=1)["budget"].lignes}
    assert budget["Secours d'urgence"][6] == 7 and budget["Chèques loisirs"][6] == 1


def test_the_page_and_its_exports(client, lot, structure_a, structure_a2, secours, bob, cahors, chloe, alice):
    with tenant_context(lot):
        remplir(lot, structure_a, structure_a2, secours, bob, cahors)
    client.force_login(bob)
    page = client.get("/aides/statistiques/?annee=2026").content.decode()
    assert "Budget consommé par dispositif" in page and "Secours d&#x27;urgence" in page
    assert "1\u202f000,00" in page or "1\xa0000,00" in page  # French numbers
    assert "500,00" in page and "secret" in page and "Aide du CCAS voisin" not in page
    csv = client.get("/aides/statistiques/?annee=2026&table=communes&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    texte = csv.content.decode("utf-8-sig")
    assert "Secours d'urgence;Cahors;5;5;500.00" in texte and "Secours d'urgence;Figeac;secret;0;0.00" in texte
    xlsx = client.get("/aides/statistiques/?annee=2026&table=budget&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/aides/statistiques/?annee=2026&table=inconnue&format=csv").status_code == 404
    # bad input: a French error naming the field, and the current year shown
    page = client.get("/aides/statistiques/?annee=abc").content.decode()
    assert "Année non reconnue" in page and "Année" in page
    # another structure's social worker sees only her structure's schemes (here the neighbour's)
    client.force_login(chloe)
    page = client.get("/aides/statistiques/?annee=2026").content.decode()
    assert "Aide du CCAS voisin" in page and "Secours d&#x27;urgence" not in page
    # the reception desk has no access to the aids' figures
    client.force_login(alice)
    assert client.get("/aides/statistiques/").status_code == 403
