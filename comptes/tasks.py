from celery import shared_task

from collectivites.courriels import expedier
from collectivites.tasks import tache_collectivite

from . import second_facteur


@tache_collectivite(name="comptes.envoyer_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def envoyer_email(destinataires, sujet, texte, html=None):
    """Send an e-mail rendered by a web request (``collectivites.courriels.rendre``): requests never wait on SMTP."""
    return expedier(destinataires, sujet, texte, html)


@shared_task(name="comptes.nettoyer_sessions")
def nettoyer_sessions():
    """Beat, hourly: expired sessions and their ``SessionOuverte`` rows are deleted (docs/securite.md §19)."""
    return second_facteur.nettoyer_sessions()
