"""Pages of the collective actions (docs/developpement.md §8): list, new action, an action and its sessions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collectivites.views import nomenclature
from comptes.decorators import permission_requise
from config.bornes import identifiant
from config.pagination import paginer
from usagers import lecture
from usagers.access import usagers_visibles_par
from usagers.recherche import rechercher

from . import access, actions_collectives
from .enums import Sexe
from .forms import ActionCollectiveForm, EvaluationForm, InscriptionForm, SeanceForm
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
    par_seance, tableau, total, identifies = actions_collectives.presences(a)
    seances = list(a.seances.select_related("lieu").prefetch_related("animateurs"))
    for s in seances:
        s.participants = par_seance.get(s.pk, 0)
    participants = list(
        access.participants_visibles_par(request.user)
        .filter(action=a)
        .select_related("usager")
        .annotate(nb_presences=Count("presences"))
        .order_by("usager__nom", "usager__prenom", "pk")
    )
    access.noter_participants(participants, f"action_collective:{a.pk}")
    return render(
        request,
        "developpement/action.html",
        {
            "a": a,
            "seances": seances,
            "tableau": tableau,
            "sexes": Sexe.labels,
            "total": total,
            "identifies": identifies,
            "participants": participants,
            "nomme": _peut(actions_collectives.check_nommer_participants, request.user, a),
            "form": form,
            "anime": _peut(actions_collectives.check_animer, request.user, a),
            "documents": a.documents.all()[:5],
        },
    )


def _peut(check, user, a):
    try:
        check(user, a)
    except PermissionDenied:
        return False
    return True


@require_http_methods(["GET", "POST"])
@gestionnaire
def seance_nouvelle(request, pk):
    a = access.get_action_collective_for_user(request.user, pk)
    actions_collectives.check_animer(request.user, a)
    form = SeanceForm(request.POST if request.method == "POST" else None, action=a, user=request.user)
    access.noter_participants(form.fields["presents"].queryset, f"seance_nouvelle:{a.pk}")
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
                presents=list(d["presents"]),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Séance enregistrée.")
            return redirect("developpement:action", pk=a.pk)
    return render(request, "developpement/seance_nouvelle.html", {"form": form, "a": a, "sexes": Sexe.labels})


@require_http_methods(["GET", "POST"])
@gestionnaire
def participant_ajouter(request, pk):
    """Search a person of Relais, then name them among the participants with their consent (docs/developpement.md
    §8). The persons found are read: the request is logged like the desk's search."""
    a = access.get_action_collective_for_user(request.user, pk)
    actions_collectives.check_nommer_participants(request.user, a)
    q = (request.POST.get("q") or request.GET.get("q") or "")[:100]
    visibles = usagers_visibles_par(request.user).select_related("commune")
    personnes = list(rechercher(visibles, q, departement_id=request.user.collectivite.departement_id)) if q else []
    if request.method == "POST":
        # the person chosen stays a choice even if the search moved
        if choisi := identifiant(request.POST.get("usager")):
            personnes += [u for u in visibles.filter(pk=choisi) if u not in personnes]
    lecture.noter(personnes, f"action_collective:{a.pk}:recherche")
    lecture.noter(None)
    form = InscriptionForm(
        request.POST if request.method == "POST" else None,
        personnes=personnes,
        initial={"consentement_le": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        usager = get_object_or_404(visibles, pk=form.cleaned_data["usager"])
        try:
            actions_collectives.do_inscrire(
                request.user,
                a,
                usager,
                consentement=form.cleaned_data["consentement"],
                consentement_le=form.cleaned_data["consentement_le"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{usager} figure parmi les participants de l'action.")
            return redirect("developpement:action", pk=a.pk)
    return render(
        request, "developpement/participant_ajouter.html", {"a": a, "q": q, "form": form, "personnes": personnes}
    )


@require_POST
@gestionnaire
def participant_retirer(request, pk, participant_id):
    a = access.get_action_collective_for_user(request.user, pk)
    participant = get_object_or_404(
        access.participants_visibles_par(request.user).filter(action=a).select_related("usager", "action"),
        pk=participant_id,
    )
    actions_collectives.do_retirer(request.user, participant)
    messages.success(request, f"{participant.usager} ne figure plus parmi les participants nommés.")
    return redirect("developpement:action", pk=a.pk)


@require_POST
@gestionnaire
def questionnaire_participants(request, pk):
    a = access.get_action_collective_for_user(request.user, pk)
    try:
        q = actions_collectives.do_creer_questionnaire_participants(request.user, a)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return redirect("developpement:action", pk=a.pk)
    messages.success(request, "Le questionnaire des participants est créé et publié : imprimez son code QR.")
    return redirect("developpement:questionnaire", pk=q.pk)


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def themes(request, pk=None):
    """The collectivité's nomenclature of themes: rename, switch off, add (collectivites.nomenclature)."""
    return nomenclature(request, ThemeAction, "Thèmes des actions collectives", "developpement:themes", pk)
