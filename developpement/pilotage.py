"""Writes of the network's steering (docs/developpement.md §9): bodies, meetings, decisions followed until done."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Decision, Instance, Reunion


def check_piloter(user):
    if not user.peut("animer_reseau"):
        raise PermissionDenied("Seule l'animation du réseau tient les instances de pilotage.")


@transaction.atomic
def do_creer_instance(user, *, nom, type, membres):
    check_piloter(user)
    return Instance.objects.create(collectivite_id=user.collectivite_id, nom=nom, type=type, membres=membres)


@transaction.atomic
def do_ajouter_reunion(user, instance, *, date, lieu, ordre_du_jour):
    check_piloter(user)
    return Reunion.objects.create(
        collectivite_id=instance.collectivite_id, instance=instance, date=date, lieu=lieu, ordre_du_jour=ordre_du_jour
    )


@transaction.atomic
def do_rediger_compte_rendu(user, reunion, compte_rendu, presents=None):
    check_piloter(user)
    reunion.compte_rendu = compte_rendu
    champs = ["compte_rendu"]
    if presents is not None:
        reunion.presents = presents
        champs.append("presents")
    reunion.save(update_fields=champs)


@transaction.atomic
def do_ajouter_decision(user, reunion, *, libelle, responsable, echeance):
    check_piloter(user)
    if echeance is not None and echeance < reunion.date:
        raise ValidationError("L'échéance précède la réunion.")
    return Decision.objects.create(
        collectivite_id=reunion.collectivite_id,
        reunion=reunion,
        libelle=libelle,
        responsable=responsable,
        echeance=echeance,
    )


@transaction.atomic
def do_marquer_realisee(user, decision, jour=None):
    check_piloter(user)
    decision.realisee_le = jour or timezone.localdate()
    decision.save(update_fields=["realisee_le"])
