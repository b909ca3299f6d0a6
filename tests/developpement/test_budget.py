"""The convention's budget (seed 004: l'État and the Département, 60,000 € a year each): funders, yearly amounts by
nature, spending, allocated/spent/remaining per nature and funder, CSV/XLSX export (docs/developpement.md §11)."""

import io

from openpyxl import load_workbook

from collectivites.tenancy import tenant_context
from developpement.models import Depense, Dotation, Financeur

from .conftest import texte

URL = "/developpement/pilotage/budget/"


def _convention(client):
    for nom in ("État", "Département du Lot"):
        assert client.post(URL, {"financeur-nom": nom, "financeur-envoi": "1"}).status_code == 302
    etat, departement = Financeur.objects.order_by("nom")[1], Financeur.objects.order_by("nom")[0]
    for financeur, repartition in (
        (etat, {"ingenierie": "30000", "formations": "20000", "outils": "5000", "communication": "5000"}),
        (departement, {"ingenierie": "30000", "formations": "15000", "outils": "10000", "divers": "5000"}),
    ):
        for nature, montant in repartition.items():
            reponse = client.post(
                f"{URL}?annee=2026",
                {
                    "dotation-financeur": financeur.pk,
                    "dotation-annee": "2026",
                    "dotation-nature": nature,
                    "dotation-montant": montant,
                    "dotation-envoi": "1",
                },
            )
            assert reponse.status_code == 302
    return etat, departement


def _depense(client, financeur, **champs):
    donnees = {
        "depense-date": "2026-04-15",
        "depense-financeur": financeur.pk,
        "depense-nature": "formations",
        "depense-montant": "1 250,50",
        "depense-libelle": "Formation à l'accueil inconditionnel",
        "depense-envoi": "1",
    }
    donnees.update({f"depense-{k}": v for k, v in champs.items()})
    return client.post(f"{URL}?annee=2026", donnees)


def test_the_lead_records_the_convention_and_reads_what_is_left(client, david, lot):
    client.force_login(david)
    with tenant_context(lot):
        etat, departement = _convention(client)
        assert Dotation.objects.count() == 8
        assert _depense(client, etat).status_code == 302
        assert (
            _depense(client, departement, nature="ingenierie", montant="31000", libelle="Diagnostic").status_code == 302
        )
        assert Depense.objects.count() == 2
    page = texte(client.get(f"{URL}?annee=2026")).replace("\u202f", " ").replace("\xa0", " ")
    assert "Formation à l'accueil inconditionnel" in page and "1 250,50 €" in page
    # État, formations: 20 000 allocated, 1 250,50 spent, 18 749,50 left
    assert "20 000,00 €" in page and "18 749,50 €" in page
    # the Département overspent on engineering
    assert "-1 000,00 €" in page and "(dépassement)" in page
    # the whole convention: 120 000 €
    assert "120 000,00 €" in page

    reponse = client.get("/developpement/pilotage/budget.csv?annee=2026")
    contenu = reponse.content.decode("utf-8-sig")
    assert reponse.status_code == 200 and "Financeur;Nature;Alloué (€);Dépensé (€);Reste (€)" in contenu
    assert "État;Formations;20000" in contenu and "Tous;Toutes;120000" in contenu
    classeur = load_workbook(io.BytesIO(client.get("/developpement/pilotage/budget.xlsx?annee=2026").content))
    lignes = [tuple(r) for r in classeur.active.iter_rows(values_only=True)]
    assert lignes[0][0] == "Budget de la convention — 2026"
    assert any(r[:2] == ("État", "Formations") and float(r[3]) == 1250.5 for r in lignes)


def test_bad_amounts_are_refused_in_french_and_nothing_is_written(client, david, lot):
    client.force_login(david)
    with tenant_context(lot):
        etat, _ = _convention(client)
    for montant, erreur in (
        ("-5", "Le montant doit être supérieur à zéro."),
        ("douze", "Saisissez un montant en euros, par exemple 1 250,50."),
        ("20 000 000", "Le montant ne peut dépasser 10 000 000 €."),
        ("12,345", "Le montant a au plus deux chiffres après la virgule (les centimes)."),
    ):
        reponse = _depense(client, etat, montant=montant)
        page = texte(reponse)
        assert reponse.status_code == 200 and "Rien n'a été enregistré" in page, montant
        assert "Montant dépensé (€)" in page and erreur in page, montant
    reponse = _depense(client, etat, date="", libelle="")
    assert "Ce champ est obligatoire." in texte(reponse)
    reponse = client.post(
        URL,
        {
            "dotation-financeur": etat.pk,
            "dotation-annee": "2026",
            "dotation-nature": "outils",
            "dotation-montant": "0",
            "dotation-envoi": "1",
        },
    )
    assert "Le montant doit être supérieur à zéro." in texte(reponse)
    assert "Ce financeur existe déjà." in texte(client.post(URL, {"financeur-nom": "état", "financeur-envoi": "1"}))
    with tenant_context(lot):
        assert Depense.objects.count() == 0 and Financeur.objects.count() == 2
        assert Dotation.objects.get(financeur=etat, nature="outils").montant == 5000


def test_the_budget_is_for_the_network_leads(client, bob):
    client.force_login(bob)
    assert client.get(URL).status_code == 403
    assert client.get("/developpement/pilotage/budget.csv").status_code == 403
