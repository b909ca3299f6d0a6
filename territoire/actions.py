"""Writes on the collectivité's organisation. ``check_`` validates and authorises; ``do_`` writes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from collectivites.champs import affecter
from collectivites.noms import forme

from .models import Sectorisation, TerritoireActionSociale, TerritoireInterventionSociale


def check_gerer_sectorisation(user):
    if not user.peut("gerer_sectorisation"):
        raise PermissionDenied("Seuls le chef de projet et l'administrateur modifient la sectorisation.")


def check_communes_du_tis(tis, communes, deplacer):
    """Refuse communes of another département; communes served by another TIS only when asked to move them."""
    hors = [c for c in communes if c.departement_id != tis.collectivite.departement_id]
    if hors:
        raise ValidationError(f"Communes hors du département : {', '.join(str(c) for c in hors[:5])}.")
    if not deplacer:
        ailleurs = Sectorisation.objects.filter(commune__in=communes).exclude(tis=tis).select_related("commune", "tis")
        if ailleurs:
            noms = ", ".join(f"{s.commune.nom} ({s.tis})" for s in ailleurs[:5])
            raise ValidationError(
                f"Déjà rattachées à un autre TIS : {noms}. Cochez « déplacer » pour les rattacher {forme(tis).a}."
            )


@transaction.atomic
def do_modifier_communes_tis(user, tis, communes, deplacer=False):
    check_gerer_sectorisation(user)
    check_communes_du_tis(tis, communes, deplacer)
    codes = {c.code for c in communes}
    Sectorisation.objects.filter(tis=tis).exclude(commune_id__in=codes).delete()
    if deplacer:
        Sectorisation.objects.filter(commune_id__in=codes).exclude(tis=tis).delete()
    existantes = set(Sectorisation.objects.filter(tis=tis).values_list("commune_id", flat=True))
    Sectorisation.objects.bulk_create(
        [Sectorisation(collectivite=tis.collectivite, tis=tis, commune=c) for c in communes if c.code not in existantes]
    )


def _cle(nom):
    return nom.strip().casefold()


@transaction.atomic
def do_importer_sectorisation(user, collectivite, lignes):
    """Replace the whole sectorisation with the lines read (already checked by ``sectorisation.lire_csv``)."""
    check_gerer_sectorisation(user)
    # Names are matched case-insensitively, as TISForm does: « tas nord » reuses « TAS Nord ».
    tas, tis = {}, {}
    for t in TerritoireActionSociale.objects.order_by("pk"):
        tas.setdefault(_cle(t.nom), t)
    for t in TerritoireInterventionSociale.objects.order_by("pk"):
        tis.setdefault(_cle(t.nom), t)
    for ligne in lignes:
        cle_tas, cle_tis = _cle(ligne.tas), _cle(ligne.tis)
        if cle_tas not in tas:
            tas[cle_tas] = TerritoireActionSociale.objects.create(collectivite=collectivite, nom=ligne.tas)
        if cle_tis not in tis:
            tis[cle_tis] = TerritoireInterventionSociale.objects.create(
                collectivite=collectivite, nom=ligne.tis, tas=tas[cle_tas]
            )
        elif tis[cle_tis].tas_id != tas[cle_tas].pk:
            tis[cle_tis].tas = tas[cle_tas]
            tis[cle_tis].save(update_fields=["tas"])
    Sectorisation.objects.all().delete()
    Sectorisation.objects.bulk_create(
        [Sectorisation(collectivite=collectivite, tis=tis[_cle(lg.tis)], commune=lg.commune) for lg in lignes]
    )
    return len(lignes)


@transaction.atomic
def do_enregistrer_tis(user, collectivite, tis=None, nouveau_tas="", **champs):
    """Create (``tis`` None) or update a TIS with the fields given (``nom``, ``tas``, ``telephone``); without a TAS,
    the one named ``nouveau_tas`` is used, created when it does not exist yet."""
    check_gerer_sectorisation(user)
    tis = affecter(tis or TerritoireInterventionSociale(), champs)
    if tis.tas_id is None:
        nom_tas = nouveau_tas.strip()
        if not nom_tas:
            raise ValidationError("Choisissez un TAS ou nommez-en un nouveau.")
        existant = TerritoireActionSociale.objects.filter(collectivite=collectivite, nom__iexact=nom_tas)
        tis.tas = existant.order_by("pk").first() or TerritoireActionSociale.objects.create(
            collectivite=collectivite, nom=nom_tas
        )
    tis.collectivite = collectivite
    tis.save()
    return tis
