"""docs/securite.md §18: lockout after failed logins.

Five failures for one e-mail from one IP address lock that pair for 15 minutes; ten for one e-mail from any address
lock it for an hour. Never permanent; an administrator can unlock. Counted by the e-mail typed, whether or not an
account has it, so the message says nothing about the account. A failed second-factor code counts as a failure.
"""

import datetime

from django.db.models import Max
from django.utils import timezone

from .models import EchecConnexion, Verrou

MESSAGE = (
    "Trop de tentatives de connexion ont échoué : la connexion est suspendue pour un moment. "
    "Réessayez plus tard ou demandez à l'administrateur de votre collectivité."
)
REGLES = (
    # (failures, window and lock duration, per IP address)
    (5, datetime.timedelta(minutes=15), True),
    (10, datetime.timedelta(hours=1), False),
)


def _normaliser(email):
    return (email or "").strip().lower()[:254]


def est_verrouille(email, ip):
    email = _normaliser(email)
    return Verrou.objects.filter(email=email, ip__in=[ip or "", ""], jusqu_a__gt=timezone.now()).exists()


def enregistrer_echec(email, ip, second_facteur=False):
    email = _normaliser(email)
    if not email:
        return
    maintenant = timezone.now()
    EchecConnexion.objects.create(email=email, ip=ip or "", second_facteur=second_facteur, quand=maintenant)
    for seuil, duree, par_ip in REGLES:
        cle_ip = (ip or "") if par_ip else ""
        dernier = Verrou.objects.filter(email=email, ip=cle_ip).aggregate(m=Max("cree_le"))["m"]
        depuis = max(d for d in (maintenant - duree, dernier) if d is not None)
        echecs = EchecConnexion.objects.filter(email=email, quand__gt=depuis)
        if par_ip:
            echecs = echecs.filter(ip=cle_ip)
        if echecs.count() >= seuil:
            Verrou.objects.create(email=email, ip=cle_ip, cree_le=maintenant, jusqu_a=maintenant + duree)


def oublier_echecs(email, ip):
    """A successful login (password and second factor) forgets the failures of this e-mail from this address."""
    EchecConnexion.objects.filter(email=_normaliser(email), ip=ip or "").delete()


def deverrouiller(email, par):
    from .second_facteur import journaliser

    email = _normaliser(email)
    maintenant = timezone.now()
    Verrou.objects.filter(email=email, jusqu_a__gt=maintenant).update(jusqu_a=maintenant)
    EchecConnexion.objects.filter(email=email).delete()
    journaliser("deverrouillage", auteur=par, detail=email)
