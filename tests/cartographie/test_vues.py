"""The staff map, the public map and their GeoJSON, tenant-scoped and cached per tenant."""

import json
from html import unescape

import pytest
from django.urls import reverse

from collectivites.tenancy import tenant_context
from indicateurs import calcul
from indicateurs.enums import Periodicite
from reseau.models import LieuAccueil, Structure
from tests import factories as f


@pytest.fixture
def sites(lot, structure_a, cahors):
    figeac = f.CommuneFactory(
        code="46102", nom="Figeac", population=9800, codes_postaux="46100", latitude=44.6086, longitude=2.0317
    )
    f.CommuneFactory(
        code="46127", nom="Gourdon", population=4000, codes_postaux="46300", latitude=44.7375, longitude=1.3833
    )
    with tenant_context(lot):
        Structure.objects.filter(pk=structure_a.pk).update(niveau_engagement="active")
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure_a,
            nom="MSD de Cahors",
            commune=cahors,
            latitude=44.45,
            longitude=1.44,
            horaires="Mo-Fr 09:00-12:00",
            adresse="5 rue du Lot",
        )
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure_a,
            nom="MSD de Figeac",
            commune=figeac,
            latitude=44.61,
            longitude=2.03,
            horaires="Mo-Fr 09:00-12:00",
        )
        f.LieuAccueilFactory(
            collectivite=lot,
            structure=structure_a,
            nom="Permanence interne",
            commune=figeac,
            latitude=44.61,
            longitude=2.03,
            type_accueil="permanence",
        )
    return lot


def test_an_inhabitant_finds_the_nearest_reception_points_of_a_commune_without_logging_in(client, sites):
    r = client.get(reverse("carte_publique:carte", kwargs={"collectivite_slug": "lot"}), {"q": "46300"})
    assert r.status_code == 200
    corps = r.content.decode()
    assert "Les accueils les plus proches de Gourdon" in corps
    # Gourdon → Cahors ≈ 32 km as the crow flies, Figeac ≈ 53 km: Cahors first, with its time and its hours
    assert corps.index("MSD de Cahors") < corps.index("MSD de Figeac")
    assert "Environ 50 min en voiture" in corps and "lun. au ven. : 9 h 00 – 12 h 00" in corps
    assert "Permanence interne" not in corps  # only first-reception sites are public


def test_several_communes_match_so_the_inhabitant_chooses(client, sites):
    f.CommuneFactory(code="46103", nom="Figeac-Est", codes_postaux="46100", latitude=44.6, longitude=2.0)
    r = client.get(reverse("carte_publique:carte", kwargs={"collectivite_slug": "lot"}), {"q": "Fig"})
    corps = r.content.decode()
    assert "Précisez votre commune" in corps and "?commune=46102" in corps


def test_an_unknown_commune_gets_a_clear_message(client, sites):
    r = client.get(reverse("carte_publique:carte", kwargs={"collectivite_slug": "lot"}), {"q": "Brest"})
    assert "Aucune commune ne correspond à « Brest »" in unescape(r.content.decode())


def test_the_public_geojson_holds_only_public_fields_of_the_tenants_first_reception_sites(client, sites, zoe):
    r = client.get(reverse("carte_publique:lieux_geojson", kwargs={"collectivite_slug": "lot"}))
    assert r["Content-Type"] == "application/geo+json"
    donnees = json.loads(r.content)
    assert sorted(p["properties"]["nom"] for p in donnees["features"]) == ["MSD de Cahors", "MSD de Figeac"]
    assert set(donnees["features"][0]["properties"]) == {
        "nom",
        "adresse",
        "commune",
        "code_postal",
        "horaires",
        "ouvert",
        "sans_rendez_vous",
    }
    manche = client.get(reverse("carte_publique:lieux_geojson", kwargs={"collectivite_slug": "manche"}))
    assert json.loads(manche.content)["features"] == []  # same cache, another tenant: its own key


def test_the_staff_geojson_is_cached_per_tenant(client, david, sites, django_assert_num_queries):
    client.force_login(david)
    url = reverse("cartographie:lieux_geojson")
    premiere = client.get(url)
    assert len(json.loads(premiere.content)["features"]) == 3
    with tenant_context(sites):
        LieuAccueil.objects.filter(nom="MSD de Figeac").update(nom="MSD renommée")
    assert client.get(url).content == premiere.content  # served from the cache for a few minutes


def test_the_staff_map_lists_sites_coverage_and_sectorisation(client, david, sites):
    with tenant_context(sites):
        calcul.calculer(sites, *calcul.periode_annuelle(2025), Periodicite.ANNUELLE)
    client.force_login(david)
    r = client.get(reverse("cartographie:carte"))
    corps = r.content.decode()
    assert r.status_code == 200
    assert "MSD de Figeac" in corps and "Permanence interne" in corps
    assert "Communes non couvertes" in corps and "Sectorisation" in corps
    assert "&quot;type&quot;: &quot;secteur&quot;" in corps  # the map layer coloured by TIS
    assert "leaflet/leaflet.js" in corps and "tile" in corps
    r = client.get(reverse("cartographie:carte"), {"type_accueil": "permanence"})
    assert "MSD de Figeac" not in r.content.decode().split("Lieux d'accueil (")[1].split("</table>")[0]
    communes = json.loads(client.get(reverse("cartographie:communes_geojson")).content)
    gourdon = next(c["properties"] for c in communes["features"] if c["properties"]["nom"] == "Gourdon")
    assert gourdon["lieu_le_plus_proche"] == "MSD de Cahors" and gourdon["minutes"] == pytest.approx(50.4, abs=0.1)


def test_a_partner_sees_the_map_but_not_the_sectorisation(client, emma, sites):
    client.force_login(emma)
    assert client.get(reverse("cartographie:carte")).status_code == 200
    assert client.get(reverse("cartographie:communes_geojson")).status_code == 403


def test_a_site_reads_the_same_on_its_page_on_the_map_and_in_the_map_lists(client, david, sites):
    """One formatter (reseau.affichage): the site's page, the staff map's list, the marker's popup (GeoJSON) and the
    public list of the nearest sites show the same French text for the same hours."""
    attendu = "lun. au ven. : 9 h 00 – 12 h 00, 14 h 00 – 17 h 00 ; sam. : fermé ; jours fériés : fermé"
    with tenant_context(sites):
        lieu = LieuAccueil.objects.get(nom="MSD de Cahors")
        lieu.horaires = "Mo-Fr 09:00-12:00,14:00-17:00; Sa off; PH off"
        lieu.save(update_fields=["horaires"])
    publique = client.get(reverse("carte_publique:carte", kwargs={"collectivite_slug": "lot"}), {"q": "46300"})
    assert f"Horaires : {attendu}" in publique.content.decode()
    geojson = client.get(reverse("carte_publique:lieux_geojson", kwargs={"collectivite_slug": "lot"}))
    proprietes = {f["properties"]["nom"]: f["properties"] for f in json.loads(geojson.content)["features"]}
    assert proprietes["MSD de Cahors"]["horaires"] == attendu
    client.force_login(david)
    carte = client.get(reverse("cartographie:carte")).content.decode()
    liste = carte.split("Lieux d'accueil (")[1].split("</table>")[0]
    assert f"<td>{attendu}</td>" in liste
    page = client.get(reverse("reseau:lieu", kwargs={"pk": lieu.pk})).content.decode()
    assert f"<dd>{attendu} — " in page or f"<dd>{attendu}</dd>" in page


def test_the_staff_map_shows_the_coverage_the_indicator_published_and_never_recomputes_it(client, david, sites):
    from indicateurs.enums import Indicateur
    from indicateurs.models import Instantane

    client.force_login(david)
    assert "La couverture n'a pas encore été calculée" in client.get(reverse("cartographie:carte")).content.decode()
    with tenant_context(sites):
        calcul.calculer(sites, *calcul.periode_annuelle(2025), Periodicite.ANNUELLE)
        instantane = Instantane.objects.get(indicateur=Indicateur.COUVERTURE)
        LieuAccueil.objects.filter(nom="MSD de Cahors").delete()  # the map keeps the published figure
    corps = client.get(reverse("cartographie:carte")).content.decode()
    assert f"<strong>{instantane.valeur} %</strong>".replace(".", ",") in corps
    gourdon = next(
        c["properties"]
        for c in json.loads(client.get(reverse("cartographie:communes_geojson")).content)["features"]
        if c["properties"]["nom"] == "Gourdon"
    )
    assert gourdon["minutes"] == instantane.detail["minutes"]["46127"][0]
    assert gourdon["lieu_le_plus_proche"] == "MSD de Cahors"
