"""E-mail notifications of the orientation loop, run by the worker. Each is idempotent (docs/securite.md §27)."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from collectivites import courriels
from collectivites.liens import url_absolue
from collectivites.models import Collectivite
from collectivites.noms import forme
from collectivites.tasks import tache_collectivite
from collectivites.tenancy import current_collectivite, tenant_context

from .actions import do_clore_arrivees, do_expirer_et_relancer
from .liens import url_reponse
from .models import Orientation


def _destinataires(orientation):
    structure = orientation.structure_destinataire
    if structure.email:
        return [structure.email]
    return sorted({m.utilisateur.email for m in structure.membres.actifs().select_related("utilisateur")})


@tache_collectivite(name="accueil.notifier_orientation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifier_orientation(orientation_id):
    with transaction.atomic():
        orientation = (
            Orientation.objects.select_for_update(of=("self",))
            .select_related("structure_destinataire", "structure_emettrice", "motif", "collectivite")
            .get(pk=orientation_id)
        )
        if orientation.notifiee_le:
            return "déjà notifiée"
        n = courriels.envoyer(
            "accueil/emails/orientation.txt",
            f"Relais — nouvelle orientation {forme(orientation.structure_emettrice).de}",
            _destinataires(orientation),
            {"orientation": orientation, "lien": url_reponse(orientation)},
        )
        orientation.notifiee_le = timezone.now()
        orientation.save(update_fields=["notifiee_le"])
    return n


@tache_collectivite(name="accueil.notifier_reponse", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifier_reponse(orientation_id, statut):
    orientation = Orientation.objects.select_related("emise_par", "structure_destinataire").get(pk=orientation_id)
    evenement = orientation.evenements.filter(vers=statut).order_by("-quand").first()
    if evenement is None or orientation.reponse_notifiee_le and orientation.reponse_notifiee_le >= evenement.quand:
        return "déjà notifiée"
    statut_, par = orientation.get_statut_display().lower(), forme(orientation.structure_destinataire).par
    n = courriels.envoyer(
        "accueil/emails/reponse.txt",
        f"Relais — orientation {statut_} {par}",
        [orientation.emise_par.email],
        {"orientation": orientation, "lien": url_absolue("accueil:orientation", pk=orientation.pk)},
    )
    Orientation.objects.filter(pk=orientation.pk).update(reponse_notifiee_le=timezone.now())
    return n


@tache_collectivite(name="accueil.relancer_orientations_collectivite")
def relancer_orientations_collectivite():
    maintenant = timezone.now()
    collectivite = current_collectivite()
    expirees, a_relancer = do_expirer_et_relancer(collectivite, maintenant)
    parties = do_clore_arrivees(maintenant)
    relancees = 0
    for pk in a_relancer:
        with transaction.atomic():
            orientation = Orientation.objects.select_for_update(of=("self",)).select_related("collectivite").get(pk=pk)
            if orientation.derniere_relance and orientation.derniere_relance > maintenant - timezone.timedelta(days=7):
                continue
            courriels.envoyer(
                "accueil/emails/orientation.txt",
                f"Relais — rappel : orientation {forme(orientation.structure_emettrice).de} en attente de réponse",
                _destinataires(orientation),
                {"orientation": orientation, "lien": url_reponse(orientation), "relance": True},
            )
            orientation.derniere_relance = maintenant
            orientation.nombre_relances += 1
            orientation.save(update_fields=["derniere_relance", "nombre_relances"])
            relancees += 1
    return {"expirees": expirees, "relancees": relancees, "arrivees_closes": parties}


@shared_task(name="accueil.relancer_orientations")
def relancer_orientations():
    """Beat, hourly: each active collectivité in its own context."""
    resultats = {}
    for collectivite in Collectivite.objects.filter(active=True):
        with tenant_context(collectivite):
            resultats[collectivite.slug] = relancer_orientations_collectivite.run()
    return resultats
