"""Writes of the indicators: ask for a computation, set a target, ask for the funders' report."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from collectivites.envois import planifier
from territoire.models import ParametresCouverture

from .calcul import periode_annuelle
from .enums import Periodicite
from .models import Calcul, Cible, RapportCharte


def check_piloter(user):
    if not user.peut("piloter_indicateurs"):
        raise PermissionDenied("Seuls le chef de projet et l'administrateur pilotent les indicateurs.")


@transaction.atomic
def do_demander_calcul(user, annee):
    """A computation of the five indicators for ``annee`` (to date when it is the current year), run by the worker."""
    from django.utils import timezone

    check_piloter(user)
    debut, fin = periode_annuelle(annee)
    fin = min(fin, timezone.localdate())  # the current year is computed to date, not as if it were over
    calcul = Calcul.objects.create(
        collectivite=user.collectivite, periodicite=Periodicite.A_LA_DEMANDE, debut=debut, fin=fin, demande_par=user
    )
    planifier("indicateurs.calculer_indicateurs", user.collectivite, calcul.pk)
    return calcul


@transaction.atomic
def do_enregistrer_cibles(user, annee, valeurs):
    """``valeurs``: {indicateur: (valeur or None, libellé)}. Existing snapshots keep the target they were made with."""
    check_piloter(user)
    for indicateur, (valeur, libelle) in valeurs.items():
        if valeur is None and not libelle:
            Cible.objects.filter(indicateur=indicateur, annee=annee).delete()
            continue
        Cible.objects.update_or_create(
            collectivite=user.collectivite,
            indicateur=indicateur,
            annee=annee,
            defaults={"valeur": valeur, "libelle": libelle},
        )


@transaction.atomic
def do_demander_rapport(user, annee):
    check_piloter(user)
    rapport = RapportCharte.objects.create(collectivite=user.collectivite, annee=annee, demande_par=user)
    planifier("indicateurs.generer_rapport", user.collectivite, rapport.pk)
    return rapport


@transaction.atomic
def do_enregistrer_parametres_couverture(user, donnees):
    """The travel-time model of indicator 2; the snapshots already computed keep the parameters they were made with."""
    check_piloter(user)
    ParametresCouverture.objects.update_or_create(collectivite=user.collectivite, defaults=donnees)
