from django.db.models.signals import post_save
from django.dispatch import receiver

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context

from .actions import initialiser_nomenclatures


@receiver(post_save, sender=Collectivite, dispatch_uid="accueil_motifs_par_defaut")
def motifs_par_defaut(sender, instance, created, raw=False, **kwargs):
    """A new collectivité starts with the default motifs and responses, which it can then adapt."""
    if created and not raw:
        with tenant_context(instance):
            initialiser_nomenclatures(instance)
