"""The deadline of a right-of-access request (RGPD art. 12.3: one month from receipt, docs/securite.md §14): the
parts not yet released are recalled to those who release them a week before the deadline, on the deadline, then
every week while it is overdue. Run every day by the worker (``portail.rappeler_droit_acces``); the e-mail names no
person (secret professionnel): the request is read in Relais, behind the login."""

from django.utils import timezone

from comptes.roles import Role

from .models import PartieAcces

AVANT_ECHEANCE = 7  # days


def doit_etre_rappelee(partie, aujourd_hui):
    """A week before the deadline, once; on the deadline, once; then every week while it is overdue."""
    echeance, dernier = partie.demande.echeance, partie.dernier_rappel_le
    restants = (echeance - aujourd_hui).days
    if restants > AVANT_ECHEANCE:
        return False
    if restants > 0:
        return dernier is None
    return dernier is None or dernier < echeance or (aujourd_hui - dernier).days >= AVANT_ECHEANCE


def destinataires(partie):
    """Who releases the part: the structure's encadrants, or its child-protection members for the evaluations."""
    role = Role.PROTECTION_ENFANCE if partie.confidentielle else Role.ENCADRANT
    membres = partie.structure.membres.actifs().filter(role=role).select_related("utilisateur")
    return sorted({m.utilisateur.email for m in membres if m.utilisateur.email})


def parties_a_rappeler(aujourd_hui=None):
    """The parts not released whose request is due within a week or overdue, and not yet recalled for that step."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    parties = (
        PartieAcces.objects.filter(liberee_le__isnull=True, demande__remise_le__isnull=True)
        .select_related("demande", "structure")
        .order_by("demande__recue_le", "pk")
    )
    return [p for p in parties if doit_etre_rappelee(p, aujourd_hui)]


def noter_rappel(partie, aujourd_hui):
    PartieAcces.objects.filter(pk=partie.pk).update(dernier_rappel_le=aujourd_hui)
