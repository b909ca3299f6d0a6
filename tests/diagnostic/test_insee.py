"""The importer of INSEE files by commune (docs/diagnostic.md §4), on small files written in the official format
(« base comparateur de territoires », « évolution et structure de la population », millésime 2021): every row is
checked, each bad row is reported in French with its line and column, and a file with one bad row writes nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from diagnostic.models import DonneeInsee
from tests import factories as f

pytestmark = pytest.mark.django_db

DONNEES = Path(__file__).parent / "donnees"


@pytest.fixture
def communes_du_lot(cahors):
    return [
        cahors,
        f.CommuneFactory(code="46127", nom="Gourdon", population=4206),
        f.CommuneFactory(code="46087", nom="Dégagnac", population=642),
    ]


def _valeurs(code):
    return {d.code: (d.valeur, d.millesime) for d in DonneeInsee.objects.filter(commune_id=code)}


def test_the_official_files_are_imported_with_their_vintage_and_unknown_communes_are_skipped(communes_du_lot, capsys):
    call_command(
        "importer_insee",
        comparateur=str(DONNEES / "base_cc_comparateur.csv"),
        structure_population=str(DONNEES / "base-cc-evol-struct-pop-2021.csv"),
    )
    sortie = capsys.readouterr().out
    assert "base_cc_comparateur.csv (base comparateur de territoires) : 3 commune(s) importée(s), 1 hors" in sortie
    cahors = _valeurs("46042")
    assert cahors["population"] == (Decimal("19425"), 2021)
    assert cahors["population_precedente"] == (Decimal("19907"), 2015)
    assert cahors["taux_pauvrete"] == (Decimal("21"), 2021) and cahors["revenu_median"] == (Decimal("20810"), 2021)
    assert cahors["age_0_14"] == (Decimal("2597.7"), 2021)
    # an empty cell is a figure INSEE does not publish: not stored
    degagnac = _valeurs("46087")
    assert "taux_pauvrete" not in degagnac and degagnac["revenu_median"][0] == Decimal("21400")
    assert not DonneeInsee.objects.filter(commune_id="75056").exists()

    # idempotent: importing again replaces, never duplicates
    avant = DonneeInsee.objects.count()
    call_command("importer_insee", comparateur=str(DONNEES / "base_cc_comparateur.csv"))
    assert DonneeInsee.objects.count() == avant


def test_every_bad_row_is_reported_in_french_and_nothing_is_written(communes_du_lot):
    call_command("importer_insee", structure_population=str(DONNEES / "base-cc-evol-struct-pop-2021.csv"))
    avant = DonneeInsee.objects.count()
    with pytest.raises(CommandError) as erreur:
        call_command("importer_insee", comparateur=str(DONNEES / "comparateur_invalide.csv"))
    message = str(erreur.value)
    assert "5 erreur(s), rien n'a été importé" in message
    assert (
        "comparateur_invalide.csv, ligne 3, colonne « CODGEO » : « 4604 » n'est pas un code commune Insee." in message
    )
    assert "ligne 4, colonne « MED21 » : « vingt mille » n'est pas un nombre." in message
    assert "ligne 5, colonne « CODGEO » : « 46042 » en double (déjà ligne 2)." in message
    assert "ligne 6, colonne « TP6021 » : « 120 » : un pourcentage ne dépasse pas 100." in message
    assert "ligne 7, colonne « P21_MEN » : « -3 » : un nombre positif est attendu." in message
    # the valid rows of the bad file are not written either, and the earlier import is untouched
    assert DonneeInsee.objects.count() == avant
    assert not DonneeInsee.objects.filter(fichier="comparateur").exists()


def test_a_file_without_a_required_column_or_with_a_broken_row_or_not_utf8_is_refused(communes_du_lot, tmp_path):
    sans_population = tmp_path / "sans_population.csv"
    sans_population.write_text("CODGEO;P21_MEN\n46042;10265\n", encoding="utf-8")
    colonnes = tmp_path / "colonnes.csv"
    colonnes.write_text("CODGEO;P21_POP\n46042;19425;12\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("CODGEO;LIBGEO;P21_POP\n46087;Dégagnac;320\n".encode("latin-1"))
    attendus = {
        sans_population: "sans_population.csv, ligne 1, colonne « PAA_POP » : colonne absente de l'en-tête.",
        colonnes: "colonnes.csv, ligne 2 : nombre de colonnes incorrect.",
        latin1: "latin1.csv, ligne 1 : Le fichier doit être encodé en UTF-8.",
    }
    for chemin, attendu in attendus.items():
        with pytest.raises(CommandError, match="rien n'a été importé") as erreur:
            call_command("importer_insee", comparateur=str(chemin))
        assert attendu in str(erreur.value)
    with pytest.raises(CommandError, match="fichier introuvable"):
        call_command("importer_insee", comparateur=str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match="Indiquez au moins un fichier"):
        call_command("importer_insee")
    assert not DonneeInsee.objects.exists()
