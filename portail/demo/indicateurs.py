"""The demo's indicators: the seed's targets, computed snapshots for the past years and this year, the rollups."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from indicateurs import calcul, statistiques
from indicateurs.enums import Indicateur, Periodicite
from indicateurs.models import Cible

# Seed 004 (fiche action 2.1): the targets per year; the last column holds for the following years.
CIBLES_SEED = {
    Indicateur.LOCALISATION: {
        2019: (None, "Carte interactive à compléter au fur et à mesure de la constitution du réseau"),
        2020: (None, "Carte interactive à compléter au fur et à mesure de la constitution du réseau"),
        2021: (100, ""),
    },
    Indicateur.COUVERTURE: {2019: (100, ""), 2020: (100, ""), 2021: (100, "")},
    Indicateur.OUTILS: {
        a: (None, "Liste à produire et nombre de professionnels bénéficiaires") for a in (2019, 2020, 2021)
    },
    Indicateur.STRUCTURES: {2020: (None, "Recensement annuel"), 2021: (None, "Recensement annuel")},
    Indicateur.SATISFACTION: {2021: (100, "")},
}


def cibles(collectivite, jusqu_a):
    for indicateur, par_annee in CIBLES_SEED.items():
        derniere = max(par_annee)
        for annee in range(min(par_annee), jusqu_a + 1):
            valeur, libelle = par_annee.get(annee, par_annee[derniere])
            Cible.objects.create(
                collectivite=collectivite, indicateur=indicateur, annee=annee, valeur=valeur, libelle=libelle
            )


def generer(collectivite, aujourd_hui=None):
    aujourd_hui = aujourd_hui or timezone.localdate()
    cibles(collectivite, aujourd_hui.year + 1)
    # the worker's yearly runs of the past two years, on January 1st at 04:00, and a run of this year to date
    for annee in (aujourd_hui.year - 2, aujourd_hui.year - 1):
        debut, fin = calcul.periode_annuelle(annee)
        quand = timezone.make_aware(datetime.combine(fin + timedelta(days=1), time(4)))
        calcul.calculer(collectivite, debut, fin, Periodicite.ANNUELLE, maintenant=quand)
    for n in (2, 1):  # the monthly runs of the last two months
        annee, mois = divmod(aujourd_hui.year * 12 + aujourd_hui.month - 1 - n, 12)
        debut, fin = calcul.periode_mensuelle(annee, mois + 1)
        quand = timezone.make_aware(datetime.combine(fin + timedelta(days=1), time(3)))
        calcul.calculer(collectivite, debut, fin, Periodicite.MENSUELLE, maintenant=quand)
    calcul.calculer(collectivite, aujourd_hui.replace(month=1, day=1), aujourd_hui, Periodicite.A_LA_DEMANDE)
    return statistiques.rafraichir_tout(collectivite)
