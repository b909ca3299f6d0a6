"""The totals of a bourse au permis' counterpart hours (docs/aides.md « Bourse au permis »), read the same way by the
application's page, the person strip and the person's file export."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .enums import StatutHeures
from .models import HeuresContrepartie


@dataclass
class Totaux:
    convenues: int | None  # the hours the scheme agreed (None: no total set)
    prevues: Decimal = Decimal("0")
    faites: Decimal = Decimal("0")  # done, waiting for the host's validation
    validees: Decimal = Decimal("0")
    refusees: Decimal = Decimal("0")

    @property
    def restantes(self):
        """Hours still to plan against the total agreed (refused hours do not count)."""
        if self.convenues is None:
            return None
        return max(Decimal(self.convenues) - self.prevues - self.faites - self.validees, Decimal("0"))


def totaux_par_decision(decisions_ids):
    """``{decision_id: {statut: hours}}`` in one query."""
    par = {}
    lignes = (
        HeuresContrepartie.objects.filter(decision_id__in=decisions_ids)
        .values("decision_id", "statut")
        .annotate(s=Sum("heures"))
        .order_by()
    )
    for r in lignes:
        par.setdefault(r["decision_id"], {})[r["statut"]] = r["s"]
    return par


def totaux(decision, par_statut=None):
    if par_statut is None:
        par_statut = totaux_par_decision([decision.pk]).get(decision.pk, {})
    return Totaux(
        convenues=decision.demande.dispositif.heures_contrepartie,
        prevues=par_statut.get(StatutHeures.PREVUES, Decimal("0")),
        faites=par_statut.get(StatutHeures.FAITES, Decimal("0")),
        validees=par_statut.get(StatutHeures.VALIDEES, Decimal("0")),
        refusees=par_statut.get(StatutHeures.REFUSEES, Decimal("0")),
    )
