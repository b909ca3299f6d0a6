"""Evidence files of a declared method of measuring satisfaction (docs/developpement.md §6): deposit, list, download
with access checks (the structure's staff, the network's leads)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from config.pagination import paginer

from . import access, actions
from .forms import PreuveForm
from .views import gestionnaire


@require_http_methods(["GET", "POST"])
@gestionnaire
def liste(request):
    form = PreuveForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_deposer_preuve(request.user, **form.cleaned_data)
        except PermissionDenied as e:
            form.add_error("structure", str(e))
        else:
            messages.success(request, "Preuve déposée.")
            return redirect("developpement:preuves")
    qs = access.preuves_visibles_par(request.user).select_related("structure", "deposee_par")
    return render(
        request,
        "developpement/preuves.html",
        {"form": form, "page": paginer(request, qs), "peut_deposer": bool(form.fields["structure"].queryset)},
    )


@require_GET
@gestionnaire
def telecharger(request, pk):
    preuve = access.get_preuve_for_user(request.user, pk)
    return FileResponse(
        preuve.fichier.open("rb"), as_attachment=True, filename=preuve.nom, content_type=preuve.type_mime
    )
