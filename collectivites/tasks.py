"""Celery tasks that work for one collectivité, and the outbox that queues them.

A tenant task receives the collectivité's id as the keyword ``collectivite_id``; the wrapper loads it and runs the
body inside ``tenant_context``. A task called without it fails instead of reusing a previous context (SECURITY 2).
"""

import logging

from celery import Task, current_app, shared_task
from django.db import transaction

from .models import Collectivite, Envoi
from .tenancy import AucuneCollectiviteActive, cross_tenant_access, tenant_context

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
    """Queue ``tache`` for ``collectivite``: an outbox row in the current transaction, published after the commit.

    Never before the commit (the worker would not see the rows), and a broker that is down neither slows nor undoes
    the write: the row waits in the outbox (SECURITY 26).
    """
    envoi = Envoi.objects.create(
        collectivite=collectivite,
        tache=tache.name,
        arguments=list(args),
        options={**kwargs, "collectivite_id": collectivite.pk},
    )
    transaction.on_commit(lambda: publier(envoi.pk, collectivite))
    return envoi


def publier(envoi_id, collectivite):
    """Publish one outbox row; True when it reached the broker (and the row is gone)."""
    with tenant_context(collectivite):
        envoi = Envoi.objects.filter(pk=envoi_id).first()
        if envoi is None:
            return True
        app = current_app
        try:
            if app.conf.task_always_eager:  # the demo: no broker, run it here
                app.tasks[envoi.tache].apply(args=envoi.arguments, kwargs=envoi.options, throw=True)
            else:
                # No retry loop: a desk must not wait on a broker that is down; the outbox will try again.
                app.send_task(envoi.tache, args=envoi.arguments, kwargs=envoi.options, retry=False)
        except Exception as erreur:  # broker unreachable, or the eager task failed
            logger.warning("Envoi %s en attente : %s", envoi.pk, erreur)
            Envoi.objects.filter(pk=envoi.pk).update(tentatives=envoi.tentatives + 1, derniere_erreur=str(erreur)[:500])
            return False
        Envoi.objects.filter(pk=envoi.pk).delete()
        return True


def publier_en_attente(limite=500):
    """Publish what the outbox still holds, oldest first, for every collectivité. Returns (published, left)."""
    with cross_tenant_access("boîte d'envoi : publication des tâches en attente de toutes les collectivités"):
        en_attente = list(Envoi.objects.select_related("collectivite").order_by("cree_le", "pk")[:limite])
    publies = 0
    for envoi in en_attente:
        if publier(envoi.pk, envoi.collectivite):
            publies += 1
        else:
            break  # the broker is still down: stop here, keep the order
    return publies, len(en_attente) - publies


@shared_task(name="collectivites.publier_envois_en_attente")
def publier_envois_en_attente():
    return publier_en_attente()
