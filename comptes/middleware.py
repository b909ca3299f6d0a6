import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse

from . import second_facteur


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


class SecondFacteurMiddleware:
    """docs/securite.md §16: until the second factor is passed, a logged-in session reaches nothing but the
    enrolment and challenge pages and logout — no page, no export, no API call with that session (API tokens are
    authenticated by DRF, not here: they are issued to accounts that have a second factor)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vue, args, kwargs):
        user = request.user
        if not user.is_authenticated or second_facteur.passe(request):
            return None
        if request.resolver_match.view_name in second_facteur.ROUTES_AVANT_SECOND_FACTEUR:
            return None
        if not second_facteur.exige(user):
            return None
        if request.method == "GET" and not request.path.startswith("/api/"):
            return redirect_to_login(request.get_full_path(), reverse("comptes:second_facteur"))
        return JsonResponse(
            {"detail": "Second facteur requis : terminez la connexion sur /comptes/second-facteur/."}, status=403
        )


class JournalAdministrationMiddleware:
    """docs/securite.md §20: every request of the technical admin (who, what, when) goes to ``JournalSecurite``,
    which the admin does not register and so cannot change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, vue, args, kwargs):
        if request.resolver_match.namespace == "admin" and request.user.is_authenticated and request.user.is_staff:
            second_facteur.journaliser(
                "administration_technique",
                auteur=request.user,
                detail=f"{request.method} {request.get_full_path()}",
            )
        return None
