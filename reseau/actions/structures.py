"""Structures and their sites, the CSV import of a census, and a structure's contacts and services."""

from django.db import transaction
from django.utils import timezone

from collectivites.champs import affecter
from territoire.geocodage import geocoder

from ..models import Contact, LieuAccueil, NiveauEngagement, Service, SourceGeocodage, Structure
from .droits import check_animer, check_gerer_structure


@transaction.atomic
def do_enregistrer_structure(user, structure=None, **champs):
    """Create (``structure`` None) or update a structure with the fields given; becoming engaged stamps the date it
    joined (network census)."""
    check_animer(user)
    structure = affecter(structure or Structure(), champs)
    structure.collectivite_id = user.collectivite_id
    if structure.niveau_engagement != NiveauEngagement.IDENTIFIEE and not structure.engagee_le:
        structure.engagee_le = timezone.localdate()
    if structure.latitude is None and structure.commune_id:
        structure.latitude, structure.longitude = structure.commune.latitude, structure.commune.longitude
    structure.save()
    return structure


def _modifies(enregistre, objet, noms):
    """The fields among ``noms`` whose value on ``objet`` differs from the stored row (from the model's defaults for
    a new object), as a form's ``changed_data``: the view's instance may already carry the new values."""
    reference = enregistre or type(objet)()
    meta = objet._meta
    return {
        n for n in noms if meta.get_field(n).value_from_object(reference) != meta.get_field(n).value_from_object(objet)
    }


@transaction.atomic
def do_enregistrer_lieu(user, structure, lieu=None, **champs):
    """Create or update a site. Coordinates typed by hand are kept as such; otherwise a new or changed address is
    geocoded (BAN, falling back to the commune's point) and the source is recorded."""
    check_animer(user)
    enregistre = LieuAccueil.objects.filter(pk=lieu.pk).first() if lieu is not None and lieu.pk else None
    lieu = affecter(lieu or LieuAccueil(), champs)
    lieu.collectivite_id = user.collectivite_id
    lieu.structure = structure
    modifies = _modifies(enregistre, lieu, champs)
    saisies = {"latitude", "longitude"} & modifies
    if saisies and lieu.latitude is not None and lieu.longitude is not None:
        lieu.geocodage_source, lieu.geocodage_score = SourceGeocodage.MANUEL, None
    elif lieu.latitude is None or lieu.longitude is None or {"adresse", "commune"} & modifies:
        position = geocoder(lieu.adresse, lieu.commune)
        lieu.latitude, lieu.longitude = position.latitude, position.longitude
        lieu.geocodage_source, lieu.geocodage_score = position.source, position.score
        if "localisation_verifiee" not in modifies:
            lieu.localisation_verifiee = False  # moved: to be checked again
    lieu.save()
    return lieu


@transaction.atomic
def do_importer_structures(user, lignes):
    """Write the checked lines of an import (reseau.import_csv.lire) in one transaction."""
    check_animer(user)
    for v in lignes:
        c = v["commune"]
        structure = Structure.objects.create(
            collectivite_id=user.collectivite_id,
            nom=v["nom"],
            type=v["type"],
            siret=v["siret"],
            commune=c,
            adresse=v["adresse"],
            telephone=v["telephone"],
            email=v["email"][:254],
            latitude=c.latitude,
            longitude=c.longitude,
        )
        if v["lieu_nom"]:
            LieuAccueil.objects.create(
                collectivite_id=user.collectivite_id,
                nom=v["lieu_nom"],
                structure=structure,
                type_accueil=v["type_accueil"],
                adresse=v["adresse"],
                commune=c,
                latitude=c.latitude,
                longitude=c.longitude,
                horaires=v["horaires"],
            )
    return len(lignes)


# --- contacts and services ----------------------------------------------------------------------------------------


@transaction.atomic
def do_enregistrer_contact(user, structure, contact=None, **champs):
    check_gerer_structure(user, structure)
    contact = affecter(contact or Contact(), champs)
    contact.collectivite_id, contact.structure = user.collectivite_id, structure
    contact.save()
    return contact


@transaction.atomic
def do_enregistrer_service(user, structure, service=None, **champs):
    check_gerer_structure(user, structure)
    service = affecter(service or Service(), champs)
    service.collectivite_id, service.structure = user.collectivite_id, structure
    service.save()
    return service


def do_supprimer(user, objet):
    """Delete a contact or a service of a structure."""
    check_gerer_structure(user, objet.structure)
    objet.delete()
