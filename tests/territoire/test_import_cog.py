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


def _importer_dossier(dossier):
    """Run the import expecting a refusal; return the message and check nothing was written."""
    with pytest.raises(CommandError) as erreur:
        call_command("importer_cog", dossier=str(dossier), verbosity=0)
    assert Commune.objects.count() == 0 and Departement.objects.count() == 0 and EPCI.objects.count() == 0
    message = str(erreur.value)
    assert "rien n'a été importé" in message
    return message


def _modifier_ligne(chemin, numero, colonne, valeur):
    """Set one field of line ``numero`` (1 = header) of a comma-separated file."""
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    champs = lignes[numero - 1].split(",")
    champs[colonne] = valeur
    lignes[numero - 1] = ",".join(champs)
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")


@pytest.mark.django_db
def test_a_windows_1252_file_names_the_line_and_column_of_the_first_bad_byte(dossier_reduit):
    chemin = dossier_reduit / "communes.csv"
    texte = chemin.read_text(encoding="utf-8")
    numero = next(i for i, ligne in enumerate(texte.splitlines(), start=1) if not ligne.isascii())
    chemin.write_bytes(texte.encode("cp1252"))  # what a spreadsheet saves as « CSV » on Windows
    message = _importer_dossier(dossier_reduit)
    assert f"communes.csv, ligne {numero}, colonne « name » : le fichier n'est pas encodé en UTF-8" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fichier,numero,colonne,valeur,attendu",
    [
        ("communes.csv", 3, 1, "C" * 101, "communes.csv, ligne 3, colonne « name » : « CCC"),
        ("epci.csv", 5, 1, "E" * 201, "epci.csv, ligne 5, colonne « name » : « EEE"),
        ("departements.csv", 48, 1, "L" * 101, "departements.csv, ligne 48, colonne « name » : « LLL"),
        ("departements.csv", 48, 2, "7600", "ligne 48, colonne « region » : « 7600 » n'est pas un code région valide"),
        ("communes.csv", 4, 3, "7600", "ligne 4, colonne « region » : « 7600 » n'est pas un code région valide"),
        ("epci.csv", 5, 2, "T" * 11, "epci.csv, ligne 5, colonne « type » : « TTTTTTTTTTT » dépasse 10 caractères"),
        ("communes.csv", 3, 6, "4600", "colonne « postal_codes » : « 4600 » n'est pas un code postal valide"),
        ("communes.csv", 3, 5, "3000000000", "ligne 3, colonne « population » : « 3000000000 » est trop grand"),
        ("communes.csv", 3, 1, "Ca\x00hors", "ligne 3, colonne « name » : caractère de contrôle interdit"),
    ],
)
def test_a_value_the_database_would_refuse_is_named(dossier_reduit, fichier, numero, colonne, valeur, attendu):
    _modifier_ligne(dossier_reduit / fichier, numero, colonne, valeur)
    message = _importer_dossier(dossier_reduit)
    assert attendu in message
    if len(valeur) > 100:
        assert f"dépasse {len(valeur) - 1} caractères ({len(valeur)})" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fichier,colonne,numero,attendu",
    [
        ("departements.csv", "code", 48, "« 46 » en double : déjà présent ligne 48."),
        ("epci.csv", "siren", 41, "« 200023737 » en double : déjà présent ligne 41."),
        ("communes.csv", "insee_code", 2, "« 46001 » en double : déjà présent ligne 2."),
    ],
)
def test_a_code_twice_in_a_file_names_both_lines(dossier_reduit, fichier, colonne, numero, attendu):
    chemin = dossier_reduit / fichier
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    chemin.write_text("\n".join([*lignes, lignes[numero - 1]]) + "\n", encoding="utf-8")
    message = _importer_dossier(dossier_reduit)
    assert f"{fichier}, ligne {len(lignes) + 1}, colonne « {colonne} » : {attendu}" in message


@pytest.mark.django_db
def test_a_missing_file_is_named_without_a_line(dossier_reduit):
    (dossier_reduit / "epci.csv").unlink()
    message = _importer_dossier(dossier_reduit)
    assert message.endswith("epci.csv : fichier introuvable.")
    assert "ligne" not in message
    with pytest.raises(CommandError) as erreur:
        call_command("importer_cog", communes_json=str(dossier_reduit / "absent.json"), verbosity=0)
    assert str(erreur.value).endswith("absent.json : fichier introuvable.")


@pytest.mark.django_db
def test_a_csv_field_over_the_csv_module_limit_is_named(dossier_reduit):
    chemin = dossier_reduit / "communes.csv"
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    lignes[3] = lignes[3].replace(",", ',"' + "x" * 140_000, 1)  # a quote never closed
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    message = _importer_dossier(dossier_reduit)
    assert "communes.csv, ligne 4 : champ de plus de 131072 caractères" in message


def _communes_json(tmp_path, **modifications):
    cahors = {
        "code": "46042",
        "nom": "Cahors",
        "population": 19_405,
        "codesPostaux": ["46000"],
        "codeEpci": None,
        "codeDepartement": "46",
        "codeRegion": "76",
        "centre": {"type": "Point", "coordinates": [1.4366, 44.4491]},
    }
    (tmp_path / "departements.json").write_text(json.dumps([{"code": "46", "nom": "Lot", "codeRegion": "76"}]))
    (tmp_path / "communes.json").write_text(json.dumps([{**cahors, **modifications}]))
    return {
        "communes_json": str(tmp_path / "communes.json"),
        "departements_json": str(tmp_path / "departements.json"),
        "verbosity": 0,
    }


@pytest.mark.django_db
def test_the_geo_api_export_accepts_unambiguous_numbers_and_a_single_postal_code(tmp_path):
    options = _communes_json(tmp_path, code=46042, codeDepartement=46, codeRegion=76, codesPostaux="46000")
    call_command("importer_cog", **options)
    cahors = Commune.objects.get(code="46042")
    assert (cahors.departement_id, cahors.region, cahors.codes_postaux) == ("46", "76", "46000")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "modification,attendu",
    [
        (
            {"codeDepartement": 1},
            "communes.json, élément 1, colonne « codeDepartement » : « 1 » n'est pas un code de département valide "
            "(nombre reçu",
        ),
        ({"code": [46042]}, "communes.json, élément 1, colonne « code » : texte attendu, reçu [46042]."),
        ({"nom": 46}, "communes.json, élément 1, colonne « nom » : texte attendu, reçu 46."),
        ({"codesPostaux": "4600"}, "colonne « codesPostaux » : « 4600 » n'est pas un code postal valide."),
        ({"codesPostaux": {"a": 1}}, "colonne « codesPostaux » : texte attendu"),
        ({"codeEpci": True}, "colonne « codeEpci » : texte attendu, reçu true."),
        ({"nom": "N" * 101}, "colonne « nom » : « NNN"),
    ],
)
def test_the_geo_api_export_refuses_values_of_the_wrong_type(tmp_path, modification, attendu):
    with pytest.raises(CommandError) as erreur:
        call_command("importer_cog", **_communes_json(tmp_path, **modification))
    assert attendu in str(erreur.value)
    assert Commune.objects.count() == 0 and Departement.objects.count() == 0


@pytest.mark.django_db
def test_the_geo_api_export_names_a_duplicate_and_a_latin1_file(tmp_path):
    options = _communes_json(tmp_path)
    (tmp_path / "departements.json").write_text(json.dumps([{"code": "46", "nom": "Lot"}, {"code": 46, "nom": "Lot"}]))
    with pytest.raises(CommandError, match="departements.json, élément 2, colonne « code » : « 46 » en double : déjà"):
        call_command("importer_cog", **options)
    (tmp_path / "departements.json").write_bytes('[{"code": "46",\n "nom": "Lot-et-Garonne é"}]'.encode("latin-1"))
    with pytest.raises(CommandError, match="departements.json, ligne 2 : le fichier n'est pas encodé en UTF-8"):
        call_command("importer_cog", **options)
    assert Commune.objects.count() == 0 and Departement.objects.count() == 0
