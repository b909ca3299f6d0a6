"""What developpement does when a person's file leaves (docs/retention.md, category ``dossier``): the person was
named in collective actions with their consent; the names go, the attendance stays. Each session they attended
counts them again anonymously — their age band on the session's day and their sex from the civilité — exactly as a
facilitator counts the participants who were not named, so the statistics and the session totals do not move.
Runs before the file itself is anonymised (usagers/retention.py), while the birth date is still there."""

from collections import Counter

from django.db.models import F

from .enums import Sexe, TrancheAge
from .models import ParticipantIdentifie, Participation, Presence

SEXE_PAR_CIVILITE = {"madame": Sexe.FEMME, "monsieur": Sexe.HOMME}


def tranche_d_age(naissance, jour):
    if naissance is None:
        return None
    age = jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))
    if age < 18:
        return TrancheAge.MOINS_18
    if age <= 25:
        return TrancheAge.DE_18_A_25
    if age < 60:
        return TrancheAge.DE_26_A_59
    return TrancheAge.PLUS_60


def anonymiser_participants(limite, usagers):
    """One count per (session, age band, sex) however many of the persons attended it."""
    comptes = Counter()
    presences = Presence.objects.filter(participant__usager__in=usagers).select_related("seance", "participant__usager")
    for presence in presences.order_by("pk"):
        usager, seance = presence.participant.usager, presence.seance
        # no birth date: the unknown age goes to the band of most adults
        tranche = tranche_d_age(usager.date_naissance, seance.date) or TrancheAge.DE_26_A_59
        comptes[(seance, tranche, SEXE_PAR_CIVILITE.get(usager.civilite, Sexe.NON_PRECISE))] += 1
    for (seance, tranche, sexe), n in comptes.items():
        ligne, _ = Participation.objects.get_or_create(
            collectivite_id=seance.collectivite_id,
            seance=seance,
            tranche_age=tranche,
            sexe=sexe,
            defaults={"nombre": 0},
        )
        Participation.objects.filter(pk=ligne.pk).update(nombre=F("nombre") + n)
    return ParticipantIdentifie.objects.filter(usager__in=usagers).delete()[0]
