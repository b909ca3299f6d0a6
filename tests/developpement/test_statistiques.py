"""Statistics of the collective actions (docs/developpement.md §13): the rollup source of indicateurs, read on the
actions' pages and exported, attendances under the small-cell rule."""

import datetime
import io

import openpyxl

from collectivites.tenancy import tenant_context
from developpement.models import ThemeAction
from indicateurs import statistiques
from indicateurs.models import Agregat
from tests import factories as f

from .conftest import texte


def _actions(lot, structure_a, cahors):
    """Two actions on the « Lien social » theme, one in Cahors: March, 8 + 3 counted and one named person present;
    April, 2 counted (a small cell); May, 6 counted (hidden too, or April's would be the year's total minus the
    others)."""
    with tenant_context(lot):
        lien = ThemeAction.objects.get(code="lien-social")
        cafe = f.ActionCollectiveFactory(
            titre="Café des parents", structures=[structure_a], debut=datetime.date(2026, 3, 1)
        )
        cafe.themes.set([lien])
        cafe.communes.set([cahors])
        s1 = f.SeanceFactory(action=cafe, date=datetime.date(2026, 3, 10))
        f.ParticipationFactory(seance=s1, tranche_age="26_59", sexe="femme", nombre=8)
        f.ParticipationFactory(seance=s1, tranche_age="26_59", sexe="homme", nombre=3)
        f.PresenceFactory(seance=s1)
        s2 = f.SeanceFactory(action=cafe, date=datetime.date(2026, 4, 7))
        f.ParticipationFactory(seance=s2, tranche_age="60_plus", sexe="femme", nombre=2)
        s3 = f.SeanceFactory(action=cafe, date=datetime.date(2026, 5, 5))
        f.ParticipationFactory(seance=s3, tranche_age="26_59", sexe="femme", nombre=6)
        atelier = f.ActionCollectiveFactory(
            titre="Atelier numérique", structures=[structure_a], debut=datetime.date(2026, 4, 1)
        )
        atelier.themes.set([lien])
        statistiques.rafraichir(lot, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), ["actions_collectives"])


def test_the_rollup_counts_actions_sessions_and_attendances_by_month_theme_and_territory(lot, structure_a, cahors):
    _actions(lot, structure_a, cahors)
    with tenant_context(lot):
        cellules = {
            (c.mois.month, c.dimension, c.libelle): c.valeur
            for c in Agregat.objects.filter(source="actions_collectives")
        }
    assert cellules[(3, "actions", "Total")] == 1 and cellules[(4, "actions", "Total")] == 1
    assert cellules[(3, "seances", "Total")] == 1 and cellules[(4, "seances", "Total")] == 1
    assert cellules[(3, "participants", "Total")] == 12  # 8 + 3 counted, 1 named
    assert cellules[(3, "participants_theme", "Lien social et isolement")] == 12
    assert cellules[(3, "participants_commune", "Cahors")] == 12
    assert cellules[(4, "actions_commune", "Territoire non précisé")] == 1


def test_the_actions_page_shows_the_statistics_with_small_cells_hidden(client, bob, lot, structure_a, cahors):
    _actions(lot, structure_a, cahors)
    client.force_login(bob)
    assert "/developpement/actions/statistiques/" in texte(client.get("/developpement/actions/"))
    page = texte(client.get("/developpement/actions/statistiques/?annee=2026"))
    assert "Statistiques des actions collectives 2026" in page
    assert '<th scope="row">03/2026</th>' in page
    # April's 2 attendances are under the threshold (5): hidden, and March's shown
    assert "12" in page and "secret" in page
    assert "Lien social et isolement" in page and "Cahors" in page and "Territoire non précisé" in page
    assert client.post("/developpement/actions/statistiques/").status_code == 405


def test_the_statistics_export_as_csv_and_xlsx_with_secret_cells(client, bob, lot, structure_a, cahors):
    _actions(lot, structure_a, cahors)
    client.force_login(bob)
    csv = client.get("/developpement/actions/statistiques.csv?annee=2026").content.decode("utf-8-sig")
    lignes = [ligne.split(";") for ligne in csv.splitlines()]
    assert lignes[0] == ["Axe", "Libellé", "Actions commencées", "Séances", "Participations"]
    assert ["Mois", "03/2026", "1", "1", "12"] in lignes
    assert ["Mois", "04/2026", "1", "1", "secret"] in lignes and ["Mois", "05/2026", "0", "1", "secret"] in lignes
    xlsx = client.get("/developpement/actions/statistiques.xlsx?annee=2026")
    feuille = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    valeurs = [[c.value for c in ligne] for ligne in feuille.iter_rows()]
    assert ["Thème", "Lien social et isolement", 2, 3, 20] in valeurs


def test_a_role_without_the_actions_does_not_read_the_statistics(client, emma, lot):
    client.force_login(emma)
    assert client.get("/developpement/actions/statistiques/").status_code == 403
