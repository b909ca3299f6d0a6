"""The aids' rollup source (docs/aides.md §11), registered in the rollup registry (``indicateurs.sources``) and
refreshed with the others by the worker.

Cells are counted per month of the event — an application in the month it was filed, a decision in the month it was
taken, a payment in the month of its date — and not per reception site (``lieu_id`` is None: a scheme belongs to a
structure). The dimensions and keys are named by ``aides.statistiques``, which reads them back through the reader
registered here and applies the small-cell rule. Amounts are stored in cents (the rollup holds whole numbers), the
delay as minutes summed over the decisions with their number.
"""

from collections import defaultdict

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth

from aides import statistiques as s
from aides.enums import Sens, TypeFoyer
from aides.models import Decision, Demande, Versement

from .models import Agregat
from .sources import _bornes, _mois, source


@source(s.SOURCE, "Aides facultatives")
def source_aides(debut, fin):
    a, b = _bornes(debut, fin)
    yield from _demandes(Demande.objects.filter(deposee_le__gte=a, deposee_le__lt=b))
    yield from _decisions(Decision.objects.filter(decidee_le__gte=a, decidee_le__lt=b))
    versements = (
        Versement.objects.filter(date__gte=a.date(), date__lt=b.date())
        .annotate(m=TruncMonth("date"))
        .values("m", "decision__demande__dispositif_id")
        .annotate(somme=Sum("montant"))
        .order_by()
    )
    for r in versements:
        d = r["decision__demande__dispositif_id"]
        yield _mois(r["m"]), None, s.dimension(s.VERSE, d), s.TOTAL, "Versé", s.centimes(r["somme"])


TYPES_FOYER = dict(TypeFoyer.choices)


def _demandes(demandes):
    demandes = demandes.annotate(m=TruncMonth("deposee_le"))
    for r in demandes.values("m", "dispositif_id", "dispositif__nom").annotate(n=Count("id")).order_by():
        yield _mois(r["m"]), None, s.DEMANDES, str(r["dispositif_id"]), r["dispositif__nom"], r["n"]
    for r in (
        demandes.values("m", "dispositif_id", "usager__commune_id", "usager__commune__nom")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cle, libelle = _commune(r, "usager__commune")
        yield _mois(r["m"]), None, s.dimension(s.COMMUNE, r["dispositif_id"]), cle, libelle, r["n"]
    for r in demandes.values("m", "dispositif_id", "situation__type_foyer").annotate(n=Count("id")).order_by():
        t = r["situation__type_foyer"]
        yield _mois(r["m"]), None, s.dimension(s.FOYER, r["dispositif_id"]), t, TYPES_FOYER.get(t, t), r["n"]


def _commune(r, champ):
    return r[f"{champ}_id"] or s.SANS_COMMUNE, r[f"{champ}__nom"] or "Non renseignée"


def _decisions(decisions):
    decisions = decisions.annotate(m=TruncMonth("decidee_le"))
    sens = dict(Sens.choices)
    d_ = "demande__dispositif_id"
    for r in decisions.values("m", d_, "sens").annotate(n=Count("id")).order_by():
        yield _mois(r["m"]), None, s.dimension(s.DECISION, r[d_]), r["sens"], sens[r["sens"]], r["n"]
    accordees = decisions.filter(sens=Sens.ACCORDEE)
    for r in accordees.values("m", d_).annotate(somme=Sum("montant")).order_by():
        yield _mois(r["m"]), None, s.dimension(s.MONTANT, r[d_]), s.TOTAL, "Accordé", s.centimes(r["somme"])
    par_commune = accordees.values("m", d_, "demande__usager__commune_id", "demande__usager__commune__nom")
    for r in par_commune.annotate(n=Count("id"), somme=Sum("montant")).order_by():
        cle, libelle = _commune(r, "demande__usager__commune")
        yield _mois(r["m"]), None, s.dimension(s.ACCORDEES_COMMUNE, r[d_]), cle, libelle, r["n"]
        yield _mois(r["m"]), None, s.dimension(s.MONTANT_COMMUNE, r[d_]), cle, libelle, s.centimes(r["somme"])
    par_foyer = accordees.values("m", d_, "demande__situation__type_foyer")
    for r in par_foyer.annotate(n=Count("id"), somme=Sum("montant")).order_by():
        t = r["demande__situation__type_foyer"]
        yield _mois(r["m"]), None, s.dimension(s.ACCORDEES_FOYER, r[d_]), t, TYPES_FOYER.get(t, t), r["n"]
        yield (
            _mois(r["m"]),
            None,
            s.dimension(s.MONTANT_FOYER, r[d_]),
            t,
            TYPES_FOYER.get(t, t),
            s.centimes(r["somme"]),
        )
    # the delay from the application to its decision (granted or refused: a postponement decides nothing)
    delais = defaultdict(lambda: [0, 0])
    for m, d, decidee_le, deposee_le in decisions.exclude(sens=Sens.AJOURNEE).values_list(
        "m", d_, "decidee_le", "demande__deposee_le"
    ):
        cellule = delais[(_mois(m), d)]
        cellule[0] += max(0, round((decidee_le - deposee_le).total_seconds() / 60))
        cellule[1] += 1
    for (m, d), (minutes, nombre) in delais.items():
        yield m, None, s.dimension(s.DELAI, d), s.MINUTES, "Minutes jusqu'à la décision", minutes
        yield m, None, s.dimension(s.DELAI, d), s.NOMBRE, "Décisions", nombre


def lire(dispositifs_ids, debut, fin):
    """The raw cells of these schemes over the months from ``debut`` to ``fin`` (registered in aides.statistiques,
    which applies the small-cell rule)."""
    dimensions = [s.dimension(nom, d) for nom in s.PAR_DISPOSITIF for d in dispositifs_ids]
    return list(
        Agregat.objects.filter(source=s.SOURCE, mois__gte=_mois(debut), mois__lte=fin)
        .filter(Q(dimension=s.DEMANDES, cle__in=[str(d) for d in dispositifs_ids]) | Q(dimension__in=dimensions))
        .values("dimension", "cle", "mois")
        .annotate(libelle=Min("libelle"), valeur=Sum("valeur"))
        .order_by()
    )


s.enregistrer_lecteur(lire)
