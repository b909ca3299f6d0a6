from django.core.exceptions import PermissionDenied
from django.db import transaction


def check_modifier_parametres(user, collectivite):
    if user.collectivite_id != collectivite.pk or not user.peut("gerer_collectivite"):
        raise PermissionDenied("Seul l'administrateur de la collectivité modifie ses paramètres.")


@transaction.atomic
def do_modifier_parametres(user, collectivite, form):
    """Save the collectivité's branding and policy; the previous logo file is removed once replaced."""
    check_modifier_parametres(user, collectivite)
    ancien_logo = collectivite.logo.name if "logo" in form.changed_data else None
    form.save()
    if ancien_logo:
        storage = collectivite.logo.storage
        transaction.on_commit(lambda: storage.delete(ancien_logo))
    return collectivite
