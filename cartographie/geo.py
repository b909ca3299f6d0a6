"""What the maps show, as lists (the accessible alternative and the no-tiles fallback) and as GeoJSON.

GeoJSON bodies are cached per collectivité (the key starts with its id, docs/securite.md §8) for a few minutes: "open
now"
is recomputed at each expiry.
"""

import json
from operator import itemgetter

from django.core.cache import cache
from django.utils import timezone

from collectivites.tenancy import current_collectivite
from reseau.affichage import horaires_en_francais
from reseau.enums import TypeAccueil
from reseau.models import LieuAccueil, Signature, Structure
from territoire.couverture import derniere_publiee, parametres_couverture
from territoire.distances import plus_proches
from territoire.models import Commune, Sectorisation

DUREE_CACHE = 300

COULEURS_TRANCHES = ["#1a7f37", "#b08800", "#d1242f", "#6e1a1a"]


def tranches(seuil=30):
    """The legend's bands, built from the collectivité's threshold: half of it, the threshold, one and a half."""
    a, b = round(seuil / 2), seuil
    c = round(seuil * 1.5)
    return [
        (a, f"moins de {a} minutes", COULEURS_TRANCHES[0]),
        (b, f"{a} à {b} minutes", COULEURS_TRANCHES[1]),
        (c, f"{b} à {c} minutes", COULEURS_TRANCHES[2]),
        (None, f"{c} minutes et plus", COULEURS_TRANCHES[3]),
    ]


TRANCHES = tranches()


# TIS colours of the sectorisation layer (distinguishable, Okabe–Ito then Tableau)
PALETTE = [
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]


def tranche(minutes, seuil=30, couverte=None):
    """The band of a commune. ``couverte`` (decided by the indicator before rounding) wins at the threshold, so the
    map and the indicator never disagree about a commune at 29.96 minutes."""
    if minutes is None:
        return "inconnu", "#6b7280"
    bandes = tranches(seuil)
    if couverte is True and minutes >= seuil:
        return bandes[1][1], bandes[1][2]
    if couverte is False and minutes < seuil:
        return bandes[2][1], bandes[2][2]
    for borne, libelle, couleur in bandes:
        if borne is None or minutes < borne:
            return libelle, couleur
    return bandes[-1][1], bandes[-1][2]


def _ouvert(lieu, moment):
    try:
        return lieu.ouvert(moment)
    except Exception:  # hours the parser cannot read: unknown, not an error page
        return None


def lieux(filtres=None, moment=None, public=False):
    """Reception sites as dicts; ``public`` keeps the first-reception sites and only what an inhabitant needs."""
    moment = moment or timezone.now()
    filtres = filtres or {}
    qs = LieuAccueil.objects.select_related("structure", "commune").order_by("commune__nom", "nom")
    if public:
        qs = qs.ouverts_au_public()
    if filtres.get("type_accueil"):
        qs = qs.filter(type_accueil=filtres["type_accueil"])
    signataires = set(Signature.objects.values_list("structure_id", flat=True))
    resultat = []
    for lieu in qs:
        ouvert = _ouvert(lieu, moment)
        d = {
            "id": lieu.pk,
            "nom": lieu.nom,
            "adresse": lieu.adresse,
            "commune": lieu.commune.nom,
            "code_postal": lieu.commune.codes_postaux.split(",")[0].strip(),
            "horaires": horaires_en_francais(lieu.horaires),  # the same French text as the site's page
            "ouvert": ouvert,
            "sans_rendez_vous": lieu.sans_rendez_vous,
            "telephone": lieu.telephone or lieu.structure.telephone,
            "accessibilite": lieu.accessibilite,
            "latitude": lieu.latitude,
            "longitude": lieu.longitude,
            "type_accueil": TypeAccueil(lieu.type_accueil).label,
        }
        if not public:
            d.update(
                structure=lieu.structure.nom,
                type_structure=lieu.structure.get_type_display(),
                signataire=lieu.structure_id in signataires,
            )
        resultat.append(d)
    if filtres.get("charte") in ("oui", "non"):
        resultat = [d for d in resultat if d.get("signataire") == (filtres["charte"] == "oui")]
    if filtres.get("ouvert") == "oui":
        resultat = [d for d in resultat if d["ouvert"]]
    return resultat


def structures():
    signataires = set(Signature.objects.values_list("structure_id", flat=True))
    resultat = []
    for s in Structure.objects.select_related("commune").order_by("nom"):
        resultat.append(
            {
                "id": s.pk,
                "nom": s.nom,
                "type": s.get_type_display(),
                "engagement": s.get_niveau_engagement_display(),
                "signataire": s.pk in signataires,
                "commune": s.commune.nom,
                "latitude": s.latitude if s.latitude is not None else s.commune.latitude,
                "longitude": s.longitude if s.longitude is not None else s.commune.longitude,
            }
        )
    return resultat


def communes():
    """The communes of the département: population, TIS (sectorisation) and minutes to the nearest site, from the
    coverage the collectivité published last (``territoire.couverture.derniere_publiee``: the map never recomputes
    it), and that coverage (None before the first computation)."""
    collectivite = current_collectivite()
    couverture = derniere_publiee()
    par_commune = couverture.communes if couverture else {}
    seuil = couverture.seuil_minutes if couverture else 30
    tis = dict(Sectorisation.objects.values_list("commune_id", "tis__nom"))
    couleurs_tis = {nom: PALETTE[i % len(PALETTE)] for i, nom in enumerate(sorted(set(tis.values())))}
    resultat = []
    for code, nom, population, lat, lon in (
        Commune.objects.du_departement(collectivite.departement_id)
        .order_by("nom")
        .values_list("code", "nom", "population", "latitude", "longitude")
    ):
        m, lieu, couverte = par_commune.get(code, (None, "", None))
        libelle, couleur = tranche(m, seuil, couverte)
        resultat.append(
            {
                "code": code,
                "nom": nom,
                "population": population,
                "latitude": lat,
                "longitude": lon,
                "minutes": m,
                "couverte": couverte,
                "tranche": libelle,
                "couleur": couleur,
                "lieu_le_plus_proche": lieu,
                "tis": tis.get(code, ""),
                "couleur_tis": couleurs_tis.get(tis.get(code), "#9ca3af"),
            }
        )
    return resultat, couverture


def plus_proches_de(commune, nombre=5):
    """The ``nombre`` first-reception sites nearest to a commune's point (``plus_proches_du_point``)."""
    return plus_proches_du_point(commune.latitude, commune.longitude, nombre)


def plus_proches_du_point(latitude, longitude, nombre=5):
    """The ``nombre`` first-reception sites nearest to a point, with the estimated travel time of the collectivité's
    model (``territoire.distances``, the estimate: a public page does not call the OSRM server)."""
    estimateur = parametres_couverture().estimateur()
    proches = plus_proches(
        latitude,
        longitude,
        lieux(public=True),
        nombre,
        estimateur,
        coordonnees=itemgetter("latitude", "longitude"),
    )
    sites = []
    for p in proches:
        s = p.site
        s["km"] = p.km_vol_d_oiseau  # as the page says
        s["minutes"] = round(p.minutes)
        sites.append(s)
    return sites, estimateur


def feature_collection(elements, proprietes):
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(e["longitude"], 6), round(e["latitude"], 6)]},
                "properties": {k: e.get(k) for k in proprietes},
            }
            for e in elements
        ],
    }


def geojson_en_cache(nom, construire):
    """The GeoJSON text for the current collectivité, built at most once every DUREE_CACHE seconds."""
    collectivite = current_collectivite()
    cle = f"c{collectivite.pk}:cartographie:{nom}"
    texte = cache.get(cle)
    if texte is None:
        texte = json.dumps(construire(), ensure_ascii=False, separators=(",", ":"))
        cache.set(cle, texte, DUREE_CACHE)
    return texte
