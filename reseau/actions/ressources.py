"""Shared resources: documents the lead publishes to the network, kept in numbered versions."""

import uuid

from django.db import transaction

from collectivites.champs import affecter

from ..models import Ressource, VersionRessource
from .droits import check_animer


@transaction.atomic
def do_creer_ressource(user, fichier, note="", **champs):
    """A new resource (its fields in ``champs``) with its first version, the file ``fichier``."""
    check_animer(user)
    ressource = affecter(Ressource(), champs)
    ressource.collectivite_id, ressource.creee_par = user.collectivite_id, user
    ressource.save()
    do_nouvelle_version_ressource(user, ressource, fichier, note or "Première version")
    return ressource


@transaction.atomic
def do_nouvelle_version_ressource(user, ressource, fichier, note):
    check_animer(user)
    Ressource.objects.select_for_update().filter(pk=ressource.pk).first()  # numbering under concurrency
    numero = (ressource.versions.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    version = VersionRessource(
        collectivite_id=user.collectivite_id,
        ressource=ressource,
        numero=numero,
        nom_original=fichier.name[:200],
        type_mime=fichier.type_detecte,
        note=note,
        deposee_par=user,
    )
    version.fichier.save(f"ressource-{uuid.uuid4().hex}.{fichier.extension_detectee}", fichier, save=False)
    version.save()
    return version
