"""Pages of the network's steering (docs/developpement.md §9), for the network's leads (``animer_reseau``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from comptes.decorators import permission_requise
from config.pagination import paginer

from . import pilotage
from .forms import CompteRenduForm, DecisionForm, InstanceForm, ReunionForm
from .models import Decision, Instance, Reunion


def _donnees(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def tableau(request):
    """The bodies, and the decisions still to follow, the oldest due first."""
    form = InstanceForm(_donnees(request))
    if request.method == "POST" and form.is_valid():
        instance = pilotage.do_creer_instance(request.user, **form.cleaned_data)
        messages.success(request, "Instance créée.")
        return redirect("developpement:instance", pk=instance.pk)
    decisions = Decision.objects.a_suivre().select_related("reunion__instance").order_by("echeance", "pk")
    return render(
        request,
        "developpement/pilotage.html",
        {
            "instances": Instance.objects.all(),
            "page": paginer(request, decisions),
            "form": form,
            "aujourd_hui": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def instance(request, pk):
    i = get_object_or_404(Instance, pk=pk)
    form = ReunionForm(_donnees(request))
    if request.method == "POST" and form.is_valid():
        reunion = pilotage.do_ajouter_reunion(request.user, i, **form.cleaned_data)
        messages.success(request, "Réunion ajoutée.")
        return redirect("developpement:reunion", pk=reunion.pk)
    return render(request, "developpement/instance.html", {"i": i, "reunions": i.reunions.all(), "form": form})


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def reunion(request, pk):
    r = get_object_or_404(Reunion.objects.select_related("instance"), pk=pk)
    compte_rendu = CompteRenduForm(initial={"compte_rendu": r.compte_rendu, "presents": r.presents})
    decision = DecisionForm()
    if request.method == "POST":
        if "compte_rendu" in request.POST:
            compte_rendu = CompteRenduForm(request.POST)
            if compte_rendu.is_valid():
                pilotage.do_rediger_compte_rendu(request.user, r, **compte_rendu.cleaned_data)
                messages.success(request, "Compte rendu enregistré.")
                return redirect("developpement:reunion", pk=r.pk)
        else:
            decision = DecisionForm(request.POST)
            if decision.is_valid():
                try:
                    pilotage.do_ajouter_decision(request.user, r, **decision.cleaned_data)
                except ValidationError as e:
                    decision.add_error("echeance", e)
                else:
                    messages.success(request, "Décision ajoutée.")
                    return redirect("developpement:reunion", pk=r.pk)
    return render(
        request,
        "developpement/reunion.html",
        {
            "r": r,
            "decisions": r.decisions.all(),
            "compte_rendu": compte_rendu,
            "decision": decision,
            "aujourd_hui": timezone.localdate(),
            "documents": r.documents.all()[:5],
        },
    )


@require_POST
@permission_requise("animer_reseau")
def decision_realisee(request, pk):
    d = get_object_or_404(Decision, pk=pk)
    pilotage.do_marquer_realisee(request.user, d)
    messages.success(request, f"Décision « {d.libelle} » marquée réalisée.")
    return redirect("developpement:reunion", pk=d.reunion_id)
