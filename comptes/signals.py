"""Login and logout keep ``SessionOuverte`` in step (docs/securite.md §19) and a new login starts without the
second factor (docs/securite.md §16)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import second_facteur
from .models import SessionOuverte


def adresse_ip(request):
    return (request.META.get("REMOTE_ADDR") or "")[:45]


@receiver(user_logged_in, dispatch_uid="comptes_session_ouverte")
def session_ouverte(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(second_facteur.CLE_SESSION, None)
    request.session.pop(f"{second_facteur.CLE_SESSION}_methode", None)
    if request.session.session_key is None:
        request.session.save()
    SessionOuverte.objects.update_or_create(
        cle=request.session.session_key,
        defaults={
            "utilisateur": user,
            "ip": adresse_ip(request),
            "navigateur": (request.META.get("HTTP_USER_AGENT") or "")[:200],
        },
    )


@receiver(user_logged_out, dispatch_uid="comptes_session_fermee")
def session_fermee(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        SessionOuverte.objects.filter(cle=request.session.session_key).delete()
