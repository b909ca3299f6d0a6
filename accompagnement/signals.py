from django.db.models.signals import post_save
from django.dispatch import receiver

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context

from .actions import initialiser_types


@receiver(post_save, sender=Collectivite, dispatch_uid="accompagnement_types_par_defaut")
def types_par_defaut(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with tenant_context(instance):
            initialiser_types(instance)
