from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from collectivites.noms import accord, forme
from comptes.decorators import permission_requise

from . import actions, sectorisation
from .access import get_tis_for_user, tis_visibles_par
from .forms import CommunesTISForm, ImportSectorisationForm, TISForm
from .models import Commune, Sectorisation


@require_GET
@permission_requise("voir_sectorisation")
def sectorisation_vue(request):
    tis = tis_visibles_par(request.user).select_related("tas").avec_nombre_de_communes().order_by("tas__nom", "nom")
    communes = Commune.objects.du_departement(request.collectivite.departement_id)
    non_sectorisees = communes.exclude(code__in=Sectorisation.objects.values("commune_id"))
    return render(
        request,
        "territoire/sectorisation.html",
        {
            "liste_tis": tis,
            "non_sectorisees": non_sectorisees.aggregate(n=Count("code"), population=Sum("population")),
            "exemples_non_sectorisees": non_sectorisees.order_by("-population")[:10],
            "peut_gerer": request.user.peut("gerer_sectorisation"),
        },
    )


@require_GET
@permission_requise("voir_sectorisation")
def tis_detail(request, pk):
    tis = get_tis_for_user(request.user, pk)
    communes = Commune.objects.filter(code__in=tis.sectorisations.values("commune_id")).select_related("epci")
    page = Paginator(communes.order_by("nom"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territoire/tis.html",
        {
            "tis": tis,
            "page": page,
            "population": communes.aggregate(p=Sum("population"))["p"] or 0,
            "peut_gerer": request.user.peut("gerer_sectorisation"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_sectorisation")
def tis_modifier(request, pk):
    tis = get_tis_for_user(request.user, pk)
    actuelles = Commune.objects.filter(code__in=tis.sectorisations.values("commune_id"))
    form = CommunesTISForm(
        request.POST or None, departement=request.collectivite.departement_id, initial={"communes": actuelles}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_modifier_communes_tis(
                request.user, tis, list(form.cleaned_data["communes"]), form.cleaned_data["deplacer"]
            )
        except ValidationError as e:
            form.add_error("communes", e)
        else:
            messages.success(request, f"Sectorisation {forme(tis).de} enregistrée.")
            return redirect("territoire:tis", pk=tis.pk)
    return render(request, "territoire/tis_modifier.html", {"tis": tis, "form": form})


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_sectorisation")
def sectorisation_importer(request):
    form = ImportSectorisationForm(request.POST or None, request.FILES or None)
    erreurs = []
    if request.method == "POST" and form.is_valid():
        lignes, erreurs = sectorisation.lire_csv(form.cleaned_data["fichier"], request.collectivite.departement_id)
        if not erreurs:
            n = actions.do_importer_sectorisation(request.user, request.collectivite, lignes)
            messages.success(request, f"Sectorisation importée : {accord(n, 'commune')}.")
            return redirect("territoire:sectorisation")
    return render(request, "territoire/sectorisation_importer.html", {"form": form, "erreurs": erreurs})


@require_GET
@permission_requise("voir_reseau")
def communes_autocompletion(request):
    """COG autocomplete (reference data, identical for every collectivité)."""
    communes = Commune.objects.recherche(request.GET.get("q", ""))[:15]
    return JsonResponse(
        {
            "resultats": [
                {
                    "code": c.code,
                    "nom": c.nom,
                    "codes_postaux": c.codes_postaux,
                    "departement": c.departement_id,
                }
                for c in communes
            ]
        }
    )


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_sectorisation")
def tis_nouveau(request):
    return _formulaire_tis(request, None)


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_sectorisation")
def tis_renommer(request, pk):
    return _formulaire_tis(request, get_tis_for_user(request.user, pk))


def _formulaire_tis(request, tis):
    form = TISForm(request.POST or None, instance=tis)
    if request.method == "POST" and form.is_valid():
        tis = actions.do_enregistrer_tis(request.user, request.collectivite, tis, **form.cleaned_data)
        messages.success(request, f"Territoire d'intervention sociale « {tis} » enregistré.")
        return redirect("territoire:tis", pk=tis.pk)
    return render(request, "territoire/tis_form.html", {"form": form, "tis": tis})
