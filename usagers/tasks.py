from celery import shared_task

from collectivites.models import Collectivite
from collectivites.tasks import tache_collectivite
from collectivites.tenancy import current_collectivite

from .retention import appliquer_collectivite


@shared_task(name="usagers.retention")
def retention():
    """Beat, daily: one retention task per active collectivité, each run by the worker (docs/retention.md)."""
    ids = list(Collectivite.objects.filter(active=True).values_list("pk", flat=True))
    for collectivite_id in ids:
        retention_collectivite.delay(collectivite_id=collectivite_id)
    return len(ids)


@tache_collectivite(name="usagers.retention_collectivite", bind=True)
def retention_collectivite(self):
    """The schedule of one collectivité. Progress is the task's state (``PROGRESS``: step, total, category); the
    counts are logged and returned."""

    def progression(rang, total, code, n):
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"etape": rang, "total": total, "categorie": code})

    return appliquer_collectivite(current_collectivite(), progression=progression)
