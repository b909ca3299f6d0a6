"""Who may see which API tokens (docs/securite.md §16): a user their own; an administrator of the collectivité
those of every account of it (to revoke them, never to read a secret, which no one can)."""

from django.http import Http404

from .models import JetonAPI


def jetons_visibles_par(user):
    """The user's own tokens."""
    return JetonAPI.objects.filter(utilisateur=user)


def jetons_de_la_collectivite_visibles_par(user):
    """Every token of the user's collectivité, for an administrator; none for anyone else."""
    if not user.peut("gerer_membres"):
        return JetonAPI.objects.none()
    return JetonAPI.objects.filter(utilisateur__collectivite_id=user.collectivite_id).select_related("utilisateur")


def get_jeton_for_user(user, pk):
    """A token the user may revoke: their own, or for an administrator one of their collectivité."""
    jeton = (jetons_visibles_par(user) | jetons_de_la_collectivite_visibles_par(user)).filter(pk=pk).first()
    if jeton is None:
        raise Http404("Jeton introuvable.")
    return jeton
