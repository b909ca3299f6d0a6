"""Celery tasks that work for one collectivité.

A tenant task receives the collectivité's id as the keyword ``collectivite_id``; the wrapper loads it and runs the
body inside ``tenant_context``. A task called without it fails instead of reusing a previous context (SECURITY 2).
"""

import logging

from celery import Task, shared_task
from django.db import transaction

from .models import Collectivite
from .tenancy import AucuneCollectiviteActive, tenant_context

logger = logging.getLogger(__name__)


class TacheCollectivite(Task):
    abstract = True
    # ``collectivite_id`` is consumed by __call__, not by the body: Celery's signature check would refuse it.
    typing = False

    def __call__(self, *args, **kwargs):
        collectivite_id = kwargs.pop("collectivite_id", None)
        if collectivite_id is None:
            raise AucuneCollectiviteActive(f"La tâche {self.name} exige collectivite_id.")
        collectivite = Collectivite.objects.get(pk=collectivite_id)
        with tenant_context(collectivite):
            return self.run(*args, **kwargs)


def tache_collectivite(*args, **kwargs):
    """Decorator: ``@tache_collectivite`` declares a Celery task run inside its collectivité's context."""
    return shared_task(*args, base=TacheCollectivite, **kwargs)


def planifier(tache, collectivite, *args, **kwargs):
    """Queue ``tache`` for ``collectivite`` once the current transaction commits.

    Never before the commit (the worker would not see the rows), and a broker that is down does not undo a write
    that already succeeded: the failure is logged.
    """

    def envoyer():
        try:
            tache.apply_async(args=args, kwargs={**kwargs, "collectivite_id": collectivite.pk})
        except Exception:  # the broker is unreachable; the write stands
            logger.exception("Impossible de mettre en file la tâche %s", tache.name)

    transaction.on_commit(envoyer)
