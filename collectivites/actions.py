from django.core.exceptions import PermissionDenied
from django.db import transaction

from .champs import affecter


def check_modifier_parametres(user, collectivite):
    if user.collectivite_id != collectivite.pk or not user.peut("gerer_collectivite"):
        raise PermissionDenied("Seul l'administrateur de la collectivité modifie ses paramètres.")


@transaction.atomic
def do_modifier_parametres(user, collectivite, **champs):
    """Save the collectivité's branding and policy (the fields given); the previous logo file is removed once
    replaced or cleared (``logo=False``).

    The old name is read from the database: after a form's validation the instance already carries the upload.
    """
    check_modifier_parametres(user, collectivite)
    ancien_logo = type(collectivite).objects.filter(pk=collectivite.pk).values_list("logo", flat=True).first()
    affecter(collectivite, champs)
    collectivite.save()
    if ancien_logo and ancien_logo != collectivite.logo.name:
        storage = collectivite.logo.storage
        transaction.on_commit(lambda: storage.delete(ancien_logo))
    return collectivite
