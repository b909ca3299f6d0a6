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


COLONNES_SERVICES = [
    "source",
    "id",
    "structure_id",
    "nom",
    "description",
    "date_maj",
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "horaires_accueil",
]


def services(collectivite, queryset_structures):
    """(valid service records, errors) for the services of the structures in ``queryset_structures``, validated by
    the data·inclusion ``Service`` model. A service is placed at its site, or else at its structure."""
    from data_inclusion.schema.v1 import Service as ServiceDI

    from .models import Service

    valides, erreurs = [], []
    qs = (
        Service.objects.filter(structure__in=queryset_structures)
        .select_related("structure__commune", "lieu__commune")
        .order_by("structure__nom", "nom", "pk")
    )
    for sv in qs:
        s, lieu = sv.structure, sv.lieu
        ou = lieu or s
        donnees = {
            "source": f"relais-{collectivite.slug}",
            "id": f"relais-{collectivite.slug}--service-{sv.pk}",
            "structure_id": f"relais-{collectivite.slug}--{s.pk}",
            "nom": sv.nom[:150],
            "description": sv.description,
            "date_maj": timezone.localdate(),
            "thematiques": set(sv.thematiques) or None,
            "publics": set(sv.publics) or None,
            "modes_accueil": set(sv.modes_accueil) or None,
            "zone_eligibilite": sv.zone_eligibilite or None,
            "commune": ou.commune.nom,
            "code_postal": (ou.commune.codes_postaux.split() or [None])[0],
            "code_insee": ou.commune_id,
            "adresse": ou.adresse or None,
            "longitude": ou.longitude,
            "latitude": ou.latitude,
            "telephone": s.telephone or None,
            "courriel": s.email or None,
            # a contact's name is personal data: not published to the national platform
            "horaires_accueil": (lieu.horaires or None) if lieu else None,
        }
        try:
            valides.append(ServiceDI(**donnees).model_dump(mode="json"))
        except ValidationError as e:
            erreurs.append((sv, "; ".join(f"{'.'.join(map(str, err['loc']))} : {err['msg']}" for err in e.errors())))
    return valides, erreurs
