"""The outbox (``collectivites.Envoi``): work for the worker, queued by task name in the writer's transaction.

Actions queue work here with ``planifier("app.tache", collectivite, …)``: they name the task, they never import a
tasks module (the import-linter contract « actions.py n'importe aucun tasks.py »), so a task may import the actions
it runs without a cycle. ``collectivites.tasks`` holds the Celery side: the tenant task wrapper and the periodic
publication of what the outbox still holds.
"""

import logging
import threading
import time

from celery import current_app
from django.conf import settings
from django.db import transaction

from .models import Envoi
from .tenancy import cross_tenant_access, tenant_context

logger = logging.getLogger(__name__)

# docs/securite.md §26: after a failed publication this process stops trying from requests for a while (the beat job
# keeps trying): a desk pays the bounded timeout of a dead broker at most once per pause, not at every save.
_pause_jusqua = 0.0
# One publishing connection per thread, kept between requests (connecting costs more than publishing).
_local = threading.local()


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


def _options_publication(app):
    """Transport options of a publishing connection: every wait bounded, no retry (docs/securite.md §26).

    A broker on a closed port refuses at once; one that accepts and never answers (a black hole: a dead host behind
    a NAT, a frozen Redis) would hold a socket without timeout forever. The worker keeps its own options
    (``CELERY_BROKER_TRANSPORT_OPTIONS``): these apply only to publishing.
    """
    delai = settings.RELAIS_PUBLICATION_DELAI
    return {
        **app.conf.broker_transport_options,
        "socket_connect_timeout": delai,
        "socket_timeout": delai,
        "retry_on_timeout": False,
        "max_retries": 0,
    }


def _connexion_publication(app):
    """This thread's publishing connection to the current broker, opened lazily with the bounded options."""
    url = app.conf.broker_url
    if getattr(_local, "url", None) != url:
        _oublier_connexion()
        _local.connexion = app.connection_for_write(transport_options=_options_publication(app))
        _local.url = url
    return _local.connexion


def _oublier_connexion():
    connexion = _local.__dict__.pop("connexion", None)
    _local.__dict__.pop("url", None)
    if connexion is not None:
        connexion.release()


def _envoyer(app, envoi, connexion):
    """Publish one row on ``connexion``. Fire and forget (``ignore_result``): the state of the work is in the
    database (a notification's ``notifiee_le``, a PDF's state), so the request never subscribes to a result channel
    — the Redis result backend did that with 20 retries of 1 s and no timeout, the 20 s of issue 12."""
    app.send_task(
        envoi.tache,
        args=envoi.arguments,
        kwargs=envoi.options,
        connection=connexion,
        retry=False,
        ignore_result=True,
    )


def publier(envoi_id, collectivite, forcer=False):
    """Publish one outbox row; True when it reached the broker (and the row is gone).

    From a request (after the commit) a failure leaves the row to the beat job and pauses this process's attempts
    for ``RELAIS_PUBLICATION_PAUSE`` seconds; ``forcer`` (the beat job) tries whatever the pause.
    """
    global _pause_jusqua
    with tenant_context(collectivite):
        envoi = Envoi.objects.filter(pk=envoi_id).first()
        if envoi is None:
            return True
        app = current_app
        if not app.conf.task_always_eager and not forcer and time.monotonic() < _pause_jusqua:
            return False  # the broker failed a moment ago: the row waits for publier_envois_en_attente
        try:
            if app.conf.task_always_eager:  # the demo: no broker, run it here
                _tache(app, envoi.tache).apply(args=envoi.arguments, kwargs=envoi.options, throw=True)
            else:
                _envoyer(app, envoi, _connexion_publication(app))
        except Exception as erreur:  # broker unreachable or silent, or the eager task failed
            logger.warning("Envoi %s en attente : %s", envoi.pk, erreur)
            if not app.conf.task_always_eager:
                _oublier_connexion()  # a connection that failed is not reused
                _pause_jusqua = time.monotonic() + settings.RELAIS_PUBLICATION_PAUSE
            Envoi.objects.filter(pk=envoi.pk).update(tentatives=envoi.tentatives + 1, derniere_erreur=str(erreur)[:500])
            return False
        Envoi.objects.filter(pk=envoi.pk).delete()
        _pause_jusqua = 0.0
        return True


def publier_en_attente(limite=500):
    """Publish what the outbox still holds, oldest first, for every collectivité. Returns (published, left)."""
    with cross_tenant_access("boîte d'envoi : publication des tâches en attente de toutes les collectivités"):
        en_attente = list(Envoi.objects.select_related("collectivite").order_by("cree_le", "pk")[:limite])
    publies = 0
    for envoi in en_attente:
        if publier(envoi.pk, envoi.collectivite, forcer=True):
            publies += 1
        else:
            break  # the broker is still down: stop here, keep the order
    return publies, len(en_attente) - publies
