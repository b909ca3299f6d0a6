"""The demo builder, one package in portail (the top layer, which may read every app).

- ``construction``: the two demo collectivités (Lot, Manche), their organisation, network and accounts — the entry
  point ``construire(reseau)``, called by ``manage.py construire_demo``;
- ``activite``: a year of passages, orientations, supports, events, services and resources;
- ``ingenierie``: the engineering requests and one restitution note;
- ``indicateurs``: the charter targets, snapshots and statistics rollups.
"""

from .construction import MOT_DE_PASSE_DEMO, RESEAUX, construire, logins, secret_totp_demo

__all__ = ["MOT_DE_PASSE_DEMO", "RESEAUX", "construire", "logins", "secret_totp_demo"]
