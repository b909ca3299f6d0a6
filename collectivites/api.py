from rest_framework.authentication import TokenAuthentication

from .tenancy import tenant_context


class JetonAuthentication(TokenAuthentication):
    """Token auth for partner systems: the token's user sets the tenant context for the rest of the request."""

    keyword = "Token"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            django_request = request._request
            if getattr(django_request, "collectivite", None) is None:
                django_request.collectivite = user.collectivite
                django_request.relais_pile.enter_context(tenant_context(user.collectivite))
        return result

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not user.collectivite.active:
            from rest_framework.exceptions import AuthenticationFailed

            raise AuthenticationFailed("Collectivité désactivée.")
        return user, token
