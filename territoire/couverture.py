"""Travel time from each commune to the nearest reception site, and the population covered (charter indicator 2).

The estimator is ``territoire.distances.Estimateur`` (great-circle distance × detour factor ÷ average speed) with the
collectivité's ``ParametresCouverture``; the parameters are stored with every figure, so it can be recomputed and
explained. The nearest site is found with a k-d tree on 3-D unit vectors (the chord is monotonic in the great-circle
distance): ~20 ms for the 35,000 communes of France (``bench/couverture.py``). When the collectivité runs an OSRM
server, ``OSRMTable`` refines the few nearest candidates of each commune with road travel times.

The sites come from the caller (``territoire`` knows points, not the network): the indicator and the map pass the
first-reception sites open to the public. The map shows the coverage the collectivité *published* (indicator 2's
latest computation), never a recomputation: ``publier_par`` lets the app that computes it say where it is.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from .distances import CANDIDATS_OSRM, RAYON_TERRE_KM, Estimateur


def vecteurs_unitaires(lat, lon):
    lat = np.radians(np.asarray(lat, dtype=float))
    lon = np.radians(np.asarray(lon, dtype=float))
    cos_lat = np.cos(lat)
    return np.column_stack((cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)))


def corde_en_km(corde):
    """Great-circle distance from the chord between two unit vectors."""
    return 2.0 * RAYON_TERRE_KM * np.arcsin(np.clip(np.asarray(corde) / 2.0, 0.0, 1.0))


def voisins(origines_lat, origines_lon, sites_lat, sites_lon, k=1):
    """Great-circle distances (km) and indices of the ``k`` nearest sites of each origin; shape (n,) or (n, k)."""
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
    candidats=CANDIDATS_OSRM,
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
        km, indices = voisins(communes_lat, communes_lon, sites_lat, sites_lon)
        return Couverture(list(codes), populations, estimateur.minutes(km), indices, seuil, parametres)
    _, candidats_idx = voisins(communes_lat, communes_lon, sites_lat, sites_lon, k=candidats)
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


# The models are imported where they are used: the k-d tree above runs without Django (``bench/couverture.py``).


def parametres_couverture():
    """The current collectivité's travel-time model (its saved row, else the defaults); needs a tenant context."""
    from .models import ParametresCouverture

    return ParametresCouverture.objects.first() or ParametresCouverture()


def couverture_du_departement(departement_id, sites, parametres=None, obtenir=None):
    """The ``Couverture`` of a département's communes by ``sites`` (objects with ``latitude``/``longitude``), with
    the collectivité's parameters, and the communes' rows ``(code, nom, population, latitude, longitude)``."""
    from .models import Commune

    parametres = parametres or parametres_couverture()
    communes = list(
        Commune.objects.du_departement(departement_id)
        .order_by("code")
        .values_list("code", "nom", "population", "latitude", "longitude")
    )
    resultat = calculer(
        [c[3] for c in communes],
        [c[4] for c in communes],
        [c[2] for c in communes],
        [c[0] for c in communes],
        [s.latitude for s in sites],
        [s.longitude for s in sites],
        estimateur=parametres.estimateur(),
        seuil=float(parametres.seuil_minutes),
        distancier=parametres.distancier(obtenir),
    )
    return resultat, communes


@dataclass(frozen=True)
class CouverturePubliee:
    """The coverage as the collectivité last published it: what the map shows, figure for figure."""

    calculee_le: object
    taux: float
    parametres: dict
    population_couverte: int
    population_totale: int
    communes: dict  # code INSEE → (minutes or None, name of the nearest site or "", covered: bool or None)

    @property
    def seuil_minutes(self):
        return self.parametres.get("seuil_minutes", 30)


_SOURCE_PUBLIEE = []


def publier_par(fonction):
    """Register ``fonction() -> CouverturePubliee | None``, the current collectivité's latest published coverage (the
    indicators app does it in its ``AppConfig.ready()``: the map reads it without importing the indicators)."""
    _SOURCE_PUBLIEE[:] = [fonction]


def derniere_publiee():
    """The current collectivité's latest published coverage, or None when it has never been computed."""
    return _SOURCE_PUBLIEE[0]() if _SOURCE_PUBLIEE else None
