"""config.exports: the one writer of the CSV and XLSX exports (formula neutralisation, OWASP)."""

import io

import pytest
from openpyxl import load_workbook

from config.exports import cellule, reponse_csv, reponse_xlsx


@pytest.mark.parametrize("debut", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_that_a_spreadsheet_would_run_is_prefixed_with_a_quote(debut):
    assert cellule(debut + "1+1") == "'" + debut + "1+1"


def test_numbers_stay_numbers_and_none_is_the_given_filler():
    assert cellule(-3) == -3 and cellule(2.5) == 2.5
    assert cellule(None) == "" and cellule(None, nul="secret") == "secret"
    assert cellule("Cahors") == "Cahors" and cellule("a=b") == "a=b"


def test_csv_and_xlsx_share_the_neutraliser():
    lignes = [["=SOMME(A1:A9)", None, 4]]
    csv = reponse_csv("t", ["nom", "valeur", "n"], lignes, nul="secret")
    assert csv.content.decode("utf-8-sig") == "nom;valeur;n\r\n'=SOMME(A1:A9);secret;4\r\n"
    assert csv["Content-Disposition"] == 'attachment; filename="t.csv"'
    flux = reponse_csv("t", ["nom"], iter([["@x"]]), separateur=",", bom=False, flux=True)
    assert b"".join(flux.streaming_content) == b"nom\r\n'@x\r\n"
    xlsx = reponse_xlsx("t", ["nom", "valeur", "n"], lignes, titre="Titre", nul="secret")
    feuille = load_workbook(io.BytesIO(xlsx.content)).active
    assert [[c.value for c in rangee] for rangee in feuille.iter_rows()] == [
        ["Titre", None, None],
        ["nom", "valeur", "n"],
        ["'=SOMME(A1:A9)", "secret", 4],
    ]
    assert feuille["A3"].data_type == "s"  # a string, not a formula
