"""Error answers shared by every app: the API's 404 in JSON, and a French 503 « réessayez » when the database gives up
on a lock or a statement (docs/securite.md §29)."""

import sqlite3

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

# PostgreSQL's SQLSTATE: 55P03 lock_not_available (lock_timeout), 57014 query_canceled (statement_timeout)
CODES_DELAI_DEPASSE = {"55P03", "57014"}
# SQLite (the demo) gives up on a write lock held by another request after its timeout with this message, and only this
# one: every other OperationalError stays a server error.
SQLITE_VERROUILLEE = "database is locked"

# docs/securite.md §22: the one answer of the API to an unknown address and to an object that does not exist or belongs
# to another collectivité (config.api.gestionnaire_d_exceptions), as config.api.REPONSES_D_ERREUR documents it.
INTROUVABLE = "Introuvable, ou hors de votre collectivité."


def page_introuvable(request, exception):
    """handler404: the API answers in JSON, as its schema says (docs/securite.md §22); pages get the 404 page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": INTROUVABLE}, status=404)
    return defaults.page_not_found(request, exception)


def delai_depasse(exception):
    """True when the database stopped a statement on its lock or statement timeout (config/settings.py), or when
    SQLite gave up waiting for another request's write lock (« database is locked », the demo under concurrent
    requests)."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return str(cause) == SQLITE_VERROUILLEE
    return getattr(cause, "sqlstate", None) in CODES_DELAI_DEPASSE


class ReessayezMiddleware:
    """docs/securite.md §29: a held lock or a slow statement answers a 503 « réessayez dans un instant » after the
    timeout (5 s for a lock; SQLite's « database is locked » too), never a server error. The actions write in a
    transaction, rolled back by the error, so nothing is written. The page reads nothing from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return reponse_reessayez(request) if delai_depasse(exception) else None


def reponse_reessayez(request):
    """The 503 « réessayez dans un instant » (JSON on the API). ``ReessayezMiddleware`` answers it for a view; a
    middleware that writes after the view (the access log, ``usagers.lecture.LectureMiddleware``) answers it itself,
    since an exception raised in a middleware never reaches another's ``process_exception``."""
    if request.path_info.startswith("/api/"):
        reponse = JsonResponse({"detail": "Le service est momentanément occupé : réessayez dans un instant."})
    else:
        reponse = HttpResponse(loader.render_to_string("503.html"))
    reponse.status_code = 503
    reponse["Retry-After"] = "5"
    return reponse
