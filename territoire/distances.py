"""Distance and travel time between two points of the territory: the documented estimator of DESIGN.md.

    distance by road ≈ great-circle distance × FACTEUR_DETOUR
    travel time      ≈ distance by road ÷ VITESSE_KMH

Parameters (defaults, to be stored with any figure computed from them):
- ``FACTEUR_DETOUR`` = 1.3: roads are longer than the straight line; 1.2–1.4 is the usual range for rural France
  (ratio of road to crow-fly distance between commune centres).
- ``VITESSE_KMH`` = 50: a mean speed by car on departmental roads, town crossings included.

It is an estimate, not a route: a collectivité that runs a routing engine (OSRM ``table``) will plug it in behind the
same functions. For one point against a few thousand sites a loop is enough; for every commune of a département
against every site, ``cartographie.couverture`` does it vectorised (a KD-tree on unit vectors, PERF.md: ~20 ms for
France) with these same defaults.
"""

import math
from dataclasses import dataclass

RAYON_TERRE_KM = 6371.0
FACTEUR_DETOUR = 1.3
VITESSE_KMH = 50.0


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(math.sqrt(a))


def temps_de_trajet_km_min(lat1, lon1, lat2, lon2, facteur_detour=FACTEUR_DETOUR, vitesse_kmh=VITESSE_KMH):
    """(estimated road distance in km, estimated travel time in minutes) from point 1 to point 2."""
    km = distance_km(lat1, lon1, lat2, lon2) * facteur_detour
    return km, km / vitesse_kmh * 60


@dataclass(frozen=True)
class Proche:
    site: object
    km: float
    minutes: float


def plus_proches(latitude, longitude, sites, nombre=3, **parametres):
    """The ``nombre`` nearest of ``sites`` (objects with ``latitude`` and ``longitude``), nearest first."""
    proches = []
    for site in sites:
        km, minutes = temps_de_trajet_km_min(latitude, longitude, site.latitude, site.longitude, **parametres)
        proches.append(Proche(site, km, minutes))
    proches.sort(key=lambda p: p.km)
    return proches[:nombre]
