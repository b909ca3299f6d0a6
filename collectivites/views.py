"""Pages shared by the apps above: the body of a nomenclature page (each app routes its own and checks the role)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from . import nomenclature as actions


def nomenclature(request, modele, titre, nom_url, pk=None):
    """List a nomenclature with a form per entry (rename, switch off) and one to add an entry."""
    element = get_object_or_404(modele, pk=pk) if pk is not None else None  # another collectivité's: 404
    if request.method == "POST":
        libelle = request.POST.get("libelle")
        try:
            if element is None:
                element = actions.do_ajouter_element(request.user, request.collectivite, modele, libelle)
                messages.success(request, f"« {element.libelle} » ajouté.")
            else:
                actions.do_modifier_element(request.user, element, libelle, request.POST.get("actif") == "on")
                messages.success(request, f"« {element.libelle} » enregistré.")
        except ValidationError as e:
            messages.error(request, e.message)
        return redirect(nom_url)
    return render(
        request,
        "nomenclature.html",
        {"titre": titre, "elements": modele.objects.order_by("ordre", "pk"), "nom_url": nom_url},
    )
