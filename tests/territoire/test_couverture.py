"""The travel-time model (``territoire.distances``) and the coverage of the communes (``territoire.couverture``,
charter indicator 2), without the database."""

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from territoire import couverture as cv
from territoire.distances import RAYON_TERRE_KM, Estimateur, OSRMTable, distance_km, plus_proches

KM_PAR_DEGRE = 2 * math.pi * RAYON_TERRE_KM / 360


def km_vol_d_oiseau(minutes, estimateur):
    """The great-circle distance the estimator turns into ``minutes``: where to put a commune in a test."""
    return minutes * estimateur.vitesse_kmh / 60.0 / estimateur.detour


def test_the_estimator_is_great_circle_times_detour_over_speed():
    e = Estimateur(detour=1.3, vitesse_kmh=60)
    assert float(e.minutes(10)) == pytest.approx(13.0)
    assert float(e.km_par_la_route(10)) == pytest.approx(13.0)
    assert list(e.minutes(np.array([0.0, 20.0]))) == pytest.approx([0.0, 26.0])
    assert e.parametres() == {"detour": 1.3, "vitesse_kmh": 60, "methode": "grand_cercle"}


def test_a_commune_at_29_minutes_is_covered_and_one_at_31_is_not():
    e = Estimateur()
    site = (44.0, 1.5)
    lat29 = site[0] + km_vol_d_oiseau(29, e) / KM_PAR_DEGRE
    lat31 = site[0] - km_vol_d_oiseau(31, e) / KM_PAR_DEGRE
    r = cv.calculer([lat29, lat31], [1.5, 1.5], [100, 300], ["A", "B"], [site[0]], [site[1]], estimateur=e)
    assert r.minutes == pytest.approx([29, 31], abs=0.01)
    assert list(r.couverts) == [True, False]
    assert (r.population_couverte, r.population_totale, r.taux) == (100, 400, 25.0)
    assert [r.codes[i] for i in r.non_couvertes()] == ["B"]


def test_the_kd_tree_finds_the_same_nearest_site_as_a_brute_force_haversine():
    rng = np.random.default_rng(7)
    communes = rng.uniform([42.5, -4.5], [51, 8], size=(500, 2))
    sites = rng.uniform([42.5, -4.5], [51, 8], size=(60, 2))
    km, idx = cv.voisins(communes[:, 0], communes[:, 1], sites[:, 0], sites[:, 1])
    for i, (lat, lon) in enumerate(communes):
        distances = [distance_km(lat, lon, s[0], s[1]) for s in sites]
        assert idx[i] == int(np.argmin(distances))
        assert km[i] == pytest.approx(min(distances), rel=1e-6)


def test_no_site_means_nobody_is_covered():
    r = cv.calculer([44.0], [1.0], [50], ["A"], [], [])
    assert r.taux == 0.0 and r.population_totale == 50


def _reponse_enregistree():
    return json.loads((Path(__file__).parent / "osrm_table_reponse.json").read_text())


def test_the_osrm_adapter_asks_the_table_service_and_reads_its_durations():
    urls = []

    def obtenir(url):
        urls.append(url)
        return _reponse_enregistree()

    osrm = OSRMTable("http://osrm.lot.test/", obtenir=obtenir)
    minutes = osrm.minutes([(44.449, 1.438)], [(44.608, 1.612), (44.740, 1.320), (44.608, 2.030)])
    assert urls == [
        "http://osrm.lot.test/table/v1/driving/1.438000,44.449000;1.612000,44.608000;1.320000,44.740000;"
        "2.030000,44.608000?sources=0&destinations=1%3B2%3B3&annotations=duration"
    ]
    assert minutes[0][:2] == pytest.approx([1312.4 / 60, 2105.9 / 60])
    assert minutes[0][2] is None  # unroutable


def test_with_osrm_the_shortest_road_time_wins_over_the_nearest_as_the_crow_flies():
    osrm = OSRMTable("http://osrm.lot.test", obtenir=lambda url: _reponse_enregistree())
    r = cv.calculer(
        [44.449], [1.438], [1000], ["46042"], [44.608, 44.740, 44.608], [1.612, 1.320, 2.030], distancier=osrm
    )
    assert r.minutes[0] == pytest.approx(1312.4 / 60)
    assert r.plus_proche[0] == 0
    assert r.parametres["methode"] == "osrm_table" and r.parametres["osrm_url"] == "http://osrm.lot.test"


def test_an_osrm_error_is_reported_not_read_as_zero():
    osrm = OSRMTable("http://osrm.lot.test", obtenir=lambda url: {"code": "InvalidQuery", "message": "bad"})
    with pytest.raises(ValueError, match="InvalidQuery"):
        osrm.minutes([(44.0, 1.0)], [(44.1, 1.1)])


# The real Lot (COG data of ../shared/data) with a given set of sites: the figure is documented in the README.
SITES_DU_LOT = [
    "46042",
    "46102",
    "46127",
    "46309",
    "46128",
    "46029",
]  # Cahors, Figeac, Gourdon, Souillac, Gramat, Biars


def _communes_du_lot():
    chemin = Path(settings.RELAIS_DATA_DIR) / "communes.csv"
    if not chemin.exists():
        pytest.skip("données du COG absentes (RELAIS_DATA_DIR)")
    with chemin.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["departement"] == "46"]


def test_the_coverage_of_the_real_lot_by_six_towns_is_stable():
    communes = _communes_du_lot()
    par_code = {c["insee_code"]: c for c in communes}
    assert [par_code[c]["name"] for c in SITES_DU_LOT] == [
        "Cahors",
        "Figeac",
        "Gourdon",
        "Souillac",
        "Gramat",
        "Biars-sur-Cère",
    ]
    sites = [(float(par_code[c]["latitude"]), float(par_code[c]["longitude"])) for c in SITES_DU_LOT]
    r = cv.calculer(
        [float(c["latitude"]) for c in communes],
        [float(c["longitude"]) for c in communes],
        [int(c["population"]) for c in communes],
        [c["insee_code"] for c in communes],
        [s[0] for s in sites],
        [s[1] for s in sites],
    )
    assert len(communes) == 312
    # README (indicateurs) : 152 386 habitants sur 176 473, soit 86,35 % (estimateur par défaut : 1,3 × et 50 km/h)
    assert (r.population_totale, r.population_couverte) == (176_473, 152_386)
    assert round(r.taux, 2) == 86.35
    premiere = r.non_couvertes()[0]
    assert par_code[r.codes[premiere]]["name"] == "Prayssac"
    assert float(r.minutes[premiere]) == pytest.approx(33.2, abs=0.05)


class Site:
    def __init__(self, nom, latitude, longitude):
        self.nom, self.latitude, self.longitude = nom, latitude, longitude


def test_the_nearest_sites_of_one_point_have_the_same_minutes_as_the_coverage():
    e = Estimateur(detour=1.25, vitesse_kmh=40)
    sites = [Site("loin", 44.3, 1.5), Site("près", 44.1, 1.5), Site("moyen", 44.2, 1.5)]
    proches = plus_proches(44.0, 1.5, sites, nombre=2, estimateur=e)
    assert [p.site.nom for p in proches] == ["près", "moyen"]
    r = cv.calculer([44.0], [1.5], [10], ["A"], [s.latitude for s in sites], [s.longitude for s in sites], e)
    assert proches[0].minutes == pytest.approx(float(r.minutes[0]))
    assert proches[0].km == pytest.approx(proches[0].km_vol_d_oiseau * 1.25)


def test_with_osrm_the_nearest_sites_of_one_point_are_ordered_by_road_time_in_one_request():
    urls = []

    def obtenir(url):
        urls.append(url)
        return _reponse_enregistree()

    sites = [Site("Figeac", 44.608, 2.030), Site("Gramat", 44.608, 1.612), Site("Gourdon", 44.740, 1.320)]
    osrm = OSRMTable("http://osrm.lot.test", obtenir=obtenir)
    proches = plus_proches(44.449, 1.438, sites, nombre=3, distancier=osrm)
    assert len(urls) == 1
    # the recorded answer gives the sites in the order asked (nearest first by great circle): Gramat, Gourdon, Figeac
    # (unroutable, left out); the coverage finds the same minutes for this commune
    assert [p.site.nom for p in proches] == ["Gramat", "Gourdon"]
    assert proches[0].minutes == pytest.approx(1312.4 / 60)
