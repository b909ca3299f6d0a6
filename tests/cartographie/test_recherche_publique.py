"""The public finder on /c/<slug>/ and its map (cartographie.recherche, docs/publications.md §3): « Gramat »,
« 46100 », « St Cere », « 75001 » and a geolocated point, each answered with phone and directions; the framing of
the public pages by the origins the collectivité lists, and nowhere else."""

from html import unescape

import pytest
from django.utils.html import strip_tags

from collectivites.tenancy import tenant_context
from reseau.models import Structure
from tests import factories as f


@pytest.fixture
def reseau(lot, structure_a, structure_a2, cahors):
    communes = {
        nom: f.CommuneFactory(
            code=code, nom=nom, population=pop, codes_postaux=cp, latitude=lat, longitude=lon, departement=dep
        )
        for code, nom, pop, cp, lat, lon, dep in (
            ("46102", "Figeac", 9793, "46100", 44.6086, 2.0317, lot.departement),
            ("46035", "Boussac", 185, "46100", 44.5958, 1.9193, lot.departement),
            ("46251", "Saint-Céré", 3400, "46400", 44.8600, 1.8900, lot.departement),
            ("46128", "Gramat", 3500, "46500", 44.7800, 1.7200, lot.departement),
            ("46005", "Arcambal", 1000, "46090", 44.4500, 1.5200, lot.departement),
            ("75056", "Paris", 2100000, "75001 75002", 48.8566, 2.3522, f.DepartementFactory(code="75", nom="Paris")),
            (
                "19031",
                "Brive-la-Gaillarde",
                46000,
                "19100",
                45.1590,
                1.5330,
                f.DepartementFactory(code="19", nom="Corrèze"),
            ),
        )
    }
    with tenant_context(lot):
        Structure.objects.filter(pk__in=[structure_a.pk, structure_a2.pk]).update(niveau_engagement="active")
        tis = f.TISFactory(collectivite=lot, nom="MSD de Gramat", telephone="0565338800")
        f.SectorisationFactory(tis=tis, commune=communes["Gramat"])
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure_a,
            nom="MSD de Gramat",
            commune=communes["Gramat"],
            latitude=44.78,
            longitude=1.72,
            adresse="2 place de la République",
            telephone="0565338801",
            horaires="Mo-Fr 09:00-12:00",
            accessibilite="Plain-pied, accessible en fauteuil",
        )
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure_a2,
            nom="CCAS de Figeac",
            commune=communes["Figeac"],
            latitude=44.6086,
            longitude=2.0317,
            horaires="Mo-Fr 09:00-12:00",
            sans_rendez_vous=False,
        )
    return communes


def _page(client, url, **params):
    reponse = client.get(url, params)
    assert reponse.status_code == 200
    return " ".join(unescape(reponse.content.decode()).split())


def _texte(page):
    return " ".join(strip_tags(page).split())


def test_a_commune_name_gives_the_nearest_points_with_phone_directions_and_the_pole(client, reseau):
    page = _page(client, "/c/lot/", q="Gramat")
    assert "Les accueils les plus proches de Gramat" in page
    assert "le pôle d'action sociale du Département est la MSD de Gramat, joignable au 05 65 33 88 00" in _texte(page)
    assert "MSD de Gramat" in page and "2 place de la République" in page
    assert 'href="tel:+33565338801"' in page and "05 65 33 88 01" in page
    assert 'href="geo:44.780000,1.720000?q=44.780000,1.720000(MSD%20de%20Gramat)"' in page
    assert "Accueil sans rendez-vous" in page and "Sur rendez-vous" in page
    assert "Accessibilité : Plain-pied, accessible en fauteuil" in page
    assert "Dans votre commune" in page and "min en voiture" in page
    assert "MSD : Maison des solidarités départementale" in page
    assert "CCAS : Centre communal d'action sociale" in page


def test_a_postcode_lists_the_most_populated_commune_first(client, reseau):
    page = _page(client, "/c/lot/", q="46100")
    assert "Précisez votre commune" in page
    assert page.index("Figeac") < page.index("Boussac")


@pytest.mark.parametrize("q", ["St Cere", "saint cere", "Saint-Céré", "st-céré"])
def test_a_name_without_accents_or_with_st_finds_the_commune(client, reseau, q):
    page = _page(client, "/c/lot/", q=q)
    assert "Les accueils les plus proches de Saint-Céré" in page


def test_a_paris_postcode_says_where_to_look_instead(client, reseau):
    page = _page(client, "/c/lot/", q="75001")
    assert "Paris se trouve à Paris, en dehors du réseau du Département du Lot" in _texte(page)
    assert "conseil départemental de Paris" in page
    assert "Les accueils de notre réseau les plus proches" not in page  # 500 km away: of no use


def test_a_commune_just_across_the_border_gets_the_nearest_points_of_this_network(client, reseau):
    page = _page(client, "/c/lot/", q="Brive-la-Gaillarde")
    assert "Brive-la-Gaillarde se trouve dans la Corrèze" in _texte(page)
    assert "conseil départemental de la Corrèze" in page
    assert "Les accueils de notre réseau les plus proches de Brive-la-Gaillarde" in page
    assert "MSD de Gramat" in page  # 44 km as the crow flies


def test_an_unknown_name_says_so(client, reseau):
    page = _page(client, "/c/lot/", q="Xyzzyville")
    assert "Aucune commune ne correspond à « Xyzzyville »" in page


def test_a_geolocated_point_lists_the_nearest_points_and_the_pole_of_the_nearest_commune(client, reseau):
    page = _page(client, "/c/lot/carte/", lat="44.781", lon="1.719")
    assert "Les accueils les plus proches de votre position" in page
    assert "Près de Gramat, le pôle d'action sociale du Département est la MSD de Gramat" in page
    assert page.index("MSD de Gramat</h4>") < page.index("CCAS de Figeac</h4>")


@pytest.mark.parametrize("params", [{"lat": "nan", "lon": "1"}, {"lat": "91", "lon": "1"}, {"lat": "a", "lon": "b"}])
def test_an_unreadable_position_is_answered_in_french(client, reseau, params):
    page = _page(client, "/c/lot/", **params)
    assert "La position reçue n'est pas lisible" in page


@pytest.mark.parametrize("url", ["/c/lot/", "/c/lot/carte/", "/c/lot/charte/"])
def test_no_site_may_frame_the_public_pages_by_default(client, reseau, url):
    reponse = client.get(url)
    assert reponse["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in reponse["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/c/lot/", "/c/lot/carte/", "/c/lot/charte/"])
def test_the_origins_the_collectivite_lists_may_frame_its_public_pages(client, reseau, lot, url):
    lot.origines_integration = "https://www.lot.fr\nhttps://carto.lot.fr/"
    lot.save()
    reponse = client.get(url)
    assert "X-Frame-Options" not in reponse
    assert "frame-ancestors 'self' https://www.lot.fr https://carto.lot.fr;" in reponse["Content-Security-Policy"] + ";"


def test_the_listed_origins_do_not_open_the_professional_pages_to_framing(client, reseau, lot, bob):
    lot.origines_integration = "https://www.lot.fr"
    lot.save()
    client.force_login(bob)
    for url in ("/comptes/connexion/", "/c/lot/ingenierie/"):
        reponse = client.get(url)
        assert reponse["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in reponse["Content-Security-Policy"]


@pytest.mark.parametrize("origine", ["www.lot.fr", "https://www.lot.fr/carte", "javascript:alert(1)", "https://a;b"])
def test_an_origin_that_is_not_one_is_refused_with_a_french_error(lot, origine):
    from django.core.exceptions import ValidationError

    lot.origines_integration = origine
    with pytest.raises(ValidationError, match="origine|interdit"):
        lot.full_clean()


def test_a_postcode_of_a_departement_without_communes_here_still_says_where_to_look(client, reseau):
    f.DepartementFactory(code="33", nom="Gironde")
    page = _texte(_page(client, "/c/lot/", q="33000"))
    assert "Le code postal 33000 n'est pas dans le Lot mais dans la Gironde, en dehors du réseau du Département" in page
    assert "conseil départemental de la Gironde" in page
