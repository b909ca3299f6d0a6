"""Distance and travel time between two points of the territory: the one travel-time model of Relais.

    distance by road ≈ great-circle distance × detour factor
    travel time      ≈ distance by road ÷ average speed

Defaults (a collectivité tunes them in ``territoire.models.ParametresCouverture``, and every figure computed from them
stores them):
- ``FACTEUR_DETOUR`` = 1.3: roads are longer than the straight line; 1.2–1.4 is the usual range for rural France
  (ratio of road to crow-fly distance between commune centres).
- ``VITESSE_KMH`` = 50: a mean speed by car on departmental roads, town crossings included.

So 10 km as the crow flies take 15.6 minutes. It is an estimate, not a route: a collectivité that runs a routing engine
gives its OSRM server (``OSRMTable``, the ``table`` service) and the road times of the nearest candidates replace the
estimate. For one point against the sites a loop is enough (``plus_proches``: the engineering note, the public map);
for every commune of a département, ``territoire.couverture`` does it with a k-d tree, with this same ``Estimateur``.
"""

import json
import math
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from operator import attrgetter

import numpy as np

RAYON_TERRE_KM = 6371.0
FACTEUR_DETOUR = 1.3
VITESSE_KMH = 50.0
CANDIDATS_OSRM = 3  # nearest sites (great circle) whose road time is asked of the OSRM server


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Estimateur:
    """Travel time by road, estimated from the great-circle distance.

    ``detour``: road distance ÷ great-circle distance; ``vitesse_kmh``: average door-to-door speed.
    """

    detour: float = FACTEUR_DETOUR
    vitesse_kmh: float = VITESSE_KMH
    methode: str = "grand_cercle"

    def km_par_la_route(self, km):
        """Estimated road distance for a great-circle distance (a number or an array)."""
        return np.asarray(km) * self.detour

    def minutes(self, km):
        """Estimated minutes for a great-circle distance (a number or an array)."""
        return self.km_par_la_route(km) / self.vitesse_kmh * 60.0

    def parametres(self):
        return asdict(self)


class OSRMTable:
    """Adapter for the ``table`` service of an OSRM server (http://project-osrm.org/docs/v5.24.0/api/#table-service).

    ``obtenir(url) -> dict`` does the HTTP GET; tests pass a function that returns a recorded answer (no network).
    """

    def __init__(self, url, profil="driving", obtenir=None, delai=10):
        self.url = url.rstrip("/")
        self.profil = profil
        self.delai = delai
        self._obtenir = obtenir or self._get

    def _get(self, url):
        with urllib.request.urlopen(url, timeout=self.delai) as reponse:  # URL set by the collectivité
            return json.load(reponse)

    def url_table(self, origines, destinations):
        points = [*origines, *destinations]
        coordonnees = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        requete = urllib.parse.urlencode(
            {
                "sources": ";".join(str(i) for i in range(len(origines))),
                "destinations": ";".join(str(len(origines) + i) for i in range(len(destinations))),
                "annotations": "duration",
            }
        )
        return f"{self.url}/table/v1/{self.profil}/{coordonnees}?{requete}"

    def minutes(self, origines, destinations):
        """Matrix (list of lists) of minutes from each origin (lat, lon) to each destination; None when unroutable."""
        reponse = self._obtenir(self.url_table(origines, destinations))
        if reponse.get("code") != "Ok":
            raise ValueError(f"OSRM a répondu {reponse.get('code')!r} : {reponse.get('message', '')}")
        return [[None if s is None else s / 60.0 for s in ligne] for ligne in reponse["durations"]]

    def parametres(self):
        return {"methode": "osrm_table", "osrm_url": self.url, "profil": self.profil}


@dataclass(frozen=True)
class Proche:
    site: object
    km: float  # estimated road distance (great circle × detour)
    minutes: float  # the estimate, or the OSRM road time when the collectivité has a server
    km_vol_d_oiseau: float


def plus_proches(latitude, longitude, sites, nombre=3, estimateur=None, distancier=None, coordonnees=None):
    """The ``nombre`` nearest of ``sites`` from a point, nearest first, with distance and travel time.

    ``coordonnees(site) -> (lat, lon)`` reads a site's point (default: its ``latitude`` and ``longitude``). With a
    ``distancier`` (``OSRMTable``), the road times of the ``max(nombre, CANDIDATS_OSRM)`` nearest by great circle are
    asked in one request and they are ordered by road time: the first one is the site and the time the coverage finds.
    """
    estimateur = estimateur or Estimateur()
    coordonnees = coordonnees or attrgetter("latitude", "longitude")
    points = [(site, coordonnees(site)) for site in sites]
    par_distance = sorted(
        ((distance_km(latitude, longitude, lat, lon), site, (lat, lon)) for site, (lat, lon) in points),
        key=lambda p: p[0],
    )
    if distancier is None:
        return [
            Proche(site, float(estimateur.km_par_la_route(km)), float(estimateur.minutes(km)), km)
            for km, site, _ in par_distance[:nombre]
        ]
    candidats = par_distance[: max(nombre, CANDIDATS_OSRM)]
    if not candidats:
        return []
    durees = distancier.minutes([(latitude, longitude)], [point for _, _, point in candidats])[0]
    proches = [
        Proche(site, float(estimateur.km_par_la_route(km)), d, km)
        for (km, site, _), d in zip(candidats, durees, strict=True)
        if d is not None
    ]
    proches.sort(key=lambda p: p.minutes)
    return proches[:nombre]
