"""Celery tasks that work for one collectivité, and the periodic publication of the outbox (``envois``).

A tenant task receives the collectivité's id as the keyword ``collectivite_id``; the wrapper loads it and runs the
body inside ``tenant_context``. A task called without it fails instead of reusing a previous context (docs/securite.md
§2).
"""

from celery import Task, shared_task

from .envois import publier_en_attente
from .models import Collectivite
from .tenancy import AucuneCollectiviteActive, tenant_context


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


@shared_task(name="collectivites.publier_envois_en_attente")
def publier_envois_en_attente():
    return publier_en_attente()
