"""Navigation and home page per role; pages a role may not use are not shown and answer 403."""

import pytest

from reseau.models import Membre

PAGES = {
    "/reseau/structures/": "voir_reseau",
    "/reseau/lieux/": "voir_reseau",
    "/territoire/sectorisation/": "voir_sectorisation",
    "/territoire/sectorisation/importer/": "gerer_sectorisation",
    "/reseau/membres/": "gerer_membres",
}
AUTORISES = {
    "accueil": {"voir_reseau", "voir_sectorisation"},
    "travailleur_social": {"voir_reseau", "voir_sectorisation"},
    "travailleur_social_autre_structure": {"voir_reseau", "voir_sectorisation"},
    "encadrant": {"voir_reseau", "voir_sectorisation"},
    "chef_de_projet": {"voir_reseau", "voir_sectorisation", "gerer_sectorisation"},
    "partenaire": {"voir_reseau"},
    "administrateur": {"voir_reseau", "voir_sectorisation", "gerer_sectorisation", "gerer_membres"},
}


@pytest.mark.parametrize("role", AUTORISES)
def test_each_role_gets_its_pages_and_403_elsewhere(client, cast_a, role):
    client.force_login(cast_a[role])
    accueil = client.get("/").content.decode()
    for url, permission in PAGES.items():
        statut = client.get(url).status_code
        if permission in AUTORISES[role]:
            assert statut == 200, f"{role} devrait voir {url}"
        else:
            assert statut == 403, f"{role} ne devrait pas voir {url}"
            assert f'href="{url}"' not in accueil, f"{role} ne devrait pas voir de lien vers {url}"


def test_reception_home_shows_the_desk(client, alice, lieu_a, dans_le_lot):
    Membre.objects.filter(utilisateur=alice).update(lieu_habituel=lieu_a)
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Mon lieu d'accueil" in page and "MSD de Cahors" in page
    assert "<strong>Accueil</strong> — Département du Lot — Solidarités (MSD de Cahors)" in page
    assert "Le réseau en chiffres" not in page


def test_project_lead_home_shows_the_network_in_figures(client, david, lieu_a):
    client.force_login(david)
    page = client.get("/").content.decode()
    assert "Le réseau en chiffres" in page
    assert "</span> lieu d'accueil, dont 1 de premier accueil inconditionnel" in page  # one site: singular


def test_an_ended_membership_ends_access(client, alice, dans_le_lot):
    import datetime

    Membre.objects.filter(utilisateur=alice).update(date_fin=datetime.date(2020, 1, 1))
    client.force_login(alice)
    assert client.get("/reseau/structures/").status_code == 403
    assert "aucune structure" in client.get("/").content.decode()
