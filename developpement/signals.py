"""A new collectivité starts with the default themes of collective actions (as accueil seeds its motifs)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context

from .actions_collectives import initialiser_themes


@receiver(post_save, sender=Collectivite, dispatch_uid="developpement_themes_par_defaut")
def themes_par_defaut(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with tenant_context(instance):
            initialiser_themes(instance)
