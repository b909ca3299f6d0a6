"""Geocoding of an address: an adapter for the Base Adresse Nationale API, falling back to the commune's point.

``geocoder(adresse, commune)`` returns a ``Position``. The adapter is chosen by ``RELAIS_GEOCODEUR``:

- ``"ban"`` asks the BAN (``RELAIS_BAN_URL``, by default https://api-adresse.data.gouv.fr) for the address within
  the commune's INSEE code, and keeps the answer only when its score reaches ``SCORE_MINIMUM``;
- ``"aucun"`` (the demo and the tests: no network) always falls back.

Whatever goes wrong — no answer, a low score, a result in another commune, a timeout — the commune's point is
used and the source says so, so a site is never left without coordinates and never placed silently at a wrong
address. Another geocoder plugs in by giving ``GeocodeurBAN`` another ``transport`` (a function url -> dict).
"""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException

from django.conf import settings

SCORE_MINIMUM = 0.6


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    source: str  # "ban" | "commune"
    score: float | None = None
    libelle: str = ""


def _transport_http(url):
    with urllib.request.urlopen(url, timeout=3) as reponse:  # configured https host
        return json.load(reponse)


class GeocodeurBAN:
    def __init__(self, base_url=None, transport=None):
        self.base_url = (base_url or settings.RELAIS_BAN_URL).rstrip("/")
        self.transport = transport or _transport_http

    def chercher(self, adresse, commune):
        """The best BAN match for ``adresse`` in ``commune``, or None."""
        parametres = urllib.parse.urlencode({"q": adresse, "citycode": commune.code, "limit": 1})
        try:
            donnees = self.transport(f"{self.base_url}/search/?{parametres}")
            meilleur = (donnees.get("features") or [None])[0]
            if not meilleur:
                return None
            proprietes = meilleur.get("properties") or {}
            score = float(proprietes.get("score") or 0)
            if proprietes.get("citycode") != commune.code or score < SCORE_MINIMUM:
                return None
            longitude, latitude = (float(x) for x in meilleur["geometry"]["coordinates"])
            return Position(latitude, longitude, "ban", round(score, 3), str(proprietes.get("label", "")))
        except (OSError, HTTPException, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None  # whatever the BAN answered, the caller falls back to the commune


class SansGeocodage:
    def chercher(self, adresse, commune):
        return None


def geocodeur():
    return GeocodeurBAN() if settings.RELAIS_GEOCODEUR == "ban" else SansGeocodage()


def geocoder(adresse, commune, moteur=None):
    """Where ``adresse`` lies in ``commune``: the BAN's point when it is sure enough, else the commune's point."""
    trouve = (moteur or geocodeur()).chercher(adresse, commune) if adresse else None
    return trouve or Position(commune.latitude, commune.longitude, "commune")
