"""The budget of each scheme for a year: committed (granted), paid, remaining, and the microcredit instalments repaid
(docs/aides.md « Budget »)."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .enums import Sens
from .models import Decision, Dispositif, Echeance, Versement


def _somme_par(qs, cle, champ="montant"):
    return Coalesce(
        Subquery(qs.values(cle).annotate(s=Sum(champ)).values("s")[:1]),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def budgets(structures_ids, annee):
    accordees = Decision.objects.filter(demande__dispositif=OuterRef("pk"), sens=Sens.ACCORDEE, decidee_le__year=annee)
    versements = Versement.objects.filter(
        decision__demande__dispositif=OuterRef("pk"), decision__decidee_le__year=annee
    )
    versement = _somme_par(versements, "decision__demande__dispositif")
    remboursements = Echeance.objects.filter(decision__demande__dispositif=OuterRef("pk"), payee_le__year=annee)
    qs = (
        Dispositif.objects.filter(structure_id__in=structures_ids)
        .select_related("structure")
        .annotate(
            engage=_somme_par(accordees, "demande__dispositif"),
            verse=versement,
            rembourse=_somme_par(remboursements, "decision__demande__dispositif"),
        )
        .order_by("structure__nom", "nom", "pk")
    )
    for d in qs:
        d.restant = d.budget_annuel - d.engage
        yield d


ENTETE = ["Structure", "Dispositif", "Budget", "Engagé", "Versé", "Restant", "Remboursé (microcrédit)"]


def lignes(structures_ids, annee):
    for d in budgets(structures_ids, annee):
        yield [d.structure.nom, d.nom, d.budget_annuel, d.engage, d.verse, d.restant, d.rembourse]
