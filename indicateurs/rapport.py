"""The funders' PDF report of the charter indicators, rendered by the worker with the app's WeasyPrint helper
(config.pdf: the URL fetcher reads only the app's static files, docs/securite.md §25). Same tables and SVG charts as
the dashboard."""

from django.utils import timezone

from config.pdf import rendre

from .enums import Indicateur
from .tableaux import instantanes_de_l_annee, tableau_indicateurs, tableau_tendances, tableaux_statistiques


def rendre_rapport(collectivite, annee):
    instantanes = instantanes_de_l_annee(annee, avec_detail=True)
    contexte = {
        "collectivite": collectivite,
        "annee": annee,
        "maintenant": timezone.now(),
        "indicateurs": tableau_indicateurs(annee),
        "tendances": tableau_tendances(),
        "instantanes": [instantanes[i.value] for i in Indicateur if i.value in instantanes],
        "statistiques": tableaux_statistiques(annee, collectivite.seuil_secret_statistique)[:3],
    }
    return rendre("indicateurs/pdf/rapport.html", contexte)
