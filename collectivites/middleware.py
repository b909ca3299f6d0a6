import re
from contextlib import ExitStack

from django.core.handlers.exception import response_for_exception
from django.http import Http404

from .models import Collectivite
from .tenancy import tenant_context

# Public pages carry the collectivité in a path prefix: /c/<slug>/… (works on localhost and behind any host).
PREFIXE_PUBLIC = re.compile(r"^/c/(?P<slug>[-a-zA-Z0-9_]+)/")


class CollectiviteMiddleware:
    """Set the tenant context for the request.

    Public pages: from the URL prefix. Staff: from their account (a user belongs to one collectivité). API calls with
    a token: from the token's user, set by ``collectivites.api.JetonCollectiviteAuthentication`` on
    ``request.relais_pile``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            collectivite = self._collectivite(request)
        except Http404 as inconnue:
            return self._introuvable(request, inconnue)
        request.collectivite = collectivite
        with ExitStack() as pile:
            request.relais_pile = pile
            if collectivite is not None:
                pile.enter_context(tenant_context(collectivite))
            return self.get_response(request)

    @staticmethod
    def _introuvable(request, exception):
        """/c/<unknown slug>/: the 404 page, rendered in the context of the signed-in user's collectivité (its
        navigation reads their memberships; without a context that read raised and the answer was a 500)."""
        user = getattr(request, "user", None)
        with ExitStack() as pile:
            if user is not None and user.is_authenticated:
                pile.enter_context(tenant_context(user.collectivite))
            return response_for_exception(request, exception)

    @staticmethod
    def _collectivite(request):
        public = PREFIXE_PUBLIC.match(request.path_info)
        if public:
            try:
                return Collectivite.objects.get(slug=public["slug"], active=True)
            except Collectivite.DoesNotExist:
                raise Http404("Collectivité inconnue.") from None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user.collectivite
        return None
