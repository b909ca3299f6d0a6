"""Who acts on the network: the lead (``animer_reseau``) everywhere, a structure's administrators on their own."""

from django.core.exceptions import PermissionDenied

from comptes.roles import Role


def check_animer(user):
    if not user.peut("animer_reseau"):
        raise PermissionDenied("Seuls le chef de projet et l'administrateur animent le réseau.")


def gere_structure(user, structure):
    """The network lead and the collectivité's administrators manage every structure; a structure's administrators
    (Membre.gestionnaire) manage their own."""
    if user.peut("animer_reseau") or user.peut("gerer_membres"):
        return True
    return any(m.gestionnaire and m.structure_id == structure.pk for m in user.adhesions_actives())


def check_gerer_structure(user, structure):
    if not gere_structure(user, structure):
        raise PermissionDenied("Seuls les administrateurs de la structure et l'animation du réseau gèrent ses membres.")


def roles_attribuables(user, structure):
    """The roles ``user`` may grant in ``structure``: every role for the collectivité's administrators; otherwise
    « partenaire » (no access to persons' files) plus, for the structure's own administrators, the roles they hold
    there themselves — a grant never exceeds what the granter has."""
    if user.peut("gerer_collectivite"):
        return set(Role)
    roles = {Role.PARTENAIRE}
    for m in user.adhesions_actives():
        if m.structure_id == structure.pk and m.gestionnaire:
            roles.add(Role(m.role))
    return roles - {Role.ADMINISTRATEUR}
