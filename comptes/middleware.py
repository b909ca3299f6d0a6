import time

from django.conf import settings
from django.contrib.auth import logout


class InactiviteMiddleware:
    """docs/securite.md §19: a session unused for 30 minutes ends (the 12-hour cap is SESSION_COOKIE_AGE)."""

    CLE = "relais_derniere_activite"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            maintenant = int(time.time())
            derniere = request.session.get(self.CLE)
            if derniere is not None and maintenant - derniere > settings.RELAIS_INACTIVITE_MAX:
                logout(request)
            elif derniere is None or maintenant - derniere > 60:  # write the session at most once a minute
                request.session[self.CLE] = maintenant
        return self.get_response(request)
