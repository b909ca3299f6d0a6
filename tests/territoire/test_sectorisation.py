import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collectivites.tenancy import tenant_context
from territoire.models import Sectorisation, TerritoireActionSociale, TerritoireInterventionSociale
from tests import factories as f


@pytest.fixture
def communes_lot(lot):
    return [
        f.CommuneFactory(code=f"46{n:03d}", nom=f"Commune {n}", departement=lot.departement, population=100 * n)
        for n in range(1, 6)
    ]


@pytest.fixture
def deux_tis(lot, communes_lot):
    tas = f.TASFactory(collectivite=lot, nom="TAS Nord")
    nord = f.TISFactory(collectivite=lot, nom="MSD Nord", tas=tas)
    sud = f.TISFactory(collectivite=lot, nom="MSD Sud", tas=tas)
    with tenant_context(lot):
        for c in communes_lot[:2]:
            f.SectorisationFactory(tis=nord, commune=c)
        f.SectorisationFactory(tis=sud, commune=communes_lot[2])
    return nord, sud


def test_the_sectorisation_page_lists_tis_and_communes_without_tis(client, alice, deux_tis):
    client.force_login(alice)
    page = client.get("/territoire/sectorisation/").content.decode()
    assert "MSD Nord" in page and "MSD Sud" in page
    # Cahors (the structure's commune, 19 000 inhabitants) and communes 4 and 5 have no TIS
    assert re.search(r"3 communes \(19\W900 habitants\) ne sont rattachées à aucun TIS", page)
    assert "Importer une sectorisation" not in page  # reception may read, not change


def test_the_project_lead_moves_communes_between_tis(client, david, deux_tis, communes_lot, lot):
    nord, sud = deux_tis
    client.force_login(david)
    codes = [communes_lot[0].code, communes_lot[2].code]
    reponse = client.post(f"/territoire/tis/{nord.pk}/modifier/", {"communes": codes})
    page = reponse.content.decode()
    assert "Rien n'a été enregistré" in page and "Déjà rattachées à un autre TIS : Commune 3 (MSD Sud)" in page
    with tenant_context(lot):
        assert Sectorisation.objects.filter(tis=nord).count() == 2  # unchanged
    reponse = client.post(f"/territoire/tis/{nord.pk}/modifier/", {"communes": codes, "deplacer": "on"})
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert set(Sectorisation.objects.filter(tis=nord).values_list("commune_id", flat=True)) == set(codes)
        assert not Sectorisation.objects.filter(tis=sud).exists()


def test_a_commune_of_another_departement_is_refused(client, david, deux_tis, lot):
    ailleurs = f.CommuneFactory(code="12202", nom="Rodez", departement=f.DepartementFactory(code="12"))
    client.force_login(david)
    reponse = client.post(f"/territoire/tis/{deux_tis[0].pk}/modifier/", {"communes": [ailleurs.code]})
    assert "Sélectionnez un choix valide" in reponse.content.decode()


def test_reception_cannot_change_the_sectorisation(client, alice, deux_tis):
    client.force_login(alice)
    assert client.get(f"/territoire/tis/{deux_tis[0].pk}/modifier/").status_code == 403
    assert client.post("/territoire/sectorisation/importer/").status_code == 403


def test_an_import_replaces_the_sectorisation(client, fanny, deux_tis, communes_lot, lot):
    csv = "code_insee;tis;tas\n" + "\n".join(f"{c.code};MSD Est;TAS Sud" for c in communes_lot) + "\n"
    client.force_login(fanny)
    reponse = client.post(
        "/territoire/sectorisation/importer/",
        {"fichier": SimpleUploadedFile("s.csv", csv.encode(), "text/csv")},
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        est = TerritoireInterventionSociale.objects.get(nom="MSD Est")
        assert est.tas.nom == "TAS Sud"
        assert Sectorisation.objects.filter(tis=est).count() == 5
        assert Sectorisation.objects.count() == 5


def test_a_bad_import_lists_every_bad_line_and_writes_nothing(client, fanny, deux_tis, communes_lot, lot):
    csv = (
        "code_insee,tis,tas\n"
        f"{communes_lot[0].code},MSD Est,TAS Sud\n"
        "99999,MSD Est,TAS Sud\n"
        f"{communes_lot[0].code},MSD Est,TAS Sud\n"
        f"{communes_lot[1].code},,TAS Sud\n"
    )
    client.force_login(fanny)
    reponse = client.post(
        "/territoire/sectorisation/importer/",
        {"fichier": SimpleUploadedFile("s.csv", csv.encode(), "text/csv")},
    )
    page = reponse.content.decode()
    assert "4 erreurs" not in page and "3 erreurs" in page
    assert "Ligne 3 : commune « 99999 » inconnue du COG." in page
    assert "Ligne 4 : la commune Commune 1 (46001) figure déjà ligne 2." in page
    assert "Ligne 5 : nom du TIS manquant." in page
    with tenant_context(lot):
        assert not TerritoireInterventionSociale.objects.filter(nom="MSD Est").exists()
        assert Sectorisation.objects.count() == 3


def test_an_import_without_the_right_columns_says_which(client, fanny, deux_tis):
    client.force_login(fanny)
    reponse = client.post(
        "/territoire/sectorisation/importer/",
        {"fichier": SimpleUploadedFile("s.csv", b"insee;pole\n46001;Nord\n", "text/csv")},
    )
    assert "Colonne(s) absente(s) de l&#x27;en-tête : code_insee, tis, tas" in reponse.content.decode()


def test_a_binary_file_is_refused(client, fanny, deux_tis):
    client.force_login(fanny)
    reponse = client.post(
        "/territoire/sectorisation/importer/",
        {"fichier": SimpleUploadedFile("s.csv", b"\x89PNG\x00\x00", "text/csv")},
    )
    assert "pas un fichier texte CSV" in reponse.content.decode()


def test_the_autocomplete_finds_communes_by_name_code_or_postcode(client, alice, cahors):
    client.force_login(alice)
    for terme in ("cah", "46042", "46000"):
        resultats = client.get("/territoire/communes/autocompletion/", {"q": terme}).json()["resultats"]
        assert [r["nom"] for r in resultats] == ["Cahors"], terme
    assert client.get("/territoire/communes/autocompletion/", {"q": ""}).json()["resultats"] == []


def test_the_project_lead_creates_a_tis_with_a_new_tas(client, david, lot):
    client.force_login(david)
    reponse = client.post(
        "/territoire/tis/nouveau/",
        {"nom": "MSD de Gramat", "nouveau_tas": "TAS Nord-Lot", "telephone": "05 65 00 00 00"},
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        tis = TerritoireInterventionSociale.objects.get(nom="MSD de Gramat")
        assert tis.tas.nom == "TAS Nord-Lot" and reponse["Location"] == f"/territoire/tis/{tis.pk}/"


def test_a_tis_needs_a_tas_and_a_unique_name(client, david, deux_tis, lot):
    client.force_login(david)
    page = client.post("/territoire/tis/nouveau/", {"nom": "msd nord"}).content.decode()
    assert "Un TIS s&#x27;appelle déjà « msd nord »." in page
    assert "Choisissez un TAS ou nommez-en un nouveau." in page
    with tenant_context(lot):
        assert TerritoireInterventionSociale.objects.count() == 2


def test_a_tis_is_renamed(client, david, deux_tis, lot):
    nord, _ = deux_tis
    client.force_login(david)
    reponse = client.post(f"/territoire/tis/{nord.pk}/renommer/", {"nom": "MSD du Nord", "tas": nord.tas_id})
    assert reponse.status_code == 302
    nord.refresh_from_db()
    assert nord.nom == "MSD du Nord"


def test_the_tis_action_takes_fields_not_a_form(david, deux_tis, lot, dans_le_lot):
    """What the API would call: a rename keeps the TAS; without a TAS, a new one must be named."""
    from django.core.exceptions import ValidationError

    from territoire.actions import do_enregistrer_tis

    nord, _ = deux_tis
    tis = do_enregistrer_tis(david, lot, TerritoireInterventionSociale.objects.get(pk=nord.pk), nom="MSD du Nord")
    assert (tis.nom, tis.tas_id) == ("MSD du Nord", nord.tas_id)
    with pytest.raises(ValidationError, match="nommez-en un nouveau"):
        do_enregistrer_tis(david, lot, nom="MSD de Gramat")
    assert do_enregistrer_tis(david, lot, nom="MSD de Gramat", nouveau_tas="tas nord").tas_id == nord.tas_id


def _importer(client, contenu):
    reponse = client.post(
        "/territoire/sectorisation/importer/",
        {
            "fichier": SimpleUploadedFile(
                "s.csv", contenu if isinstance(contenu, bytes) else contenu.encode(), "text/csv"
            )
        },
    )
    return reponse


def _rien_n_a_change(lot):
    with tenant_context(lot):
        assert set(TerritoireInterventionSociale.objects.values_list("nom", flat=True)) == {"MSD Nord", "MSD Sud"}
        assert TerritoireActionSociale.objects.count() == 1
        assert Sectorisation.objects.count() == 3


def test_a_field_over_128_kb_is_a_line_error(client, fanny, deux_tis, communes_lot, lot):
    csv = f"code_insee;tis;tas\n{communes_lot[0].code};MSD Est;TAS Sud\n{communes_lot[1].code};{'x' * 140_000};TAS\n"
    client.force_login(fanny)
    reponse = _importer(client, csv)
    assert reponse.status_code == 200
    assert "Ligne 3 : un champ dépasse 128 Ko" in reponse.content.decode()
    _rien_n_a_change(lot)


def test_a_tis_under_two_tas_is_a_line_error(client, fanny, deux_tis, communes_lot, lot):
    csv = (
        "code_insee;tis;tas\n"
        f"{communes_lot[0].code};MSD Est;TAS Sud\n"
        f"{communes_lot[1].code};msd est;TAS Ouest\n"
        f"{communes_lot[2].code};MSD Est;tas sud\n"
    )
    client.force_login(fanny)
    page = _importer(client, csv).content.decode()
    assert "1 erreur ;" in page
    assert "Ligne 3 : le TIS « msd est » est déjà rattaché au TAS « TAS Sud » ligne 2." in page
    _rien_n_a_change(lot)


def test_a_name_over_150_characters_is_a_line_error_not_cut(client, fanny, deux_tis, communes_lot, lot):
    csv = (
        f"code_insee;tis;tas\n{communes_lot[0].code};{'T' * 151};TAS Sud\n{communes_lot[1].code};MSD Est;{'A' * 160}\n"
    )
    client.force_login(fanny)
    page = _importer(client, csv).content.decode()
    assert "2 erreurs" in page
    assert "Ligne 2 : le nom du TIS dépasse 150 caractères (151)." in page
    assert "Ligne 3 : le nom du TAS dépasse 150 caractères (160)." in page
    _rien_n_a_change(lot)


def test_a_nul_byte_past_the_first_4_kb_is_a_line_error(client, fanny, deux_tis, communes_lot, lot):
    csv = "code_insee;tis;tas\n" + "\n" * 5000 + f"{communes_lot[0].code};MSD\x00Est;TAS Sud\n"
    client.force_login(fanny)
    page = _importer(client, csv).content.decode()
    assert re.search(r"Ligne 5\W?002 : caractère de contrôle interdit \(NUL…\)\.", page)  # 5 002: localised
    _rien_n_a_change(lot)


def test_an_import_with_old_mac_line_endings_is_read(client, fanny, deux_tis, communes_lot, lot):
    csv = "code_insee;tis;tas\r" + "\r".join(f"{c.code};MSD Est;TAS Sud" for c in communes_lot) + "\r"
    client.force_login(fanny)
    assert _importer(client, csv).status_code == 302
    with tenant_context(lot):
        assert Sectorisation.objects.filter(tis__nom="MSD Est").count() == 5


def test_an_import_reuses_tas_and_tis_whatever_their_case(client, fanny, deux_tis, communes_lot, lot):
    nord, sud = deux_tis
    csv = (
        "code_insee;tis;tas\n"
        f"{communes_lot[0].code};msd nord;tas nord\n"
        f"{communes_lot[1].code};MSD SUD;Tas Nord\n"
        f"{communes_lot[2].code};MSD Ouest;TAS NORD\n"
    )
    client.force_login(fanny)
    assert _importer(client, csv).status_code == 302
    with tenant_context(lot):
        assert list(TerritoireActionSociale.objects.values_list("nom", flat=True)) == ["TAS Nord"]
        assert sorted(TerritoireInterventionSociale.objects.values_list("nom", flat=True)) == [
            "MSD Nord",
            "MSD Ouest",
            "MSD Sud",
        ]
        assert Sectorisation.objects.get(commune=communes_lot[0]).tis == nord
        assert Sectorisation.objects.get(commune=communes_lot[1]).tis == sud


def test_a_new_tas_typed_in_another_case_reuses_the_existing_one(client, david, deux_tis, lot):
    client.force_login(david)
    reponse = client.post("/territoire/tis/nouveau/", {"nom": "MSD de Gramat", "nouveau_tas": "tas nord"})
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert TerritoireActionSociale.objects.count() == 1
        assert TerritoireInterventionSociale.objects.get(nom="MSD de Gramat").tas.nom == "TAS Nord"
