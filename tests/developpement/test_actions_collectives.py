"""Collective actions: an action carried by structures, its sessions, attendance counted anonymously."""

from collectivites.tenancy import tenant_context
from developpement.models import ActionCollective, Participation, Seance, ThemeAction
from tests import factories as f

from .conftest import texte


def test_a_new_collectivite_starts_with_the_default_themes(lot):
    with tenant_context(lot):
        assert ThemeAction.objects.filter(code="numerique", libelle="Numérique").exists()


def _action(client, bob, structure_a, lot):
    with tenant_context(lot):
        theme = ThemeAction.objects.get(code="lien-social")
    client.force_login(bob)
    return client.post(
        "/developpement/actions/nouvelle/",
        {
            "titre": "Café des parents",
            "themes": [theme.pk],
            "structures": [structure_a.pk],
            "animateurs": [bob.pk],
            "public": "Parents du quartier",
            "objectifs": "Rompre l'isolement des parents.",
            "debut": "2026-03-01",
        },
    )


def test_a_worker_creates_an_action_and_records_a_session_with_anonymous_attendance(
    client, bob, structure_a, lieu_a, lot
):
    reponse = _action(client, bob, structure_a, lot)
    with tenant_context(lot):
        action = ActionCollective.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/developpement/actions/{action.pk}/"
    reponse = client.post(
        f"/developpement/actions/{action.pk}/seances/nouvelle/",
        {
            "date": "2026-03-10",
            "lieu": lieu_a.pk,
            "animateurs": [bob.pk],
            "contenu": "Échanges sur le sommeil des enfants.",
            **{
                f"n_{t}_{s}": 0
                for t in ("moins_18", "18_25", "26_59", "60_plus")
                for s in ("femme", "homme", "non_precise")
            },
            "n_26_59_femme": 6,
            "n_26_59_homme": 2,
        },
    )
    assert reponse.status_code == 302
    with tenant_context(lot):
        seance = Seance.objects.get()
        assert seance.lieu == lieu_a
        assert sorted(Participation.objects.values_list("sexe", "nombre")) == [("femme", 6), ("homme", 2)]
    page = texte(client.get(f"/developpement/actions/{action.pk}/"))
    assert "1 séance, 8 participations" in page and "Échanges sur le sommeil des enfants." in page


def test_a_session_without_place_or_content_is_refused_in_french(client, bob, structure_a, lot):
    _action(client, bob, structure_a, lot)
    with tenant_context(lot):
        action = ActionCollective.objects.get()
    reponse = client.post(f"/developpement/actions/{action.pk}/seances/nouvelle/", {"date": "2026-03-10"})
    page = texte(reponse)
    assert reponse.status_code == 200
    assert "Indiquez le lieu d'accueil ou l'adresse de la séance." in page and "Ce champ est obligatoire." in page
    with tenant_context(lot):
        assert not Seance.objects.exists()


def test_an_action_must_be_carried_by_one_of_the_worker_structures(client, bob, structure_a2, lot):
    reponse = _action(client, bob, structure_a2, lot)
    assert reponse.status_code == 200
    assert "Une des structures porteuses doit être la vôtre." in texte(reponse)
    with tenant_context(lot):
        assert not ActionCollective.objects.exists()


def test_the_staff_of_another_structure_does_not_see_the_action(client, chloe, structure_a, lot):
    with tenant_context(lot):
        action = f.ActionCollectiveFactory(structures=[structure_a])
    client.force_login(chloe)
    assert client.get(f"/developpement/actions/{action.pk}/").status_code == 404
    assert client.get(f"/developpement/actions/{action.pk}/seances/nouvelle/").status_code == 404


def test_the_evaluation_is_recorded(client, bob, structure_a, lot):
    _action(client, bob, structure_a, lot)
    with tenant_context(lot):
        action = ActionCollective.objects.get()
    reponse = client.post(
        f"/developpement/actions/{action.pk}/",
        {"objectifs_atteints": "en_partie", "evaluation": "Huit parents fidèles, peu de pères."},
    )
    assert reponse.status_code == 302
    assert "Objectifs : en partie." in texte(client.get(f"/developpement/actions/{action.pk}/"))


def test_the_administrator_adapts_the_themes(client, fanny, bob, lot):
    client.force_login(bob)
    assert client.get("/developpement/actions/themes/").status_code == 403
    client.force_login(fanny)
    assert client.post("/developpement/actions/themes/", {"libelle": "Culture"}).status_code == 302
    with tenant_context(lot):
        assert ThemeAction.objects.filter(libelle="Culture").exists()


def test_the_action_names_its_territory_among_the_communes_of_the_departement(
    client, bob, structure_a, cahors, manche, lot
):
    with tenant_context(lot):
        theme = ThemeAction.objects.get(code="lien-social")
    saint_lo = f.CommuneFactory(code="50502", nom="Saint-Lô", departement=manche.departement)
    client.force_login(bob)
    donnees = {
        "titre": "Jardin partagé",
        "themes": [theme.pk],
        "structures": [structure_a.pk],
        "public": "Habitants",
        "objectifs": "Se rencontrer.",
        "debut": "2026-04-01",
    }
    reponse = client.post("/developpement/actions/nouvelle/", {**donnees, "communes": [saint_lo.pk]})
    assert reponse.status_code == 200 and "Rien n'a été enregistré" in texte(reponse)
    reponse = client.post("/developpement/actions/nouvelle/", {**donnees, "communes": [cahors.pk]})
    assert reponse.status_code == 302
    with tenant_context(lot):
        action = ActionCollective.objects.get()
        assert list(action.communes.all()) == [cahors]
    assert "Cahors" in texte(client.get(reponse["Location"]))
