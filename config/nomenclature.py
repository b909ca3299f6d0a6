"""Per-collectivité nomenclatures (motifs of the desk, types of support): the administrator adapts the seeded list —
renames, switches off, adds — without touching what was recorded with them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from comptes.decorators import permission_requise


def vue(modele, titre, nom_url):
    @require_http_methods(["GET", "POST"])
    @permission_requise("gerer_collectivite")
    def nomenclature(request, pk=None):
        element = get_object_or_404(modele, pk=pk) if pk is not None else None  # another collectivité's: 404
        if request.method == "POST":
            libelle = (request.POST.get("libelle") or "").strip()
            if not libelle or len(libelle) > modele._meta.get_field("libelle").max_length:
                messages.error(request, "Indiquez un libellé (120 caractères au plus).")
            elif pk is None:
                code = slugify(libelle)[:60] or "element"
                if modele.objects.filter(code=code).exists() or modele.objects.filter(libelle__iexact=libelle).exists():
                    messages.error(request, f"« {libelle} » existe déjà.")
                else:
                    modele.objects.create(
                        collectivite=request.collectivite, code=code, libelle=libelle, ordre=modele.objects.count()
                    )
                    messages.success(request, f"« {libelle} » ajouté.")
            else:
                element.libelle = libelle
                element.actif = request.POST.get("actif") == "on"
                element.save(update_fields=["libelle", "actif"])
                messages.success(request, f"« {libelle} » enregistré.")
            return redirect(nom_url)
        return render(
            request,
            "nomenclature.html",
            {"titre": titre, "elements": modele.objects.order_by("ordre", "pk"), "nom_url": nom_url},
        )

    return nomenclature
