from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from collectivites.models import Collectivite
from collectivites.tenancy import tenant_context

from .actions import initialiser_nomenclatures
from .models import Motif, Reponse


@receiver(post_save, sender=Collectivite, dispatch_uid="accueil_motifs_par_defaut")
def motifs_par_defaut(sender, instance, created, raw=False, **kwargs):
    """A new collectivité starts with the default motifs and responses, which it can then adapt."""
    if created and not raw:
        with tenant_context(instance):
            initialiser_nomenclatures(instance)


@receiver(post_save, sender=Motif, dispatch_uid="accueil_version_motifs_s")
@receiver(post_delete, sender=Motif, dispatch_uid="accueil_version_motifs_d")
@receiver(post_save, sender=Reponse, dispatch_uid="accueil_version_reponses_s")
@receiver(post_delete, sender=Reponse, dispatch_uid="accueil_version_reponses_d")
def nomenclature_changee(sender, instance, raw=False, **kwargs):
    """A motif or a response written (the nomenclature pages, the admin, a script): the copies of the lists the
    processes keep are no longer read (accueil.access.nomenclature). ``initialiser_nomenclatures`` writes in bulk,
    without these signals, and changes the version itself."""
    if not raw:
        Collectivite.changer_version_nomenclatures(instance.collectivite_id)
