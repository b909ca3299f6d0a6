from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .tenancy import tenant_context


class JetonCollectiviteAuthentication(TokenAuthentication):
    """Token auth for partner systems (``Authorization: Token …``): the token's user sets the tenant context for the
    rest of the request. Abstract: a subclass finds the token in ``authenticate_credentials`` and returns
    ``(user, jeton)`` (``comptes.api.JetonAuthentication``, docs/securite.md §16)."""

    keyword = "Token"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            if not user.collectivite.active:
                raise AuthenticationFailed("Collectivité désactivée.")
            django_request = request._request
            active = getattr(django_request, "collectivite", None)
            if active is None:
                django_request.collectivite = user.collectivite
                django_request.relais_pile.enter_context(tenant_context(user.collectivite))
            elif active.pk != user.collectivite_id:
                # a session of one collectivité and a token of another: refuse rather than mix them
                raise AuthenticationFailed("Ce jeton n'appartient pas à la collectivité de la session en cours.")
        return result

    def authenticate_credentials(self, key):
        raise NotImplementedError
