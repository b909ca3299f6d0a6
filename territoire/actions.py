"""Writes on the collectivité's organisation. ``check_`` validates and authorises; ``do_`` writes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

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
                f"Déjà rattachées à un autre TIS : {noms}. Cochez « déplacer » pour les rattacher à {tis}."
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


@transaction.atomic
def do_importer_sectorisation(user, collectivite, lignes):
    """Replace the whole sectorisation with the lines read (already checked by ``sectorisation.lire_csv``)."""
    check_gerer_sectorisation(user)
    tas = {t.nom: t for t in TerritoireActionSociale.objects.all()}
    tis = {t.nom: t for t in TerritoireInterventionSociale.objects.all()}
    for ligne in lignes:
        if ligne.tas not in tas:
            tas[ligne.tas] = TerritoireActionSociale.objects.create(collectivite=collectivite, nom=ligne.tas)
        if ligne.tis not in tis:
            tis[ligne.tis] = TerritoireInterventionSociale.objects.create(
                collectivite=collectivite, nom=ligne.tis, tas=tas[ligne.tas]
            )
        elif tis[ligne.tis].tas_id != tas[ligne.tas].pk:
            tis[ligne.tis].tas = tas[ligne.tas]
            tis[ligne.tis].save(update_fields=["tas"])
    Sectorisation.objects.all().delete()
    Sectorisation.objects.bulk_create(
        [Sectorisation(collectivite=collectivite, tis=tis[lg.tis], commune=lg.commune) for lg in lignes]
    )
    return len(lignes)


@transaction.atomic
def do_enregistrer_tis(user, collectivite, form):
    """Create or update a TIS from ``TISForm``, creating its TAS when a new name is given."""
    check_gerer_sectorisation(user)
    tis = form.save(commit=False)
    if not form.cleaned_data.get("tas"):
        nom_tas = form.cleaned_data["nouveau_tas"].strip()
        tis.tas, _ = TerritoireActionSociale.objects.get_or_create(collectivite=collectivite, nom=nom_tas)
    tis.collectivite = collectivite
    tis.save()
    return tis
