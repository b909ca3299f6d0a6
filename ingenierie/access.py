"""Who handles the engineering requests: the Département's own staff (the offer is the Département's), by role.

- ``ingenierie`` (travailleur social, encadrant, chef de projet, administrateur of a structure of the Département):
  sees the requests of the collectivité — they hold no personal data of inhabitants, only the contact of the
  municipality — and follows the ones assigned to them;
- ``qualifier_ingenierie`` (encadrant, chef de projet, administrateur): qualifies, assigns, re-orients, refuses.

Staff of partner structures (a CCAS, a France Services…) do not see them. "Missing" and "not yours" are one 404.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from comptes.models import Utilisateur
from comptes.roles import Role, roles_permettant
from reseau.enums import TypeStructure
from reseau.models import Membre

from .models import Demande


def _roles_au_departement(user):
    return {m.role for m in user.adhesions_actives() if m.structure.type == TypeStructure.DEPARTEMENT}


def instruit_les_demandes(user):
    return bool(_roles_au_departement(user) & roles_permettant("ingenierie"))


def peut_qualifier(user):
    return bool(_roles_au_departement(user) & roles_permettant("qualifier_ingenierie"))


def peut_suivre(user, demande):
    """The assigned advisor, or a manager."""
    return demande.conseiller_id == user.pk or peut_qualifier(user)


def verifier_instruction(user):
    if not instruit_les_demandes(user):
        raise PermissionDenied("Les demandes d'ingénierie sont suivies par les services du Département.")


def demandes_visibles_par(user):
    verifier_instruction(user)
    return Demande.objects.filter(collectivite_id=user.collectivite_id)


def get_demande_for_user(user, pk):
    return get_object_or_404(demandes_visibles_par(user).select_related("tis", "commune", "epci", "conseiller"), pk=pk)


def conseillers_possibles(collectivite):
    """Who may be assigned a request: the Département's social workers, managers and project leads."""
    membres = Membre.objects.actifs().filter(
        structure__type=TypeStructure.DEPARTEMENT,
        role__in=[Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT, Role.CHEF_DE_PROJET],
    )
    return Utilisateur.objects.de_la_collectivite(collectivite).filter(
        is_active=True, pk__in=membres.values("utilisateur_id")
    )


def responsables_du_pole(tis):
    """The managers of a pôle: the Département's encadrants whose usual site is in that TIS; failing that, the
    network's project leads (a request must reach someone)."""
    membres = Membre.objects.actifs().filter(structure__type=TypeStructure.DEPARTEMENT).select_related("utilisateur")
    du_pole = [m.utilisateur for m in membres.filter(role=Role.ENCADRANT, lieu_habituel__tis=tis)]
    if du_pole:
        return du_pole
    return [m.utilisateur for m in membres.filter(role__in=[Role.CHEF_DE_PROJET, Role.ENCADRANT])]
