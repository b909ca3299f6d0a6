"""The session store: Django's database sessions, the session read by every request in one plain statement.

The same row as ``django.contrib.sessions.backends.db`` reads (the key, not expired), the same decoding; the ORM built
and compiled that ``get()`` on every request for ~0.3 ms of CPU, more than the statement itself
(docs/performance.md §15). Writes, expiry and the list of a user's sessions stay Django's."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        modele = self.model
        with connections[router.db_for_read(modele)].cursor() as curseur:
            curseur.execute(
                f'SELECT "session_data" FROM "{modele._meta.db_table}" WHERE "session_key" = %s AND "expire_date" > %s',
                [self.session_key, timezone.now()],
            )
            rangee = curseur.fetchone()
        if rangee is None:  # unknown or expired: a new session, as Django's store does
            self._session_key = None
            return {}
        return self.decode(rangee[0])
