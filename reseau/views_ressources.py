"""The shared library of the network: resources with tags, versions and who may see them; signed charters."""

import mimetypes

from django.contrib import messages
from django.db.models import Max, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collectivites.noms import forme
from comptes.decorators import permission_requise
from config.pagination import paginer

from . import access
from .actions.charte import do_demander_attestation, do_deposer_document_signature
from .actions.evenements import do_evaluer
from .actions.ressources import do_creer_ressource, do_nouvelle_version_ressource
from .forms import DocumentSignatureForm, FiltreRessourcesForm, RessourceForm, VersionRessourceForm


def _telecharger(fichier, nom):
    if not fichier:
        raise Http404("Document absent.")
    type_mime = mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
    return FileResponse(fichier.open("rb"), as_attachment=True, filename=nom, content_type=type_mime)


@require_GET
@permission_requise("voir_reseau")
def ressources(request):
    form = FiltreRessourcesForm(request.GET or None)
    qs = access.ressources_visibles_par(request.user).annotate(derniere=Max("versions__numero")).order_by("titre", "pk")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(titre__icontains=q) | Q(etiquettes__icontains=q) | Q(description__icontains=q))
        if c := form.cleaned_data["categorie"]:
            qs = qs.filter(categorie=c)
    return render(
        request,
        "reseau/ressources.html",
        {"form": form, "page": paginer(request, qs), "peut_animer": request.user.peut("animer_reseau")},
    )


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def ressource_nouvelle(request):
    form = RessourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ressource = do_creer_ressource(request.user, **form.cleaned_data)
        messages.success(request, f"« {ressource} » est partagée.")
        return redirect("reseau:ressource", pk=ressource.pk)
    return render(
        request,
        "reseau/formulaire.html",
        {
            "form": form,
            "titre": "Partager une ressource",
            "ariane": "Ressources",
            "ariane_url": "reseau:ressources",
            "bouton": "Partager",
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def ressource(request, pk):
    ressource = access.get_ressource_for_user(request.user, pk)
    peut_animer = request.user.peut("animer_reseau")
    form = VersionRessourceForm(request.POST or None, request.FILES or None) if peut_animer else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            version = do_nouvelle_version_ressource(
                request.user, ressource, form.cleaned_data["fichier"], form.cleaned_data["note"]
            )
            messages.success(request, f"Version {version.numero} déposée.")
            return redirect("reseau:ressource", pk=ressource.pk)
    return render(
        request,
        "reseau/ressource.html",
        {
            "ressource": ressource,
            "versions": ressource.versions.select_related("deposee_par"),
            "form": form,
        },
    )


@require_GET
@permission_requise("voir_reseau")
def telecharger_version(request, pk):
    version = access.get_version_for_user(request.user, pk)
    extension = version.fichier.name.rsplit(".", 1)[-1]
    return _telecharger(version.fichier, f"{version.ressource.titre[:80]} v{version.numero}.{extension}")


@require_GET
@permission_requise("voir_reseau")
def document_signature(request, pk):
    signature = access.get_signature_for_user(request.user, pk)
    extension = signature.document.name.rsplit(".", 1)[-1] if signature.document else "pdf"
    return _telecharger(signature.document, f"charte-v{signature.charte.version}-{signature.structure.pk}.{extension}")


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def deposer_document_signature(request, pk):
    signature = access.get_signature_for_user(request.user, pk)
    form = DocumentSignatureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        do_deposer_document_signature(request.user, signature, form.cleaned_data["fichier"])
        messages.success(request, "Le document signé est déposé.")
        return redirect("reseau:charte")
    return render(
        request,
        "reseau/formulaire.html",
        {
            "form": form,
            "titre": f"Déposer la charte signée {forme(signature.structure).par}",
            "ariane": "Charte",
            "ariane_url": "reseau:charte",
            "bouton": "Déposer",
        },
    )


@require_POST
@permission_requise("voir_reseau")
def evaluer_inscription(request, pk):
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404

    from .forms import EvaluationForm
    from .models import Inscription

    inscription = get_object_or_404(Inscription.objects.select_related("evenement"), pk=pk, utilisateur=request.user)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            do_evaluer(request.user, inscription, form.cleaned_data["note"], form.cleaned_data["avis"])
        except ValidationError as e:
            messages.error(request, e.messages[0])
        else:
            messages.success(request, "Merci : votre évaluation est enregistrée.")
    else:
        messages.error(request, "Choisissez une note de 1 à 5 : rien n'a été enregistré.")
    return redirect("reseau:evenement", pk=inscription.evenement_id)


@require_POST
@permission_requise("voir_reseau")
def demander_attestation(request, pk):
    from django.core.exceptions import ValidationError

    signature = access.get_signature_for_user(request.user, pk)
    try:
        do_demander_attestation(request.user, signature)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, "L'attestation est en préparation : elle sera téléchargeable dans un instant.")
    return redirect("reseau:charte")
