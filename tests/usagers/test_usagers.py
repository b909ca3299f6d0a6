import pytest

from accueil.models import Orientation, Passage
from collectivites.tenancy import tenant_context
from tests import factories as f
from usagers.models import EvenementUsager, JournalAcces, Usager
from usagers.recherche import analyser, normaliser


def creer(lot, prenom, nom, **autres):
    with tenant_context(lot):
        return f.UsagerFactory(prenom=prenom, nom=nom, **autres)


def chercher(client, q):
    return client.get("/usagers/recherche/", {"q": q}).content.decode()


def test_normalisation():
    assert normaliser("  Jeanne-Marie DUPONT ") == "jeanne marie dupont"
    assert normaliser("Élodie Ça-Fé") == "elodie ca fe"
    assert analyser("Dupond 14/03/1980 06.12.34.56.78") == (
        ["dupond"],
        __import__("datetime").date(1980, 3, 14),
        "0612345678",
    )


@pytest.mark.parametrize(
    "requete",
    ["Dupond Jeane", "jeanne dupont", "DUPONT", "Jéanne", "14/03/1980", "06 12 34 56 78", "dupont 14/03/1980"],
)
def test_search_is_accent_and_typo_tolerant(client, alice, lot, jeanne, requete):
    creer(lot, "Jean", "Martin")
    creer(lot, "Paul", "Durand", date_naissance="1980-03-15")
    client.force_login(alice)
    page = chercher(client, requete)
    assert "Jeanne DUPONT" in page
    assert "Paul DURAND" not in page


def test_search_never_reaches_another_collectivite(client, alice, lot, jeanne, zoe, manche):
    creer(manche, "Jeanne", "Dupont")
    client.force_login(alice)
    page = chercher(client, "Jeanne Dupont")
    assert page.count("Jeanne DUPONT") == 1


def test_nothing_to_search_finds_nothing(client, alice, jeanne):
    client.force_login(alice)
    assert "Jeanne" not in chercher(client, "")
    assert "Aucune personne ne correspond" in chercher(client, "zzzzqqq")


def test_creating_a_person_warns_of_a_likely_duplicate(client, alice, lot, jeanne):
    client.force_login(alice)
    reponse = client.post("/usagers/nouveau/", {"prenom": "JEANNE", "nom": "dupont"})
    page = reponse.content.decode()
    assert "Un dossier semblable existe peut-être déjà" in page and "Jeanne DUPONT" in page
    with tenant_context(lot):
        assert Usager.objects.count() == 1
    reponse = client.post("/usagers/nouveau/", {"prenom": "Jeanne", "nom": "Dupont", "confirmer_doublon": "on"})
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert Usager.objects.count() == 2
        nouvelle = Usager.objects.latest("pk")
        assert nouvelle.cree_par == alice
        assert nouvelle.evenements.get().type == EvenementUsager.Type.CREATION


@pytest.mark.parametrize(
    "modification,message",
    [
        ({"prenom": ""}, "Ce champ est obligatoire."),
        ({"date_naissance": "2999-01-01"}, "La date de naissance ne peut pas être dans le futur."),
        ({"telephone": "12"}, "Ce numéro de téléphone n'est pas valide."),
    ],
)
def test_bad_person_input_writes_nothing(client, alice, lot, modification, message):
    client.force_login(alice)
    page = client.post("/usagers/nouveau/", {"prenom": "Léa", "nom": "Roux", **modification}).content.decode()
    assert message in page.replace("&#x27;", "'")
    with tenant_context(lot):
        assert not Usager.objects.exists()


def test_creating_from_the_desk_comes_back_to_the_desk_with_the_person(client, alice, lot):
    client.force_login(alice)
    reponse = client.post("/usagers/nouveau/", {"prenom": "Léa", "nom": "Roux", "suivant": "/accueil/passage/nouveau/"})
    with tenant_context(lot):
        lea = Usager.objects.get()
    assert reponse["Location"] == f"/accueil/passage/nouveau/?usager={lea.pk}"
    page = client.get(reponse["Location"]).content.decode()
    assert "Personne : <strong>Léa ROUX</strong>" in page


def test_an_outside_next_url_is_ignored(client, alice, lot):
    client.force_login(alice)
    reponse = client.post("/usagers/nouveau/", {"prenom": "Léa", "nom": "Roux", "suivant": "https://evil.example/"})
    assert reponse["Location"].startswith("/usagers/")


def test_every_view_of_a_file_is_logged(client, alice, lot, jeanne, structure_a):
    client.force_login(alice)
    client.get(f"/usagers/{jeanne.pk}/")
    client.get(f"/usagers/{jeanne.pk}/bandeau/")
    with tenant_context(lot):
        lignes = list(JournalAcces.objects.filter(usager=jeanne).order_by("quand", "pk"))
    assert [(ligne.utilisateur, ligne.structure, ligne.action) for ligne in lignes] == [
        (alice, structure_a, "consultation"),
        (alice, structure_a, "bandeau"),
    ]
    page = client.get(f"/usagers/{jeanne.pk}/acces/").content.decode()
    assert "Consultation du bandeau" in page


def test_the_access_log_cannot_be_changed(lot, alice, jeanne):
    from django.core.exceptions import PermissionDenied

    with tenant_context(lot):
        ligne = f.JournalAccesFactory(utilisateur=alice, usager=jeanne)
        with pytest.raises(PermissionDenied):
            ligne.save()
        with pytest.raises(PermissionDenied):
            ligne.delete()
        with pytest.raises(PermissionDenied):
            JournalAcces.objects.filter(pk=ligne.pk).update(action="export")
        with pytest.raises(PermissionDenied):
            JournalAcces.objects.all().delete()


def test_the_strip_shows_passages_and_open_orientations_not_notes(
    client, alice, chloe, lot, jeanne, saisie, orientation_vers, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accueil/passage/nouveau/",
            saisie(usager=jeanne.pk, information="Note de l'accueil A", **orientation_vers()),
        )
    page = client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()
    assert "Passages précédents (1)" in page and "MSD de Cahors" in page and "Logement, hébergement" in page
    assert "Vers CCAS de Cahors" in page and "envoyée" in page
    assert "Note de l&#x27;accueil A" not in page  # the strip never shows free text
    # a social worker of another structure sees the strip, not the passage itself
    client.force_login(chloe)
    with tenant_context(lot):
        passage = Passage.objects.get()
    assert "MSD de Cahors" in client.get(f"/usagers/{jeanne.pk}/bandeau/").content.decode()
    assert client.get(f"/accueil/passages/{passage.pk}/").status_code == 404


@pytest.mark.parametrize(
    "role,attendu",
    [
        ("accueil", 200),
        ("travailleur_social", 200),
        ("travailleur_social_autre_structure", 200),
        ("encadrant", 200),
        ("chef_de_projet", 403),
        ("administrateur", 403),
        ("partenaire", 403),
    ],
)
def test_who_may_open_a_persons_file(client, cast_a, jeanne, role, attendu):
    client.force_login(cast_a[role])
    assert client.get(f"/usagers/{jeanne.pk}/").status_code == attendu


def test_a_manager_merges_two_files_keeping_every_link(
    client, alice, eric, lot, jeanne, saisie, orientation_vers, django_capture_on_commit_callbacks
):
    doublon = creer(lot, "Jeane", "Dupond")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accueil/passage/nouveau/", saisie(usager=doublon.pk, **orientation_vers()))
    client.post("/accueil/passage/nouveau/", saisie(usager=jeanne.pk))
    assert client.post(f"/usagers/{jeanne.pk}/fusionner/", {"absorber": doublon.pk}).status_code == 403
    client.force_login(eric)
    assert "Jeane DUPOND" in client.get(f"/usagers/{jeanne.pk}/fusionner/").content.decode()
    reponse = client.post(f"/usagers/{jeanne.pk}/fusionner/", {"absorber": doublon.pk})
    assert reponse.status_code == 302
    with tenant_context(lot):
        assert Passage.objects.filter(usager=jeanne).count() == 2
        assert Orientation.objects.get().usager == jeanne
        doublon.refresh_from_db()
        assert doublon.fusionne_dans == jeanne
        fusion = jeanne.evenements.get(type="fusion")
        assert fusion.par == eric and fusion.details["liens_deplaces"]["accueil.Passage.usager"] == 1
    client.force_login(alice)
    assert client.get(f"/usagers/{doublon.pk}/").status_code == 404  # merged files leave the search and the desk
    assert "Jeane DUPOND" not in chercher(client, "Dupond")


def test_large_ids_are_never_grouped_in_attributes(client, alice, lot):
    with tenant_context(lot):
        grand = f.UsagerFactory(pk=1562, prenom="Zélie", nom="Grandnombre")
    client.force_login(alice)
    page = client.get("/usagers/recherche/", {"q": "Grandnombre", "choisir": "1"}).content.decode()
    assert f'data-usager-id="{grand.pk}"' in page


def test_a_partner_sees_only_the_persons_oriented_to_their_structure(
    client, alice, emma, lot, jeanne, saisie, orientation_vers, django_capture_on_commit_callbacks
):
    """The partner's view comes from accueil, registered in usagers.access: usagers knows nothing of orientations."""
    from usagers.access import usagers_visibles_par

    paul = creer(lot, "Paul", "Durand")
    with tenant_context(lot):
        assert not usagers_visibles_par(emma).exists()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accueil/passage/nouveau/", saisie(usager=jeanne.pk, **orientation_vers()))
        client.post("/accueil/passage/nouveau/", saisie(usager=jeanne.pk, **orientation_vers()))
    with tenant_context(lot):
        assert list(usagers_visibles_par(emma)) == [jeanne]  # once, though oriented twice
        assert paul in usagers_visibles_par(alice)


def test_the_file_offers_the_actions_the_apps_register(client, alice, jeanne):
    client.force_login(alice)
    page = client.get(f"/usagers/{jeanne.pk}/").content.decode()
    assert f'href="/accueil/passage/nouveau/?usager={jeanne.pk}" role="button">Nouveau passage</a>' in page


def test_usagers_names_no_app_above_it():
    """The layers (README): usagers reaches accueil and accompagnement only through its registries."""
    from pathlib import Path

    racine = Path(__file__).resolve().parents[2] / "usagers"
    for fichier in [*racine.rglob("*.py"), *racine.rglob("*.html")]:
        if "migrations" in fichier.parts:
            continue
        texte = fichier.read_text()
        for mot in ("accueil:", "accompagnement:", "orientations__", "passages__", "accompagnements__"):
            assert mot not in texte, f"{fichier} : {mot}"


def test_the_message_after_creating_a_file_elides_before_a_vowel(client, alice, lot):
    """docs/publications.md §1: « Dossier d'Alain MARTY créé. », never « Dossier de Alain »."""
    client.force_login(alice)
    page = client.post("/usagers/nouveau/", {"prenom": "Alain", "nom": "Marty"}, follow=True).content.decode()
    assert "Dossier d&#x27;Alain MARTY créé." in page
