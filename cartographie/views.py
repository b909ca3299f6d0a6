import json
import math

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from collectivites.integration import integrable
from comptes.decorators import permission_requise
from reseau.enums import TypeAccueil

from . import geo, recherche

PROPRIETES_LIEU = [
    "nom",
    "adresse",
    "commune",
    "horaires",
    "ouvert",
    "type_accueil",
    "structure",
    "type_structure",
    "signataire",
]
PROPRIETES_LIEU_PUBLIC = ["nom", "adresse", "commune", "code_postal", "horaires", "ouvert", "sans_rendez_vous"]


def _filtres(request):
    f = {
        "type_accueil": request.GET.get("type_accueil", ""),
        "charte": request.GET.get("charte", ""),
        "ouvert": request.GET.get("ouvert", ""),
    }
    if f["type_accueil"] not in TypeAccueil.values:
        f["type_accueil"] = ""
    f["charte"] = f["charte"] if f["charte"] in ("oui", "non") else ""
    f["ouvert"] = "oui" if f["ouvert"] == "oui" else ""
    return f


def _tuiles():
    return {"url": settings.RELAIS_TUILES_URL, "attribution": settings.RELAIS_TUILES_ATTRIBUTION}


def _geojson(texte):
    return HttpResponse(texte, content_type="application/geo+json")


@require_GET
@permission_requise("voir_reseau")
def carte(request):
    """The network map: sites and structures, the sectorisation and the 30-minute coverage, with lists beside it."""
    filtres = _filtres(request)
    communes, couverture = geo.communes()
    seuil = couverture.seuil_minutes if couverture else 30
    par_tis = {}
    for c in communes:
        t = par_tis.setdefault(c["tis"] or "Hors sectorisation", {"communes": 0, "population": 0})
        t["communes"] += 1
        t["population"] += c["population"]
    hors = sorted((c for c in communes if c["couverte"] is not True), key=lambda c: -c["population"])
    requete = "&".join(f"{k}={v}" for k, v in filtres.items() if v)
    couches = [
        {"url": f"{reverse('cartographie:lieux_geojson')}?{requete}", "type": "lieu", "nom": "Lieux d'accueil"},
        {"url": reverse("cartographie:structures_geojson"), "type": "structure", "nom": "Structures", "visible": False},
    ]
    if request.user.peut("voir_sectorisation"):
        couches.insert(
            0,
            {
                "url": reverse("cartographie:communes_geojson"),
                "type": "commune",
                "nom": "Communes (temps d'accès, TIS)",
            },
        )
        couches.insert(
            1,
            {
                "url": reverse("cartographie:communes_geojson"),
                "type": "secteur",
                "nom": "Sectorisation (communes colorées par TIS)",
                "visible": False,
            },
        )
    return render(
        request,
        "cartographie/carte.html",
        {
            "lieux": geo.lieux(filtres),
            "filtres": filtres,
            "types_accueil": TypeAccueil.choices,
            "tuiles": _tuiles(),
            "couches_json": json.dumps(couches),
            "user_peut_sectorisation": request.user.peut("voir_sectorisation"),
            "par_tis": sorted(par_tis.items()),
            "couverture": couverture,
            "hors": hors[:100],
            "nombre_hors": len(hors),
            "seuil": seuil,
            "tranches": geo.tranches(int(seuil)),
        },
    )


@require_GET
@permission_requise("voir_reseau")
def lieux_geojson(request):
    filtres = _filtres(request)
    cle = "lieux:" + ":".join(filtres.values())
    return _geojson(geo.geojson_en_cache(cle, lambda: geo.feature_collection(geo.lieux(filtres), PROPRIETES_LIEU)))


@require_GET
@permission_requise("voir_reseau")
def structures_geojson(request):
    return _geojson(
        geo.geojson_en_cache(
            "structures",
            lambda: geo.feature_collection(geo.structures(), ["nom", "type", "engagement", "signataire", "commune"]),
        )
    )


@require_GET
@permission_requise("voir_sectorisation")
def communes_geojson(request):
    return _geojson(
        geo.geojson_en_cache(
            "communes",
            lambda: geo.feature_collection(
                geo.communes()[0],
                [
                    "code",
                    "nom",
                    "population",
                    "minutes",
                    "tranche",
                    "couleur",
                    "tis",
                    "couleur_tis",
                    "lieu_le_plus_proche",
                ],
            ),
        )
    )


# Public: no login, the collectivité comes from the /c/<slug>/ prefix.


def _coordonnee(valeur, limite):
    """A latitude or longitude from the query string, or None when absent or unreadable."""
    try:
        nombre = float(valeur)
    except (TypeError, ValueError):
        return None
    return nombre if math.isfinite(nombre) and -limite <= nombre <= limite else None


def recherche_publique(request):
    """The public finder's context (``cartographie.recherche``), for /c/<slug>/ and its map: ``q`` (a commune or a
    postcode), ``commune`` (a chosen code) or ``lat``/``lon`` (« Autour de moi »)."""
    latitude = _coordonnee(request.GET.get("lat"), 90)
    longitude = _coordonnee(request.GET.get("lon"), 180)
    position_illisible = ("lat" in request.GET or "lon" in request.GET) and (latitude is None or longitude is None)
    resultat = recherche.chercher(
        request.collectivite,
        q=request.GET.get("q", ""),
        code=request.GET.get("commune", ""),
        latitude=latitude if longitude is not None else None,
        longitude=longitude if latitude is not None else None,
    )
    return {
        "recherche": resultat,
        "position_illisible": position_illisible,
        "departement_ailleurs": recherche.departement_de(resultat.ailleurs) if resultat.ailleurs else None,
        "sigles": recherche.SIGLES,
    }


@require_GET
@integrable
def carte_publique(request, collectivite_slug):
    """« Trouver un accueil près de chez moi »: by commune name, postcode or position; works without JavaScript
    and tiles."""
    return render(
        request,
        "cartographie/carte_publique.html",
        {
            **recherche_publique(request),
            "tuiles": _tuiles(),
            "couches_json": json.dumps(
                [
                    {
                        "url": reverse("carte_publique:lieux_geojson", kwargs={"collectivite_slug": collectivite_slug}),
                        "type": "lieu",
                        "nom": "Lieux d'accueil",
                    }
                ]
            ),
        },
    )


@require_GET
@cache_control(max_age=300, public=True)
def lieux_publics_geojson(request, collectivite_slug):
    return _geojson(
        geo.geojson_en_cache(
            "lieux_publics", lambda: geo.feature_collection(geo.lieux(public=True), PROPRIETES_LIEU_PUBLIC)
        )
    )
