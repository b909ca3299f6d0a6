"""The funders' PDF report of the charter indicators, rendered by the worker with the app's WeasyPrint helper
(config.pdf: the URL fetcher reads only the app's static files, docs/securite.md §25). Same tables and SVG charts as
the dashboard; a one-page summary first, then each method in sentences (docs/indicateurs.md §2)."""

from django.utils import timezone

from config.pdf import rendre
from developpement.budget import execution

from .enums import Indicateur
from .methodes import methode_en_phrases, synthese
from .tableaux import instantanes_de_l_annee, tableau_indicateurs, tableau_tendances, tableaux_statistiques


def contexte_du_rapport(collectivite, annee):
    instantanes = instantanes_de_l_annee(annee, avec_detail=True)
    precedents = instantanes_de_l_annee(annee - 1)
    return {
        "collectivite": collectivite,
        "annee": annee,
        "maintenant": timezone.now(),
        "synthese": synthese(annee, instantanes, precedents),
        "indicateurs": tableau_indicateurs(annee, instantanes),
        "tendances": tableau_tendances(),
        "methodes": [
            (instantanes[i.value], methode_en_phrases(instantanes[i.value]))
            for i in Indicateur
            if i.value in instantanes
        ],
        "statistiques": tableaux_statistiques(annee, collectivite.seuil_secret_statistique)[:3],
        "budget": budget_de_l_annee(annee),
    }


def budget_de_l_annee(annee):
    """The page on the convention's budget (docs/indicateurs.md §2): allocated, spent and remaining per funder and
    nature, as the budget page shows them (developpement.budget.execution), and the share spent; None when the
    year has neither allocation nor spending."""
    resultat = execution(annee)
    if not resultat["lignes"]:
        return None
    total = resultat["total"]
    taux = round(100 * total["depense"] / total["alloue"], 1) if total["alloue"] else None
    return {**resultat, "taux": taux, "totaux": [total]}


def rendre_rapport(collectivite, annee):
    return rendre("indicateurs/pdf/rapport.html", contexte_du_rapport(collectivite, annee))
