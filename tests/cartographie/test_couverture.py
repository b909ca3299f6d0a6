"""The travel-time model and the nearest-site search (charter indicator 2), without the database."""

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from cartographie import couverture as cv

KM_PAR_DEGRE = 2 * math.pi * cv.RAYON_TERRE_KM / 360


def test_the_estimator_is_great_circle_times_detour_over_speed():
    e = cv.Estimateur(detour=1.3, vitesse_kmh=60)
    assert float(e.minutes(10)) == pytest.approx(13.0)
    assert e.km_pour(13.0) == pytest.approx(10.0)
    assert e.parametres() == {"detour": 1.3, "vitesse_kmh": 60, "methode": "grand_cercle"}


def test_a_commune_at_29_minutes_is_covered_and_one_at_31_is_not():
    e = cv.Estimateur()
    site = (44.0, 1.5)
    lat29 = site[0] + e.km_pour(29) / KM_PAR_DEGRE
    lat31 = site[0] - e.km_pour(31) / KM_PAR_DEGRE
    r = cv.calculer([lat29, lat31], [1.5, 1.5], [100, 300], ["A", "B"], [site[0]], [site[1]], estimateur=e)
    assert r.minutes == pytest.approx([29, 31], abs=0.01)
    assert list(r.couverts) == [True, False]
    assert (r.population_couverte, r.population_totale, r.taux) == (100, 400, 25.0)
    assert [r.codes[i] for i in r.non_couvertes()] == ["B"]


def test_the_kd_tree_finds_the_same_nearest_site_as_a_brute_force_haversine():
    rng = np.random.default_rng(7)
    communes = rng.uniform([42.5, -4.5], [51, 8], size=(500, 2))
    sites = rng.uniform([42.5, -4.5], [51, 8], size=(60, 2))
    km, idx = cv.plus_proches(communes[:, 0], communes[:, 1], sites[:, 0], sites[:, 1])
    for i, (lat, lon) in enumerate(communes):
        distances = [cv.distance_km(lat, lon, s[0], s[1]) for s in sites]
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

    osrm = cv.OSRMTable("http://osrm.lot.test/", obtenir=obtenir)
    minutes = osrm.minutes([(44.449, 1.438)], [(44.608, 1.612), (44.740, 1.320), (44.608, 2.030)])
    assert urls == [
        "http://osrm.lot.test/table/v1/driving/1.438000,44.449000;1.612000,44.608000;1.320000,44.740000;"
        "2.030000,44.608000?sources=0&destinations=1%3B2%3B3&annotations=duration"
    ]
    assert minutes[0][:2] == pytest.approx([1312.4 / 60, 2105.9 / 60])
    assert minutes[0][2] is None  # unroutable


def test_with_osrm_the_shortest_road_time_wins_over_the_nearest_as_the_crow_flies():
    osrm = cv.OSRMTable("http://osrm.lot.test", obtenir=lambda url: _reponse_enregistree())
    r = cv.calculer(
        [44.449], [1.438], [1000], ["46042"], [44.608, 44.740, 44.608], [1.612, 1.320, 2.030], distancier=osrm
    )
    assert r.minutes[0] == pytest.approx(1312.4 / 60)
    assert r.plus_proche[0] == 0
    assert r.parametres["methode"] == "osrm_table" and r.parametres["osrm_url"] == "http://osrm.lot.test"


def test_an_osrm_error_is_reported_not_read_as_zero():
    osrm = cv.OSRMTable("http://osrm.lot.test", obtenir=lambda url: {"code": "InvalidQuery", "message": "bad"})
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
