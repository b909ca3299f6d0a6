"""The statistics of the collective actions (docs/developpement.md §13): per month, theme and territory, read from
the rollup through ``developpement.statistiques``; CSV and XLSX through config/exports.py."""

from datetime import date

from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.exports import reponse_csv, reponse_xlsx
from config.secret_statistique import SECRET

from . import statistiques
from .views import gestionnaire
from .views_budget import annee_demandee


def _tableaux(request):
    annee = annee_demandee(request)
    seuil = request.user.collectivite.seuil_secret_statistique
    return annee, statistiques.tableaux(date(annee, 1, 1), date(annee, 12, 31), seuil)


TABLES = [("mois", "Par mois", "Mois"), ("theme", "Par thème", "Thème"), ("commune", "Par territoire", "Commune")]


@require_GET
@gestionnaire
def page(request):
    annee, t = _tableaux(request)
    return render(
        request,
        "developpement/statistiques.html",
        {
            "annee": annee,
            "disponibles": t is not None,
            "tables": [
                {"titre": titre, "entete": entete, "lignes": t[cle]} for cle, titre, entete in TABLES if t is not None
            ],
            "mesures": statistiques.MESURES,
            "seuil": request.user.collectivite.seuil_secret_statistique,
        },
    )


@require_GET
@gestionnaire
def export_csv(request):
    annee, t = _tableaux(request)
    lignes = statistiques.lignes_export(t) if t else []
    return reponse_csv(f"actions-collectives-{annee}", statistiques.ENTETE_EXPORT, lignes, nul=SECRET)


@require_GET
@gestionnaire
def export_xlsx(request):
    annee, t = _tableaux(request)
    lignes = statistiques.lignes_export(t) if t else []
    return reponse_xlsx(
        f"actions-collectives-{annee}",
        statistiques.ENTETE_EXPORT,
        lignes,
        feuille="actions collectives",
        titre=f"Actions collectives {annee}",
        nul=SECRET,
    )
