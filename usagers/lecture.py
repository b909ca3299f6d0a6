"""What a request read of persons: logged once, never cached (docs/securite.md §9, §4).

A view does not have to remember the log. The access functions that hand out a person's data
(``usagers.access.get_usager_for_user``, ``get_accompagnement_for_user``, ``get_passage_for_user``,
``get_orientation_for_user``) and the lists (``noter(...)`` on the records shown, the API's ``LecturesApiMixin``) note
the persons read in the request's ``Lecture``; ``LectureMiddleware`` then

- writes the access-log row(s) of a GET that read persons and did not log them itself — and of a form sent back
  with its errors, which shows the person again: one row for one person, one row naming every person for a list
  (``JournalAcces.usagers_lus``);
- sends ``Cache-Control: no-store, private`` on every response that carries person data (docs/securite.md §4), also
  for an empty list (``noter(None)``).

``tests/usagers/test_lectures.py`` walks every route and fails when a page showing a person writes no row or may be
cached, so a view written later cannot forget either.
"""

import contextvars

from django.db import OperationalError
from django.utils.cache import patch_cache_control

from config.erreurs import delai_depasse, reponse_reessayez

_LECTURE = contextvars.ContextVar("relais_lecture", default=None)


class Lecture:
    def __init__(self):
        self.personnelle = False
        self.usagers = {}  # id -> objet (first record named for that person)
        self.journalises = set()

    def noter(self, usager_id, objet):
        self.personnelle = True
        if usager_id:
            self.usagers.setdefault(usager_id, objet)


def _ids(usagers):
    if usagers is None:
        return []
    if isinstance(usagers, int):
        return [usagers]
    if hasattr(usagers, "pk") and not hasattr(usagers, "__iter__"):
        return [usagers.pk]
    return [u if isinstance(u, int) else getattr(u, "pk", None) for u in usagers]


def noter(usagers, objet=""):
    """The current request shows these persons (an ``Usager``, an id, or an iterable of them; ``None`` for an
    anonymous record): it will be logged and not cached. Outside a request (tasks, commands) it does nothing."""
    lecture = _LECTURE.get()
    if lecture is None:
        return
    lecture.personnelle = True
    for pk in _ids(usagers):
        lecture.noter(pk, objet)


def noter_journalise(usager_id):
    """``usagers.access.journaliser`` wrote a row for this person in this request: the middleware writes no other."""
    lecture = _LECTURE.get()
    if lecture is not None:
        lecture.personnelle = True
        if usager_id:
            lecture.journalises.add(usager_id)


class LectureMiddleware:
    """Installed after ``CollectiviteMiddleware``: the rows are written inside the tenant context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lecture = Lecture()
        jeton = _LECTURE.set(lecture)
        try:
            reponse = self.get_response(request)
            if lecture.personnelle:
                patch_cache_control(reponse, no_store=True, no_cache=True, private=True, max_age=0)
                if self._a_montre(request, reponse):
                    try:
                        self._journaliser(request, lecture)
                    except OperationalError as e:
                        # the log row could not be written in time (a lock; SQLite's « database is locked » in the
                        # demo): the person is not shown unlogged, the user is asked to try again (docs/securite.md
                        # §9, §29)
                        if not delai_depasse(e):
                            raise
                        return reponse_reessayez(request)
            return reponse
        finally:
            _LECTURE.reset(jeton)

    @staticmethod
    def _a_montre(request, reponse):
        """A GET that answered; and a form sent back with its errors (a POST answered by a page, not a redirect):
        the page it re-renders shows the person as much as the GET did."""
        if request.method in ("GET", "HEAD"):
            return reponse.status_code < 400
        return reponse.status_code in (200, 400, 422) and "html" in reponse.get("Content-Type", "")

    @staticmethod
    def _journaliser(request, lecture):
        from .access import journaliser_liste

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        restants = {pk: objet for pk, objet in lecture.usagers.items() if pk not in lecture.journalises}
        if restants:
            journaliser_liste(user, restants, request.path[:60])


class LecturesApiMixin:
    """DRF viewsets that serialise person data (docs/securite.md §9): every object serialised for a GET is noted,
    so a list writes one row naming the persons shown and a detail one row for its person. ``chemin_usager`` says
    where the person's id is on the object."""

    chemin_usager = "usager_id"

    def _usager_id(self, obj):
        valeur = obj
        for partie in self.chemin_usager.split("__"):
            valeur = getattr(valeur, partie, None)
            if valeur is None:
                return None
        return valeur

    def get_serializer(self, *args, **kwargs):
        if args and args[0] is not None and "data" not in kwargs:
            objets = args[0]
            objets = objets if isinstance(objets, list | tuple) or hasattr(objets, "model") else [objets]
            nom = getattr(self, "basename", "") or self.__class__.__name__
            for obj in objets:
                noter(self._usager_id(obj), f"api:{nom}:{obj.pk}")
            noter(None)
        return super().get_serializer(*args, **kwargs)
