from celery import shared_task
from django.utils import timezone

from collectivites import courriels
from collectivites.liens import url_absolue
from collectivites.models import Collectivite
from collectivites.tasks import tache_collectivite
from collectivites.tenancy import current_collectivite, tenant_context

from . import rappels


@tache_collectivite(name="portail.rappeler_droit_acces_collectivite")
def rappeler_droit_acces_collectivite():
    """The reminders of one collectivité (portail/rappels.py): one e-mail per part due, the part marked recalled."""
    aujourd_hui = timezone.localdate()
    collectivite = current_collectivite()
    envoyes = 0
    for partie in rappels.parties_a_rappeler(aujourd_hui):
        demande = partie.demande
        restants = demande.jours_restants(aujourd_hui)
        sujet = (
            "Relais — droit d'accès : le délai d'un mois est dépassé"
            if restants < 0
            else f"Relais — droit d'accès : une partie à libérer avant le {demande.echeance:%d/%m/%Y}"
        )
        courriels.envoyer(
            "portail/emails/rappel_droit_acces.txt",
            sujet,
            rappels.destinataires(partie),
            {
                "partie": partie,
                "demande": demande,
                "restants": restants,
                "retard": -restants,
                "collectivite": collectivite,
                "lien": url_absolue("portail:droit_acces_demande", pk=demande.pk),
            },
        )
        rappels.noter_rappel(partie, aujourd_hui)
        envoyes += 1
    return envoyes


@shared_task(name="portail.rappeler_droit_acces")
def rappeler_droit_acces():
    """Beat, daily: each active collectivité in its own context."""
    resultats = {}
    for collectivite in Collectivite.objects.filter(active=True):
        with tenant_context(collectivite):
            resultats[collectivite.slug] = rappeler_droit_acces_collectivite.run()
    return resultats
