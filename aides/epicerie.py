"""The access card of an épicerie sociale (docs/aides.md « Épicerie sociale »): its period, its ceiling, what was spent
and what the person paid."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone


@dataclass
class Carte:
    debut: datetime.date
    fin: datetime.date | None  # None: the scheme sets no weeks of access
    plafond: Decimal
    depense: Decimal
    participation: Decimal
    taux: int

    @property
    def reste(self):
        return self.plafond - self.depense

    @property
    def terminee(self):
        return self.fin is not None and timezone.localdate() > self.fin


def participation(montant, taux):
    """The person's share of a purchase, rounded to the cent."""
    return (montant * Decimal(taux or 0) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def carte(decision):
    """The card opened by a granted decision: from the day of the decision, for the scheme's weeks of access; the
    ceiling is the scheme's spending ceiling, or the amount granted when the scheme sets none."""
    dispositif = decision.demande.dispositif
    debut = timezone.localtime(decision.decidee_le).date()
    fin = debut + datetime.timedelta(weeks=dispositif.semaines_acces) if dispositif.semaines_acces else None
    totaux = decision.achats.aggregate(d=Sum("montant"), p=Sum("participation"))
    return Carte(
        debut=debut,
        fin=fin,
        plafond=dispositif.plafond_depenses if dispositif.plafond_depenses is not None else decision.montant,
        depense=totaux["d"] or Decimal("0"),
        participation=totaux["p"] or Decimal("0"),
        taux=dispositif.taux_participation or 0,
    )
