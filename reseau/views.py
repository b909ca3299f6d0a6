from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from comptes.decorators import permission_requise
from config.pagination import paginer

from . import access
from .forms import FiltreLieuxForm, FiltreStructuresForm


@require_GET
@permission_requise("voir_reseau")
def structures(request):
    form = FiltreStructuresForm(request.GET or None)
    qs = (
        access.structures_visibles_par(request.user)
        .select_related("commune")
        .annotate(nombre_lieux=Count("lieux"))
        .order_by("nom", "pk")
    )
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(nom__icontains=q) | Q(commune__nom__istartswith=q))
        if t := form.cleaned_data["type"]:
            qs = qs.filter(type=t)
    return render(request, "reseau/structures.html", {"form": form, "page": paginer(request, qs)})


@require_GET
@permission_requise("voir_reseau")
def structure(request, pk):
    structure = access.get_structure_for_user(request.user, pk)
    lieux = structure.lieux.select_related("commune", "tis")
    return render(request, "reseau/structure.html", {"structure": structure, "lieux": lieux})


@require_GET
@permission_requise("voir_reseau")
def lieux(request):
    form = FiltreLieuxForm(request.GET or None)
    qs = access.lieux_visibles_par(request.user).select_related("commune", "structure", "tis").order_by("nom", "pk")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(nom__icontains=q) | Q(commune__nom__istartswith=q))
        if t := form.cleaned_data["type_accueil"]:
            qs = qs.filter(type_accueil=t)
        if tis := form.cleaned_data["tis"]:
            qs = qs.filter(tis=tis)
    return render(request, "reseau/lieux.html", {"form": form, "page": paginer(request, qs)})


@require_GET
@permission_requise("voir_reseau")
def lieu(request, pk):
    lieu = access.get_lieu_for_user(request.user, pk)
    return render(request, "reseau/lieu.html", {"lieu": lieu})


@require_GET
@permission_requise("gerer_membres")
def membres(request):
    qs = (
        access.membres_visibles_par(request.user)
        .select_related("lieu_habituel")
        .order_by("utilisateur__nom", "utilisateur__prenom", "pk")
    )
    return render(request, "reseau/membres.html", {"page": paginer(request, qs)})
