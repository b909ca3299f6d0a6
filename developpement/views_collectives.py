"""Pages of the collective actions (docs/developpement.md §8): list, new action, an action and its sessions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from collectivites.views import nomenclature
from comptes.decorators import permission_requise
from config.pagination import paginer

from . import access, actions_collectives
from .enums import Sexe
from .forms import ActionCollectiveForm, EvaluationForm, SeanceForm
from .models import ThemeAction
from .views import gestionnaire


@require_GET
@gestionnaire
def liste(request):
    qs = (
        access.actions_collectives_visibles_par(request.user)
        .annotate(nb_seances=Count("seances", distinct=True))
        .prefetch_related("structures")
        .order_by("-debut", "pk")  # explicit: an aggregate drops the model's default ordering
    )
    return render(request, "developpement/actions.html", {"page": paginer(request, qs)})


@require_http_methods(["GET", "POST"])
@gestionnaire
def nouvelle(request):
    form = ActionCollectiveForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = actions_collectives.do_creer_action(request.user, **form.cleaned_data)
        except PermissionDenied as e:
            form.add_error("structures", str(e))
        else:
            messages.success(request, "Action collective créée.")
            return redirect("developpement:action", pk=action.pk)
    return render(request, "developpement/action_nouvelle.html", {"form": form})


@require_http_methods(["GET", "POST"])
@gestionnaire
def action(request, pk):
    a = access.get_action_collective_for_user(request.user, pk)
    form = EvaluationForm(
        request.POST if request.method == "POST" else None,
        initial={"objectifs_atteints": a.objectifs_atteints, "evaluation": a.evaluation},
    )
    if request.method == "POST" and form.is_valid():
        actions_collectives.do_evaluer(request.user, a, **form.cleaned_data)
        messages.success(request, "Évaluation enregistrée.")
        return redirect("developpement:action", pk=a.pk)
    par_seance, tableau, total = actions_collectives.presences(a)
    seances = list(a.seances.select_related("lieu").prefetch_related("animateurs"))
    for s in seances:
        s.participants = par_seance.get(s.pk, 0)
    return render(
        request,
        "developpement/action.html",
        {
            "a": a,
            "seances": seances,
            "tableau": tableau,
            "sexes": Sexe.labels,
            "total": total,
            "form": form,
            "anime": _anime(request.user, a),
            "documents": a.documents.all()[:5],
        },
    )


def _anime(user, a):
    try:
        actions_collectives.check_animer(user, a)
    except PermissionDenied:
        return False
    return True


@require_http_methods(["GET", "POST"])
@gestionnaire
def seance_nouvelle(request, pk):
    a = access.get_action_collective_for_user(request.user, pk)
    actions_collectives.check_animer(request.user, a)
    form = SeanceForm(request.POST if request.method == "POST" else None, action=a)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions_collectives.do_enregistrer_seance(
                request.user,
                a,
                date=d["date"],
                lieu=d["lieu"],
                adresse=d["adresse"],
                animateurs=d["animateurs"],
                contenu=d["contenu"],
                comptes=form.comptes(),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Séance enregistrée.")
            return redirect("developpement:action", pk=a.pk)
    return render(request, "developpement/seance_nouvelle.html", {"form": form, "a": a, "sexes": Sexe.labels})


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def themes(request, pk=None):
    """The collectivité's nomenclature of themes: rename, switch off, add (collectivites.nomenclature)."""
    return nomenclature(request, ThemeAction, "Thèmes des actions collectives", "developpement:themes", pk)
