from django.core.mail import EmailMultiAlternatives

from collectivites.tasks import tache_collectivite


@tache_collectivite(name="comptes.envoyer_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def envoyer_email(destinataires, sujet, texte, html=None):
    """Send one e-mail from the worker; web requests never wait on SMTP."""
    message = EmailMultiAlternatives(sujet, texte, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return len(destinataires)
