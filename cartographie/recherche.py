"""The public finder of /c/<slug>/ and /c/<slug>/carte/ (docs/publications.md §3): a commune name, a postcode or a
point the phone gave, and the nearest reception points of the network, with what an inhabitant needs to go there.

- « 46100 » lists the communes of that postcode, most populated first (Figeac before Boussac);
- « St Cere », « saint cere », « Saint-Céré » find Saint-Céré (accents, hyphens and « St »/« Ste » do not matter);
- a postcode or a commune of another département says where it is and where to look instead, with the nearest points
  of this network when they are close enough to be of use;
- a point (« Autour de moi »: the browser's geolocation, sent only to this server) lists the nearest points and the
  pôle of the commune whose centre is nearest.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from collectivites.noms import forme
from territoire.distances import distance_km
from territoire.models import Commune, Departement, Sectorisation

from . import geo

# how far (as the crow flies) the points of this network are still worth showing to someone from elsewhere
RAYON_HORS_DEPARTEMENT_KM = 50
NOMBRE_CHOIX = 10

# The acronyms of the reception points, in plain words (shown under a point's name and in the page's glossary).
SIGLES = {
    "MSD": "Maison des solidarités départementale : l'accueil social du Département",
    "MDS": "Maison départementale des solidarités : l'accueil social du Département",
    "CCAS": "Centre communal d'action sociale : le service social de la mairie",
    "CIAS": "Centre intercommunal d'action sociale : le service social de la communauté de communes",
    "France Services": "un guichet qui aide pour les démarches administratives (CAF, impôts, retraite, santé…)",
}


def normaliser(texte):
    """Lower case, no accents, words only, « st »/« ste » spelt out: « St-Céré » → « saint cere »."""
    texte = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode().lower()
    mots = re.findall(r"[a-z0-9]+", texte)
    return " ".join({"st": "saint", "ste": "sainte"}.get(m, m) for m in mots)


def sigles_de(nom):
    """The acronyms a name contains, explained: [(« MSD », « Maison des solidarités … »)]."""
    return [(s, sens) for s, sens in SIGLES.items() if re.search(rf"\b{re.escape(s)}\b", nom or "")]


@dataclass
class Resultat:
    q: str = ""
    commune: Commune | None = None
    choix: list = field(default_factory=list)  # communes to choose from
    proches: list = field(default_factory=list)  # dicts of geo.lieux(public=True), with km, minutes, geo link
    estimateur: object = None
    pole: object = None  # the TIS serving the commune
    ailleurs: Commune | None = None  # a commune of another département
    code_postal_ailleurs: bool = False  # a postcode of another département with no commune known here
    departement_postal: object = None  # that département, when known
    autour_de_moi: bool = False
    introuvable: bool = False

    @property
    def recherche_faite(self):
        return bool(self.q or self.commune or self.autour_de_moi or self.introuvable or self.code_postal_ailleurs)


def _communes_du_departement(departement):
    return list(
        Commune.objects.du_departement(departement).only(
            "code", "nom", "population", "codes_postaux", "latitude", "longitude", "departement_id"
        )
    )


def _codes(commune):
    return commune.codes_postaux.replace(",", " ").split()


def _par_nom(communes, terme):
    cle = normaliser(terme)
    if not cle:
        return []
    exactes = [c for c in communes if normaliser(c.nom) == cle]
    if exactes:
        return exactes
    debut = [c for c in communes if normaliser(c.nom).startswith(cle)]
    return sorted(debut, key=lambda c: (-c.population, c.nom))


def _ailleurs(terme):
    """A commune of another département for this name or postcode, the most populated first, or None."""
    if terme.isdigit():
        qs = Commune.objects.filter(codes_postaux__contains=terme)
    else:
        cle = normaliser(terme)
        premier = cle.split(" ")[0] if cle else ""
        if not premier:
            return None
        variantes = {terme.strip(), terme.strip().replace(" ", "-"), premier}
        candidates = Commune.objects.none()
        for v in variantes:
            candidates = candidates | Commune.objects.filter(nom__istartswith=v)
        trouvees = [c for c in candidates.order_by("-population", "code")[:200] if normaliser(c.nom) == cle]
        return trouvees[0] if trouvees else None
    return qs.select_related("departement").order_by("-population", "code").first()


def lien_geo(lieu):
    """A ``geo:`` URI (RFC 5870) that a phone's own maps app opens, with the point's name as its label."""
    from urllib.parse import quote

    lat, lon = f"{lieu['latitude']:.6f}", f"{lieu['longitude']:.6f}"
    return f"geo:{lat},{lon}?q={lat},{lon}({quote(lieu['nom'])})"


def _proches(latitude, longitude):
    proches, estimateur = geo.plus_proches_du_point(latitude, longitude)
    for lieu in proches:
        lieu["geo"] = lien_geo(lieu)
        lieu["sigles"] = sigles_de(lieu["nom"])
    return proches, estimateur


def _pole(commune):
    secteur = Sectorisation.objects.filter(commune=commune).select_related("tis").first()
    return secteur.tis if secteur else None


def chercher(collectivite, q="", code="", latitude=None, longitude=None):
    """What the public finder answers (``Resultat``) for a query, a chosen commune's code or a point."""
    q = " ".join((q or "").split())[:80]
    resultat = Resultat(q=q)
    departement = collectivite.departement_id
    if latitude is not None and longitude is not None:
        resultat.autour_de_moi = True
        communes = _communes_du_departement(departement)
        if communes:
            resultat.commune = min(communes, key=lambda c: distance_km(latitude, longitude, c.latitude, c.longitude))
        resultat.proches, resultat.estimateur = _proches(latitude, longitude)
        resultat.pole = _pole(resultat.commune) if resultat.commune else None
        return resultat
    if code:
        resultat.commune = Commune.objects.du_departement(departement).filter(code=code[:5]).first()
        resultat.introuvable = resultat.commune is None
    elif q:
        communes = _communes_du_departement(departement)
        if q.isdigit():
            trouvees = sorted(
                (c for c in communes if q in _codes(c)),
                key=lambda c: (-c.population, c.nom),
            )
            if not trouvees and len(q) < 5:
                trouvees = sorted(
                    (c for c in communes if any(cp.startswith(q) for cp in _codes(c))),
                    key=lambda c: (-c.population, c.nom),
                )
        else:
            trouvees = _par_nom(communes, q)
        if len(trouvees) == 1:
            resultat.commune = trouvees[0]
        elif trouvees:
            resultat.choix = trouvees[:NOMBRE_CHOIX]
        else:
            resultat.ailleurs = _ailleurs(q)
            prefixe = q[:3] if q.startswith("97") else q[:2]
            if resultat.ailleurs is None and len(q) == 5 and q.isdigit() and prefixe != departement:
                resultat.code_postal_ailleurs = True
                resultat.departement_postal = Departement.objects.filter(code=prefixe).first()
            resultat.introuvable = resultat.ailleurs is None and not resultat.code_postal_ailleurs
            if resultat.ailleurs is not None:
                proches, estimateur = _proches(resultat.ailleurs.latitude, resultat.ailleurs.longitude)
                resultat.proches = [p for p in proches if p["km"] <= RAYON_HORS_DEPARTEMENT_KM]
                resultat.estimateur = estimateur
            return resultat
    if resultat.commune is not None:
        resultat.proches, resultat.estimateur = _proches(resultat.commune.latitude, resultat.commune.longitude)
        resultat.pole = _pole(resultat.commune)
    return resultat


def departement_de(commune):
    """« la Manche », « Paris »: the département of a commune of elsewhere, as a sentence names it."""
    return forme(commune.departement)
