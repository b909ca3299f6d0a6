"""The outbox (``collectivites.Envoi``): work for the worker, queued by task name in the writer's transaction.

Actions queue work here with ``planifier("app.tache", collectivite, …)``: they name the task, they never import a
tasks module (the import-linter contract « actions.py n'importe aucun tasks.py »), so a task may import the actions
it runs without a cycle. ``collectivites.tasks`` holds the Celery side: the tenant task wrapper and the periodic
publication of what the outbox still holds.
"""

import logging

from celery import current_app
from django.db import transaction

from .models import Envoi
from .tenancy import cross_tenant_access, tenant_context

logger = logging.getLogger(__name__)


def planifier(tache, collectivite, *args, **kwargs):
    """Queue the task named ``tache`` for ``collectivite``: an outbox row in the current transaction, published
    after the commit.

    Never before the commit (the worker would not see the rows), and a broker that is down neither slows nor undoes
    the write: the row waits in the outbox (docs/securite.md §26).
    """
    if not isinstance(tache, str):
        raise TypeError(f"planifier() prend le nom de la tâche (« app.tache »), pas {tache!r}.")
    envoi = Envoi.objects.create(
        collectivite=collectivite,
        tache=tache,
        arguments=list(args),
        options={**kwargs, "collectivite_id": collectivite.pk},
    )
    transaction.on_commit(lambda: publier(envoi.pk, collectivite))
    return envoi


def _tache(app, nom):
    """The registered task ``nom``. The web process imports no tasks module: load them (Celery's autodiscovery of
    the installed apps) the first time one is run in-process."""
    if nom not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[nom]


def publier(envoi_id, collectivite):
    """Publish one outbox row; True when it reached the broker (and the row is gone)."""
    with tenant_context(collectivite):
        envoi = Envoi.objects.filter(pk=envoi_id).first()
        if envoi is None:
            return True
        app = current_app
        try:
            if app.conf.task_always_eager:  # the demo: no broker, run it here
                _tache(app, envoi.tache).apply(args=envoi.arguments, kwargs=envoi.options, throw=True)
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
