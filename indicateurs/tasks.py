"""Worker tasks: the indicators (yearly, monthly, on demand), the monthly rollups and the funders' PDF report."""

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites.envois import planifier
from collectivites.models import Collectivite
from collectivites.tasks import tache_collectivite
from collectivites.tenancy import current_collectivite, tenant_context

from . import calcul as calc
from . import statistiques
from .enums import Periodicite, StatutCalcul
from .models import Calcul, MoisARafraichir, RapportCharte


@tache_collectivite(name="indicateurs.calculer_indicateurs")
def calculer_indicateurs(calcul_id):
    """Run one computation (idempotent: a finished one is not redone, a half-done one is finished once)."""
    c = Calcul.objects.get(pk=calcul_id)
    if c.statut == StatutCalcul.TERMINE:
        return "déjà calculé"
    try:
        calc.calculer(current_collectivite(), c.debut, c.fin, c.periodicite, calcul=c)
    except Exception as erreur:
        Calcul.objects.filter(pk=c.pk).update(statut=StatutCalcul.ECHEC, erreur=str(erreur)[:500])
        raise
    return "calculé"


@tache_collectivite(name="indicateurs.rafraichir_statistiques")
def rafraichir_statistiques(tout=False, modifie=False):
    """The monthly rollups: with ``modifie`` only the days (or, for a source not counted by day, the months) written
    to since the last run (the incremental refresh, every few minutes, docs/performance.md §14); by default the last
    six months of every source (the nightly safety net: renamed labels, sources that follow no table; the current
    month written by day); every month with ``tout``. Six months, not one: an orientation is filed under the month it
    was sent with its outcome today, and late entries, backdated closures and anonymisations change past months too."""
    collectivite = current_collectivite()
    if modifie:
        return sum(len(mois) for mois in statistiques.rafraichir_modifie(collectivite).values())
    if tout:
        return statistiques.rafraichir_tout(collectivite)
    aujourd_hui = timezone.localdate()
    annee, mois = divmod(aujourd_hui.year * 12 + aujourd_hui.month - 1 - 5, 12)
    precedent = aujourd_hui.replace(year=annee, month=mois + 1, day=1)
    return statistiques.rafraichir(collectivite, precedent, aujourd_hui)


@tache_collectivite(name="indicateurs.generer_rapport")
def generer_rapport(rapport_id):
    from .rapport import rendre_rapport

    with transaction.atomic():
        rapport = RapportCharte.objects.select_for_update().get(pk=rapport_id)
        if rapport.genere_le:
            return "déjà généré"
        contenu = rendre_rapport(current_collectivite(), rapport.annee)
        rapport.fichier.save(
            f"rapport-charte-{rapport.annee}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf", ContentFile(contenu), save=False
        )
        rapport.genere_le = timezone.now()
        rapport.save(update_fields=["fichier", "genere_le"])
    return rapport.fichier.name


def _pour_chaque_collectivite(fonction):
    for collectivite in Collectivite.objects.filter(active=True).order_by("pk"):
        with tenant_context(collectivite), transaction.atomic():
            fonction(collectivite)


@shared_task(name="indicateurs.planifier_indicateurs")
def planifier_indicateurs(periodicite):
    """Celery beat: on the 1st of the month (monthly: the month just ended) and of January (yearly: last year).

    Idempotent: a period already computed (or queued) is not computed again by the schedule."""
    aujourd_hui = timezone.localdate()
    hier = aujourd_hui.replace(day=1) - timezone.timedelta(days=1)
    if periodicite == Periodicite.ANNUELLE:
        debut, fin = calc.periode_annuelle(aujourd_hui.year - 1)  # the last complete year
    else:
        debut, fin = calc.periode_mensuelle(hier.year, hier.month)

    def lancer(collectivite):
        if Calcul.objects.filter(periodicite=periodicite, debut=debut, fin=fin).exists():
            return  # beat fired twice: one computation per period
        c = Calcul.objects.create(collectivite=collectivite, periodicite=periodicite, debut=debut, fin=fin)
        planifier(calculer_indicateurs.name, collectivite, c.pk)

    _pour_chaque_collectivite(lancer)


@shared_task(name="indicateurs.planifier_statistiques")
def planifier_statistiques(modifie=False):
    """Celery beat: the nightly refresh of every collectivité; with ``modifie`` (every few minutes), the incremental
    refresh of the collectivités that have months marked since their last run."""

    def lancer(collectivite):
        if modifie and not MoisARafraichir.objects.exists():
            return  # nothing written since the last run: no task
        planifier(rafraichir_statistiques.name, collectivite, modifie=modifie)

    _pour_chaque_collectivite(lancer)
