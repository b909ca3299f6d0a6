import pytest
from django.utils import timezone

from collectivites.tenancy import tenant_context
from comptes.roles import Role
from reseau.models import Evenement, Inscription
from tests import factories as f


@pytest.fixture
def formation(client, david, lot, structure_a):
    client.force_login(david)
    date = (timezone.localtime() + timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    reponse = client.post(
        "/reseau/evenements/",
        {
            "type": "formation",
            "titre": "Accueillir sans condition",
            "date": date,
            "lieu": "Cahors",
            "organisateur": structure_a.pk,
            "capacite": 2,
        },
    )
    assert reponse.status_code == 302
    client.logout()
    with tenant_context(lot):
        return Evenement.objects.get()


def test_a_partner_registers_two_colleagues_then_it_is_full(client, formation, emma, lot, structure_a2):
    collegue = f.utilisateur(lot, structure_a2, Role.PARTENAIRE, prenom="Louis", email="louis@lot.test")
    troisieme = f.utilisateur(lot, structure_a2, Role.PARTENAIRE, prenom="Nina", email="nina@lot.test")
    client.force_login(emma)
    for personne in (emma, collegue):
        assert (
            client.post(
                f"/reseau/evenements/{formation.pk}/inscrire/",
                {"utilisateur": personne.pk, "structure": structure_a2.pk},
            ).status_code
            == 302
        )
    page = client.post(
        f"/reseau/evenements/{formation.pk}/inscrire/", {"utilisateur": troisieme.pk, "structure": structure_a2.pk}
    ).content.decode()
    assert "Complet : les 2 places sont prises." in page
    with tenant_context(lot):
        assert Inscription.objects.count() == 2


def test_one_registers_only_colleagues_of_ones_structure(client, formation, emma, alice, structure_a):
    client.force_login(emma)
    page = client.post(
        f"/reseau/evenements/{formation.pk}/inscrire/", {"utilisateur": alice.pk, "structure": structure_a.pk}
    ).content.decode()
    assert "Sélectionnez un choix valide" in page


def test_attendance_changes_the_counts(client, formation, david, alice, bob, lot, structure_a):
    client.force_login(david)
    for personne in (alice, bob):
        client.post(
            f"/reseau/evenements/{formation.pk}/inscrire/", {"utilisateur": personne.pk, "structure": structure_a.pk}
        )
    assert "<strong>0</strong> professionnel formé" in client.get("/reseau/evenements/").content.decode()
    with tenant_context(lot):
        presente = Inscription.objects.get(utilisateur=alice)
    client.post(f"/reseau/evenements/{formation.pk}/presences/", {"presents": [presente.pk]})
    page = client.get("/reseau/evenements/").content.decode()
    assert "<strong>1</strong> professionnel formé" in page and "<td>2 / 2</td><td>1</td>" in page
    client.force_login(alice)
    assert client.post(f"/reseau/evenements/{formation.pk}/presences/").status_code == 403


def test_a_past_event_is_closed(client, formation, david, alice, lot, structure_a):
    with tenant_context(lot):
        Evenement.objects.filter(pk=formation.pk).update(date=timezone.now() - timezone.timedelta(days=1))
    client.force_login(david)
    page = client.post(
        f"/reseau/evenements/{formation.pk}/inscrire/", {"utilisateur": alice.pk, "structure": structure_a.pk}
    ).content.decode()
    assert "les inscriptions sont closes" in page


def test_only_the_lead_creates_events(client, alice, structure_a):
    client.force_login(alice)
    assert client.post("/reseau/evenements/", {"titre": "x"}).status_code == 403


def test_each_action_of_the_event_page_has_its_own_address(client, formation, david, alice, lot, structure_a):
    client.force_login(david)
    page = client.get(f"/reseau/evenements/{formation.pk}/").content.decode()
    for action in ("inscrire", "presences", "bilan"):
        assert f'action="/reseau/evenements/{formation.pk}/{action}/"' in page
    assert client.post(f"/reseau/evenements/{formation.pk}/", {"bilan": "1"}).status_code == 405
    assert client.get(f"/reseau/evenements/{formation.pk}/inscrire/").status_code == 405


def test_the_organiser_writes_the_review(client, formation, david, alice, lot):
    client.force_login(david)
    page = client.post(f"/reseau/evenements/{formation.pk}/bilan/", {"evaluation": ""}).content.decode()
    assert "Le bilan n'a pas été enregistré." in page
    reponse = client.post(f"/reseau/evenements/{formation.pk}/bilan/", {"evaluation": "Salle trop petite."})
    assert reponse.status_code == 302 and reponse["Location"] == f"/reseau/evenements/{formation.pk}/"
    with tenant_context(lot):
        assert Evenement.objects.get().evaluation == "Salle trop petite."
    client.force_login(alice)
    assert client.post(f"/reseau/evenements/{formation.pk}/bilan/", {"evaluation": "x"}).status_code == 403
