"""The PDFs of an action or a meeting (docs/developpement.md §10): ask, follow the progress, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from comptes.decorators import permission_requise
from config.bornes import identifiant

from . import access, documents
from .models import Reunion
from .views import gestionnaire


@require_POST
@gestionnaire
def action_pdf(request, pk):
    a = access.get_action_collective_for_user(request.user, pk)
    documents.do_demander_document(request.user, action=a)
    messages.success(request, "La fiche de l'action est en préparation.")
    return redirect("developpement:action", pk=a.pk)


@require_POST
@gestionnaire
def resultats_pdf(request, pk):
    """The results' summary of the version shown on the results page (docs/developpement.md §5)."""
    q = access.get_questionnaire_for_user(request.user, pk)
    versions = list(q.versions.all())
    numero = identifiant(request.POST.get("version"))
    version = next((v for v in versions if v.numero == numero), versions[-1])
    documents.do_demander_document(request.user, version=version)
    messages.success(request, "La synthèse des résultats en PDF est en préparation.")
    return redirect(f"{reverse('developpement:resultats', kwargs={'pk': q.pk})}?version={version.numero}")


@require_POST
@permission_requise("animer_reseau")
def reunion_pdf(request, pk):
    r = get_object_or_404(Reunion, pk=pk)
    documents.do_demander_document(request.user, reunion=r)
    messages.success(request, "Le compte rendu en PDF est en préparation.")
    return redirect("developpement:reunion", pk=r.pk)


@require_GET
@login_required
def progression(request, pk):
    """The progress of a rendering, polled by htmx while the worker runs."""
    doc = access.get_document_for_user(request.user, pk)
    return render(request, "developpement/_document.html", {"doc": doc})


@require_GET
@login_required
def telecharger(request, pk):
    doc = access.get_document_for_user(request.user, pk)
    if not doc.pret:
        raise Http404("Ce PDF n'est pas encore prêt.")
    return FileResponse(
        doc.fichier.open("rb"), as_attachment=True, filename=doc.nom_fichier(), content_type="application/pdf"
    )
