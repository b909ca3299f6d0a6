"""History of changes (docs/securite.md §10) with django-simple-history, kept inside the tenancy rules.

Historical tables carry the collectivité like every tenant table (NOT NULL, scoped default manager): the copied
``collectivite`` field, which simple-history would make nullable, is excluded and replaced by the one of
``HistoriqueCollectivite``; it is filled from the instance before each historical row is written, in the same
transaction as the change.
"""

from django.conf import settings
from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .tenancy import tenant_manager


class HistoriqueCollectivite(models.Model):
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    objects = tenant_manager()

    class Meta:
        abstract = True


def historique(exclus=()):
    """``historique = historique()`` on a tenant model: who, when and what changed, for every save."""
    return HistoricalRecords(
        bases=[HistoriqueCollectivite], excluded_fields=["collectivite", *exclus], user_model=settings.AUTH_USER_MODEL
    )


@receiver(pre_create_historical_record, dispatch_uid="relais_historique_collectivite")
def _collectivite_de_l_historique(sender, instance, history_instance, **kwargs):
    history_instance.collectivite_id = instance.collectivite_id
