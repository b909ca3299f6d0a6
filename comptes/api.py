from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import BasePermission

from collectivites.api import JetonCollectiviteAuthentication

from . import jetons


class JetonAuthentication(JetonCollectiviteAuthentication):
    """docs/securite.md §16: ``Authorization: Token rls_…``, a personal token (``comptes.jetons``) — hashed at rest,
    with an expiry, revocable, issued only to an account with a second factor."""

    def authenticate_credentials(self, key):
        try:
            jeton = jetons.authentifier(key)
        except jetons.JetonRefuse as e:
            raise AuthenticationFailed(str(e)) from None
        return jeton.utilisateur, jeton


class SessionCsrfAuthentication(SessionAuthentication):
    """DRF's session authentication, whose CSRF refusal says in French what to do (DRF passes on Django's English
    reason, « CSRF Failed: CSRF cookie not set. »: docs/securite.md §22)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except PermissionDenied:
            raise PermissionDenied(
                "Vérification CSRF échouée : rechargez la page de Relais, ou appelez l'API avec un jeton d'API."
            ) from None


class SessionCsrfScheme(SessionScheme):
    """The schema documents it as DRF's session (``cookieAuth``)."""

    target_class = SessionCsrfAuthentication


class PermissionDuRole(BasePermission):
    """The API answers to the same role table as the pages: a viewset names its ``permission_requise``."""

    message = "Votre rôle ne donne pas accès à ce point d'entrée."

    def has_permission(self, request, view):
        permission = getattr(view, "permission_requise", None)
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return permission is None or user.peut(permission)
