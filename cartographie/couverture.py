"""Travel time from each commune to the nearest reception site, and the population covered (charter indicator 2).

The estimator is documented and deterministic: great-circle distance × detour factor ÷ average speed. Its parameters
are stored with every snapshot, so a figure can be recomputed and explained. The nearest site is found with a k-d
tree on 3-D unit vectors (the chord is monotonic in the great-circle distance): ~20 ms for the 35,000 communes of
France (PERF.md). When the collectivité runs an OSRM server, ``OSRMTable`` refines the few nearest candidates of
each commune with road travel times (the ``table`` service).
"""

import json
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from territoire.distances import FACTEUR_DETOUR, RAYON_TERRE_KM, VITESSE_KMH, distance_km  # noqa: F401 (one set)


@dataclass(frozen=True)
class Estimateur:
    """Travel time by road, estimated from the great-circle distance.

    ``detour``: road distance ÷ great-circle distance (≈ 1.3 in rural France); ``vitesse_kmh``: average door-to-door
    speed. The defaults are ``territoire.distances``'s (1.3 and 50 km/h: 10 km as the crow flies take 15.6 minutes),
    the same as the engineering notes use.
    """

    detour: float = FACTEUR_DETOUR
    vitesse_kmh: float = VITESSE_KMH
    methode: str = "grand_cercle"

    def minutes(self, km):
        return np.asarray(km) * self.detour / self.vitesse_kmh * 60.0

    def km_pour(self, minutes):
        """The great-circle distance travelled in ``minutes`` (the inverse, for tests and the legend)."""
        return minutes * self.vitesse_kmh / 60.0 / self.detour

    def parametres(self):
        return asdict(self)


def vecteurs_unitaires(lat, lon):
    lat = np.radians(np.asarray(lat, dtype=float))
    lon = np.radians(np.asarray(lon, dtype=float))
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def corde_en_km(corde):
    """Great-circle distance from the chord between two unit vectors."""
    return 2.0 * RAYON_TERRE_KM * np.arcsin(np.clip(np.asarray(corde) / 2.0, 0.0, 1.0))


def plus_proches(origines_lat, origines_lon, sites_lat, sites_lon, k=1):
    """Distances (km) and indices of the ``k`` nearest sites of each origin; arrays of shape (n,) or (n, k)."""
    arbre = cKDTree(vecteurs_unitaires(sites_lat, sites_lon))
    k = min(k, len(sites_lat))
    cordes, indices = arbre.query(vecteurs_unitaires(origines_lat, origines_lon), k=k)
    return corde_en_km(cordes), indices


@dataclass
class Couverture:
    """The result for a set of communes: minutes to the nearest site per commune, and the covered population."""

    codes: list
    populations: np.ndarray
    minutes: np.ndarray
    plus_proche: np.ndarray  # index of the nearest site, -1 when there is none
    seuil_minutes: float
    parametres: dict = field(default_factory=dict)

    @property
    def couverts(self):
        return self.minutes < self.seuil_minutes

    @property
    def population_totale(self):
        return int(self.populations.sum())

    @property
    def population_couverte(self):
        return int(self.populations[self.couverts].sum())

    @property
    def taux(self):
        total = self.population_totale
        return 100.0 * self.population_couverte / total if total else 0.0

    def non_couvertes(self):
        """Indices of the communes not covered, the most populated first."""
        hors = np.flatnonzero(~self.couverts)
        return hors[np.argsort(-self.populations[hors], kind="stable")]


def calculer(
    communes_lat,
    communes_lon,
    populations,
    codes,
    sites_lat,
    sites_lon,
    estimateur=None,
    seuil=30.0,
    distancier=None,
    candidats=3,
):
    """Coverage of the communes by the sites.

    Without ``distancier`` the estimator gives the minutes; with one (e.g. ``OSRMTable``) the ``candidats`` nearest
    sites by great-circle distance are asked for their road time and the shortest wins.
    """
    estimateur = estimateur or Estimateur()
    populations = np.asarray(populations, dtype=np.int64)
    n = len(populations)
    parametres = {**estimateur.parametres(), "seuil_minutes": seuil}
    if len(sites_lat) == 0:
        return Couverture(list(codes), populations, np.full(n, np.inf), np.full(n, -1), seuil, parametres)
    if distancier is None:
        km, indices = plus_proches(communes_lat, communes_lon, sites_lat, sites_lon)
        return Couverture(list(codes), populations, estimateur.minutes(km), indices, seuil, parametres)
    _, candidats_idx = plus_proches(communes_lat, communes_lon, sites_lat, sites_lon, k=candidats)
    candidats_idx = np.asarray(candidats_idx).reshape(n, -1)
    minutes = np.full(n, np.inf)
    plus_proche = np.full(n, -1)
    for i in range(n):
        destinations = [(sites_lat[j], sites_lon[j]) for j in candidats_idx[i]]
        durees = distancier.minutes([(communes_lat[i], communes_lon[i])], destinations)[0]
        for j, d in zip(candidats_idx[i], durees, strict=True):
            if d is not None and d < minutes[i]:
                minutes[i], plus_proche[i] = d, j
    parametres.update(distancier.parametres(), candidats=candidats)
    return Couverture(list(codes), populations, minutes, plus_proche, seuil, parametres)


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
