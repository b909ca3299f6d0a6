from django.core.files.uploadedfile import SimpleUploadedFile

from collectivites.tenancy import tenant_context
from reseau.models import LieuAccueil, Structure

ENTETE = "nom;type;siret;commune_insee;adresse;telephone;email;lieu_nom;type_accueil;horaires\n"


def envoyer(client, contenu):
    return client.post(
        "/reseau/structures/importer/", {"fichier": SimpleUploadedFile("s.csv", contenu.encode(), "text/csv")}
    )


def test_a_good_file_creates_structures_and_sites(client, david, lot, cahors):
    client.force_login(david)
    reponse = envoyer(
        client,
        ENTETE
        + "Secours populaire;association;;46042;3 rue X;;;Permanence;permanence;Tu 09:00-12:00\n"
        + "CCAS de Cahors;ccas-cias;73282932000074;46042;;;;;;\n",
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert Structure.objects.filter(nom__in=["Secours populaire", "CCAS de Cahors"]).count() == 2
        assert LieuAccueil.objects.get().horaires == "Tu 09:00-12:00"


def test_a_bad_row_is_reported_and_nothing_is_written(client, david, lot, cahors, structure_a):
    client.force_login(david)
    page = envoyer(
        client,
        ENTETE
        + "Bonne ligne;association;;46042;;;;;;\n"
        + "Mauvais SIRET;caf;73282932000075;46042;;;;;;\n"
        + "Mauvaises heures;association;;46042;;;;Lieu;permanence;le mardi\n"
        + f"{structure_a.nom};departement;;99999;;;;;;\n",
    ).content.decode()
    assert "3 erreurs ; rien n&#x27;a été enregistré" in page or "3 erreurs ; rien n'a été enregistré" in page
    assert "Ligne 3 : siret : Ce SIRET n&#x27;est pas valide" in page
    assert "Ligne 4 : horaires : Ces horaires ne sont pas lisibles" in page
    assert "Ligne 5 : « Département du Lot — Solidarités » existe déjà dans le réseau ; commune « 99999 »" in page
    with tenant_context(lot):
        assert list(Structure.objects.values_list("nom", flat=True)) == [structure_a.nom]


def test_a_missing_column_is_named(client, david, cahors):
    client.force_login(david)
    page = envoyer(client, "nom;commune_insee\nX;46042\n").content.decode()
    assert "Ligne 1 : Colonne(s) absente(s) : type." in page


def test_only_the_network_lead_imports(client, alice):
    client.force_login(alice)
    assert client.get("/reseau/structures/importer/").status_code == 403


def test_a_control_character_is_a_line_error(client, david, lot, cahors):
    client.force_login(david)
    page = envoyer(client, ENTETE + "A" * 4100 + ";association;;46042;;;;;;\n" + "Nul\x00;association;;46042;;;;;;\n")
    page = page.content.decode()
    assert "Ligne 3 : caractère de contrôle interdit (NUL…)" in page


def test_a_value_the_model_would_cut_or_refuse_is_a_line_error(client, david, lot, cahors):
    client.force_login(david)
    page = envoyer(
        client,
        ENTETE
        + f"Trop longue;association;;46042;{'r' * 300};;;;;\n"
        + f"Lieu trop long;association;;46042;;;;{'L' * 300};permanence;\n"
        + "Courriel faux;association;;46042;;;pas-un-courriel;;;\n"
        + f"Téléphone long;association;;46042;;{'0' * 100};;;;\n",
    ).content.decode()
    assert "Ligne 2 : adresse : Assurez-vous que cette valeur comporte au plus 250 caractères" in page
    assert "Ligne 3 : lieu_nom : Assurez-vous que cette valeur comporte au plus 200 caractères" in page
    assert "Ligne 4 : email : Saisissez une adresse e-mail valide." in page
    assert "Ligne 5 : telephone : Ce numéro de téléphone n&#x27;est pas valide." in page
    with tenant_context(lot):
        assert list(Structure.objects.values_list("nom", flat=True)) == ["Département du Lot — Solidarités"]


def test_a_site_name_already_used_is_a_line_error(client, david, lot, cahors, lieu_a):
    client.force_login(david)
    page = envoyer(
        client,
        ENTETE
        + "Nouvelle;association;;46042;;;;MSD de Cahors;permanence;\n"
        + "Autre;association;;46042;;;;Permanence;permanence;\n"
        + "Encore;association;;46042;;;;Permanence;permanence;\n",
    ).content.decode()
    assert "Ligne 2 : lieu_nom : le lieu « MSD de Cahors » existe déjà" in page
    assert "Ligne 4 : lieu_nom : le lieu « Permanence » figure déjà ligne 3" in page
