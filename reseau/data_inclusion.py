"""Export of the network's directory in the data·inclusion schema (``data-inclusion-schema``, v1), validated by the
package's own pydantic models: what leaves Relais is what the national platform accepts."""

from django.utils import timezone
from pydantic import ValidationError

from .enums import TypeStructure

RESEAUX = {
    TypeStructure.DEPARTEMENT: "departements",
    TypeStructure.CCAS_CIAS: "ccas-cias",
    TypeStructure.FRANCE_SERVICE: "france-service",
    TypeStructure.CAF: "caf",
    TypeStructure.CPAM: "cpam",
    TypeStructure.MSA: "mutualite-sociale-agricole",
    TypeStructure.FRANCE_TRAVAIL: "france-travail",
    TypeStructure.MISSION_LOCALE: "mission-locale",
}
COLONNES = [
    "source",
    "id",
    "nom",
    "date_maj",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "reseaux_porteurs",
]


def structures(collectivite, queryset):
    """(valid records as JSON-ready dicts, errors as (structure, message)) for the structures of ``queryset``."""
    from data_inclusion.schema.v1 import Structure as StructureDI

    valides, erreurs = [], []
    for s in queryset.select_related("commune").prefetch_related("lieux"):
        lieu = next(iter(s.lieux.all()), None)
        donnees = {
            "source": f"relais-{collectivite.slug}",
            "id": f"relais-{collectivite.slug}--{s.pk}",
            "nom": s.nom[:150],
            "date_maj": timezone.localdate(),
            "siret": s.siret or None,
            "commune": s.commune.nom,
            "code_postal": (s.commune.codes_postaux.split() or [None])[0],
            "code_insee": s.commune_id,
            "adresse": s.adresse or None,
            "longitude": s.longitude,
            "latitude": s.latitude,
            "telephone": s.telephone or None,
            "courriel": s.email or None,
            "site_web": s.site_web or None,
            "horaires_accueil": (lieu.horaires or None) if lieu else None,
            "reseaux_porteurs": {RESEAUX[s.type]} if s.type in RESEAUX else None,
        }
        try:
            valides.append(StructureDI(**donnees).model_dump(mode="json"))
        except ValidationError as e:
            erreurs.append((s, "; ".join(f"{'.'.join(map(str, err['loc']))} : {err['msg']}" for err in e.errors())))
    return valides, erreurs
