"""E-mails: one way to render them and one way to send them.

An e-mail is a text template ``….txt`` and, when it exists, an HTML alternative ``….html`` next to it (autoescaped:
free text typed by users stays text). They are sent by the worker, never inside a web request: a task renders and
sends with ``envoyer``; a form that has only a request (the password reset) renders with ``rendre`` and queues the
texts to the ``comptes.envoyer_email`` task, which sends them with ``expedier``.
"""

from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def sujet_sur_une_ligne(sujet):
    """A subject is one line: a line break in a header is refused by Django (and would be a header injection)."""
    return " ".join(ligne.strip() for ligne in str(sujet).splitlines() if ligne.strip())


def rendre(gabarit, contexte):
    """``(texte, html)`` for the text template ``gabarit`` (``….txt``); ``html`` is None without an HTML twin."""
    texte = render_to_string(gabarit, contexte)
    try:
        html = get_template(gabarit.removesuffix(".txt") + ".html").render(contexte)
    except TemplateDoesNotExist:
        html = None
    return texte, html


def expedier(destinataires, sujet, texte, html=None):
    """Send one e-mail now (from the worker); the number sent, 0 without recipients."""
    destinataires = [d for d in destinataires if d]
    if not destinataires:
        return 0
    message = EmailMultiAlternatives(sujet_sur_une_ligne(sujet), texte, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def envoyer(gabarit, sujet, destinataires, contexte):
    """Render ``gabarit`` (and its HTML twin) with ``contexte`` and send it to ``destinataires`` (from the worker)."""
    if not [d for d in destinataires if d]:
        return 0
    return expedier(destinataires, sujet, *rendre(gabarit, contexte))
