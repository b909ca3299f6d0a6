import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum

from territoire.models import EPCI, Commune, Departement

DONNEES = Path(settings.RELAIS_DATA_DIR or Path(settings.BASE_DIR).parent / "shared" / "data")


@pytest.fixture
def dossier_reduit(tmp_path):
    """departements.csv and epci.csv as they are, and the Lot's communes only."""
    shutil.copy(DONNEES / "departements.csv", tmp_path)
    shutil.copy(DONNEES / "epci.csv", tmp_path)
    lignes = (DONNEES / "communes.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "communes.csv").write_text(
        "\n".join([lignes[0], *(x for x in lignes[1:] if x.split(",")[2] == "46")]) + "\n", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.django_db
def test_it_imports_the_whole_cog_and_the_lot(capsys):
    assert DONNEES.exists(), f"données du territoire introuvables : {DONNEES}"
    call_command("importer_cog", dossier=str(DONNEES))
    assert Commune.objects.count() == 34_875
    assert Departement.objects.count() == 101
    assert EPCI.objects.count() == 1_255
    lot = Commune.objects.du_departement("46")
    assert lot.count() == 312
    assert lot.aggregate(p=Sum("population"))["p"] == 176_473
    cahors = Commune.objects.get(code="46042")
    assert cahors.nom == "Cahors" and cahors.epci.nom.startswith("CA du Grand Cahors")
    sortie = capsys.readouterr()
    assert "34875 communes" in sortie.out
    assert "34875/34875" in sortie.err  # the progress bar went to the end


@pytest.mark.django_db
def test_a_second_import_changes_nothing(dossier_reduit):
    call_command("importer_cog", dossier=str(dossier_reduit), verbosity=0)
    Commune.objects.filter(code="46042").update(nom="Cahors (modifié à la main)", population=1)
    call_command("importer_cog", dossier=str(dossier_reduit), verbosity=0)
    assert Commune.objects.count() == 312
    cahors = Commune.objects.get(code="46042")
    assert cahors.nom == "Cahors" and cahors.population > 19_000


@pytest.mark.django_db
def test_a_malformed_file_names_line_and_column_and_writes_nothing(dossier_reduit):
    chemin = dossier_reduit / "communes.csv"
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    champs = lignes[-1].split(",")
    champs[5] = "douze"  # population of the last commune
    lignes[-1] = ",".join(champs)
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as erreur:
        call_command("importer_cog", dossier=str(dossier_reduit), verbosity=0)
    message = str(erreur.value)
    assert f"communes.csv, ligne {len(lignes)}, colonne « population »" in message
    assert "« douze » n'est pas un nombre entier" in message
    assert "rien n'a été importé" in message
    assert Commune.objects.count() == 0 and Departement.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "modification,attendu",
    [
        (lambda c: c.__setitem__(8, "1.4x"), "colonne « longitude »"),
        (lambda c: c.__setitem__(7, "95.0"), "hors des bornes"),
        (lambda c: c.__setitem__(0, "4604"), "n'est pas un code INSEE de commune valide"),
        (lambda c: c.__setitem__(4, "999999999"), "EPCI 999999999 inconnu"),
        (lambda c: c.__setitem__(1, ""), "colonne « name » : valeur manquante"),
    ],
)
def test_each_kind_of_bad_value_is_named(dossier_reduit, modification, attendu):
    chemin = dossier_reduit / "communes.csv"
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    champs = lignes[3].split(",")
    modification(champs)
    lignes[3] = ",".join(champs)
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=attendu):
        call_command("importer_cog", dossier=str(dossier_reduit), verbosity=0)
    assert Commune.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_column_is_named(dossier_reduit):
    chemin = dossier_reduit / "epci.csv"
    chemin.write_text(chemin.read_text(encoding="utf-8").replace("population", "habitants", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"epci.csv, ligne 1, colonne « population » : colonne absente"):
        call_command("importer_cog", dossier=str(dossier_reduit), verbosity=0)


@pytest.mark.django_db
def test_it_reads_the_geo_api_json_export(tmp_path):
    (tmp_path / "departements.json").write_text(json.dumps([{"code": "46", "nom": "Lot", "codeRegion": "76"}]))
    (tmp_path / "epcis.json").write_text(
        json.dumps([{"code": "200023737", "nom": "CA du Grand Cahors", "population": 41000}])
    )
    communes = [
        {
            "code": "46042",
            "nom": "Cahors",
            "population": 19_405,
            "codesPostaux": ["46000"],
            "codeEpci": "200023737",
            "codeDepartement": "46",
            "codeRegion": "76",
            "centre": {"type": "Point", "coordinates": [1.4366, 44.4491]},
        },
        {
            "code": "46102",
            "nom": "Figeac",
            "population": 9_800,
            "codesPostaux": ["46100"],
            "codeEpci": None,
            "codeDepartement": "46",
            "codeRegion": "76",
            "centre": {"type": "Point", "coordinates": [2.0317, 44.6086]},
        },
    ]
    (tmp_path / "communes.json").write_text(json.dumps(communes))
    call_command(
        "importer_cog",
        communes_json=str(tmp_path / "communes.json"),
        departements_json=str(tmp_path / "departements.json"),
        epci_json=str(tmp_path / "epcis.json"),
        verbosity=0,
    )
    cahors = Commune.objects.get(code="46042")
    assert (cahors.latitude, cahors.longitude) == (44.4491, 1.4366)
    assert cahors.epci.nom == "CA du Grand Cahors" and cahors.codes_postaux == "46000"
    assert Commune.objects.get(code="46102").epci is None


@pytest.mark.django_db
def test_a_broken_geo_api_export_is_refused(tmp_path):
    (tmp_path / "departements.json").write_text(json.dumps([{"code": "46", "nom": "Lot"}]))
    (tmp_path / "communes.json").write_text(
        json.dumps(
            [
                {"code": "46042", "nom": "Cahors", "codeDepartement": "46", "centre": None},
            ]
        )
    )
    with pytest.raises(CommandError, match=r"communes.json, élément 1, colonne « centre »"):
        call_command(
            "importer_cog",
            communes_json=str(tmp_path / "communes.json"),
            departements_json=str(tmp_path / "departements.json"),
            verbosity=0,
        )
    (tmp_path / "communes.json").write_text('[{"code": "46042",')
    with pytest.raises(CommandError, match=r"communes.json, ligne 1, colonne « caractère \d+ » : JSON invalide"):
        call_command("importer_cog", communes_json=str(tmp_path / "communes.json"), verbosity=0)
    assert Commune.objects.count() == 0 and Departement.objects.count() == 0


def test_without_any_source_it_says_what_to_do(settings, db):
    settings.RELAIS_DATA_DIR = ""
    with pytest.raises(CommandError, match="RELAIS_DATA_DIR"):
        call_command("importer_cog")
