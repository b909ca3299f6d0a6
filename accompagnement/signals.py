from django.db.models.signals import post_save
from django.dispatch import receiver

from collectivites.models import Collectivite
from collectivites.noms import pluriel
from collectivites.tenancy import tenant_context
from reseau.signals import sortie_de_structure

from .actions import initialiser_types


@receiver(post_save, sender=Collectivite, dispatch_uid="accompagnement_types_par_defaut")
def types_par_defaut(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        with tenant_context(instance):
            initialiser_types(instance)


@receiver(sortie_de_structure, dispatch_uid="accompagnement_sortie_de_structure")
def quitter_les_groupes(sender, membre, **kwargs):
    """A professional who leaves a structure leaves the groupes de suivi they joined for it, so the access they gave
    ends too (docs/securite.md §4). A referent must first be replaced by an encadrant."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from .enums import FinGroupe, StatutAccompagnement
    from .models import MembreGroupe

    groupes = MembreGroupe.objects.actifs().filter(utilisateur=membre.utilisateur, structure=membre.structure)
    referent = groupes.filter(referent=True, accompagnement__statut=StatutAccompagnement.OUVERT).count()
    if referent:
        raise ValidationError(
            f"{membre.utilisateur} est référent·e de {referent} accompagnement{pluriel(referent)} : "
            "un encadrant doit d'abord désigner un autre référent."
        )
    groupes.update(date_fin=timezone.localdate() - timezone.timedelta(days=1), motif_fin=FinGroupe.DEPART)
