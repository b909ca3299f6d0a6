"""The yearly activity report of a structure, what a CCAS presents to its conseil d'administration (docs/aides.md
« Rapport d'activité »): per scheme, the applications, the decisions by outcome, the amounts granted and paid, the
budget consumed against the year's budget, the average delay from application to decision and the households by type.

Every breakdown of a count goes through the small-cell rule (config/secret_statistique.py): the report leaves the
need-to-know circle (it is presented to a board), so no cell may point at a household."""

from collections import Counter
from decimal import Decimal

from django.db.models import Count

from config.secret_statistique import SECRET, proteger

from . import budget
from .enums import Sens, TypeFoyer
from .models import Decision, Demande


def _cellules(compteur, libelles, seuil):
    """One protected breakdown: ``libelles`` is the ordered (key, label) list; a hidden cell reads « secret »."""
    lignes = [{"cle": cle, "libelle": libelle, "valeur": compteur.get(cle, 0)} for cle, libelle in libelles]
    return [{**r, "affiche": SECRET if r["valeur"] is None else r["valeur"]} for r in proteger(lignes, seuil)]


def _delai_moyen(decisions):
    """Average days from the application to its decision, on the decisions of the year (None when there is none)."""
    jours = [(decidee_le - deposee_le).total_seconds() / 86400 for decidee_le, deposee_le in decisions]
    return round(sum(jours) / len(jours), 1) if jours else None


def donnees(structure, annee, seuil):
    """The report's figures; ``seuil`` is the collectivité's statistical secrecy threshold."""
    dispositifs = list(budget.budgets([structure.pk], annee))
    demandes = Counter(
        dict(
            Demande.objects.de_l_annee(annee)
            .filter(dispositif__structure=structure)
            .values_list("dispositif")
            .annotate(n=Count("pk"))
        )
    )
    decisions = Decision.objects.filter(demande__dispositif__structure=structure, decidee_le__year=annee)
    sens = Counter()
    for dispositif_id, s, n in decisions.values_list("demande__dispositif", "sens").annotate(n=Count("pk")):
        sens[(dispositif_id, s)] = n
    delais = {}
    for dispositif_id, decidee_le, deposee_le in decisions.exclude(sens=Sens.AJOURNEE).values_list(
        "demande__dispositif", "decidee_le", "demande__deposee_le"
    ):
        delais.setdefault(dispositif_id, []).append((decidee_le, deposee_le))
    foyers = Counter()
    for dispositif_id, type_foyer, n in (
        Demande.objects.de_l_annee(annee)
        .filter(dispositif__structure=structure)
        .values_list("dispositif", "situation__type_foyer")
        .annotate(n=Count("usager", distinct=True))
    ):
        foyers[(dispositif_id, type_foyer)] = n
    lignes = []
    for d in dispositifs:
        consomme = (d.engage / d.budget_annuel * 100).quantize(Decimal("0.1")) if d.budget_annuel else None
        lignes.append(
            {
                "dispositif": d,
                "consomme": consomme,
                "delai_moyen": _delai_moyen(delais.get(d.pk, [])),
                "decisions": _cellules({s: sens[(d.pk, s)] for s in Sens.values}, Sens.choices, seuil),
                "foyers": _cellules({t: foyers[(d.pk, t)] for t in TypeFoyer.values}, TypeFoyer.choices, seuil),
            }
        )
    par_dispositif = _cellules({d.pk: demandes[d.pk] for d in dispositifs}, [(d.pk, d.nom) for d in dispositifs], seuil)
    tous = [delai for liste in delais.values() for delai in liste]
    return {
        "structure": structure,
        "annee": annee,
        "seuil": seuil,
        "dispositifs": lignes,
        "demandes": par_dispositif,
        "total_demandes": sum(demandes[d.pk] for d in dispositifs),
        "total_budget": sum((d.budget_annuel for d in dispositifs), Decimal("0")),
        "total_engage": sum((d.engage for d in dispositifs), Decimal("0")),
        "total_verse": sum((d.verse for d in dispositifs), Decimal("0")),
        "delai_moyen": _delai_moyen(tous),
    }
