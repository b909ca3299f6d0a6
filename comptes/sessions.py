"""The session store: Django's database sessions, the session read by every request in one plain statement — on
PostgreSQL with its user, their collectivité and their memberships, in the same round trip.

The same row as ``django.contrib.sessions.backends.db`` reads (the key, not expired), the same decoding; the ORM built
and compiled that ``get()`` on every request for ~0.3 ms of CPU, more than the statement itself
(docs/performance.md §15). On PostgreSQL the message also reads the user that ``SessionOuverte`` gives for the key,
kept for the authentication backend, which takes them only if the signed session names them
(``comptes.backends.lire_session``, docs/performance.md §16). Writes, expiry and the list of a user's sessions stay
Django's."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from . import backends


class SessionStore(db.SessionStore):
    def __init__(self, session_key=None):
        backends.oublier_precharge()  # a request's own store: nothing read for an earlier request waits
        super().__init__(session_key)

    def load(self):
        modele = self.model
        connection = connections[router.db_for_read(modele)]
        if connection.vendor == "postgresql":
            donnees = backends.lire_session(connection, self.session_key, timezone.now())
        else:
            with connection.cursor() as curseur:
                curseur.execute(
                    f'SELECT "session_data" FROM "{modele._meta.db_table}" WHERE "session_key" = %s '
                    'AND "expire_date" > %s',
                    [self.session_key, timezone.now()],
                )
                rangee = curseur.fetchone()
            donnees = rangee[0] if rangee else None
        if donnees is None:  # unknown or expired: a new session, as Django's store does
            self._session_key = None
            return {}
        return self.decode(donnees)
