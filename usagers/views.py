from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from collectivites.noms import accord, forme
from comptes.decorators import permission_requise
from config.bornes import identifiant_or_404
from config.pagination import paginer

from . import access, actions, bandeau, lecture
from .forms import ConservationForm, UsagerForm
from .models import JournalAcces
from .recherche import rechercher


def _suivant(request, defaut):
    suivant = request.POST.get("suivant") or request.GET.get("suivant")
    # a path of this site only: a bare word would be read by redirect() as a view name (docs/securite.md §21)
    if (
        suivant
        and suivant.startswith("/")
        and url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()})
    ):
        return suivant
    return defaut


@require_GET
@permission_requise("accueillir")
def recherche(request):
    """Search as you type: the partial list for htmx, or the whole page."""
    q = request.GET.get("q", "")[:100]
    qs = access.usagers_visibles_par(request.user).select_related("commune")
    resultats = list(rechercher(qs, q, departement_id=request.user.collectivite.departement_id))
    bandeau.marquer(request.user, resultats)
    lecture.noter(resultats, "recherche")
    gabarit = "usagers/_resultats.html" if request.htmx else "usagers/recherche.html"
    return render(request, gabarit, {"q": q, "resultats": resultats, "choisir": request.GET.get("choisir") == "1"})


@require_http_methods(["GET", "POST"])
@permission_requise("accueillir")
def nouveau(request):
    form = UsagerForm(
        request.POST or None, initial={"prenom": request.GET.get("prenom", ""), "nom": request.GET.get("nom", "")}
    )
    doublons = []
    if request.method == "POST" and form.is_valid():
        usager = form.save(commit=False)
        usager.commune = form.cleaned_data["commune"]
        doublons = actions.doublons_probables(usager)
        if doublons and not form.cleaned_data["confirmer_doublon"]:
            form.add_error(None, "Un dossier semblable existe peut-être déjà : vérifiez avant d'en créer un nouveau.")
        else:
            actions.do_creer_usager(request.user, usager)
            messages.success(request, f"Dossier {forme(usager).de} créé.")
            defaut = f"/usagers/{usager.pk}/"
            suivant = _suivant(request, defaut)
            if suivant != defaut:
                separateur = "&" if "?" in suivant else "?"
                suivant = f"{suivant}{separateur}usager={usager.pk}"
            return redirect(suivant)
    return render(
        request, "usagers/nouveau.html", {"form": form, "doublons": doublons, "suivant": _suivant(request, "")}
    )


@require_GET
@permission_requise("accueillir")
def fiche(request, pk):
    usager = access.get_usager_for_user(request.user, pk)
    access.journaliser(request.user, usager, JournalAcces.Action.CONSULTATION, f"usager:{usager.pk}")
    return render(
        request,
        "usagers/fiche.html",
        {
            "usager": usager,
            "sections": bandeau.sections(request.user, usager),
            "actions": bandeau.actions_du_dossier(request.user, usager),
            "evenements": usager.evenements.select_related("par")[:20],
            "peut_fusionner": request.user.peut("fusionner_usagers"),
        },
    )


@require_GET
@permission_requise("accueillir")
def bandeau_usager(request, pk):
    """The strip shown on the desk once a person is chosen (htmx partial)."""
    usager = access.get_usager_for_user(request.user, pk)
    access.journaliser(request.user, usager, JournalAcces.Action.BANDEAU, f"usager:{usager.pk}")
    return render(
        request, "usagers/_bandeau.html", {"usager": usager, "sections": bandeau.sections(request.user, usager)}
    )


@require_GET
@permission_requise("accueillir")
def acces(request, pk):
    """Who read this file (docs/securite.md §14): the person can be told."""
    usager = access.get_usager_for_user(request.user, pk)
    access.journaliser(request.user, usager, JournalAcces.Action.CONSULTATION, f"journal:{usager.pk}")
    lignes = JournalAcces.objects.concernant(usager).select_related("utilisateur", "structure")
    page = paginer(request, lignes.order_by("-quand", "-pk"), 50)
    return render(request, "usagers/acces.html", {"usager": usager, "page": page})


@require_http_methods(["GET", "POST"])
@permission_requise("fusionner_usagers")
def fusionner(request, pk):
    conserver = access.get_usager_for_user(request.user, pk)
    if request.method == "POST":
        absorber = access.get_usager_for_user(request.user, identifiant_or_404(request.POST.get("absorber")))
        with transaction.atomic():
            deplaces = actions.do_fusionner(request.user, conserver, absorber)
        liens = accord(sum(deplaces.values()), "lien")
        messages.success(request, f"Dossier {forme(absorber).de} fusionné dans celui {forme(conserver).de} ({liens}).")
        return redirect("usagers:fiche", pk=conserver.pk)
    q = request.GET.get("q", "")[:100]
    candidats = [
        u for u in rechercher(access.usagers_visibles_par(request.user), q or str(conserver)) if u.pk != conserver.pk
    ]
    lecture.noter(candidats, f"fusion:{conserver.pk}")
    return render(request, "usagers/fusionner.html", {"usager": conserver, "candidats": candidats, "q": q})


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def conservation(request):
    """The retention schedule of the collectivité (docs/retention.md), under its parameters."""
    from .retention import calendrier

    collectivite = request.collectivite
    form = ConservationForm(request.POST or None, calendrier=calendrier(collectivite))
    if request.method == "POST" and form.is_valid():
        actions.do_modifier_conservation(request.user, collectivite, form.cleaned_data)
        messages.success(request, "Durées de conservation enregistrées.")
        return redirect("portail:conservation")
    return render(request, "usagers/conservation.html", {"form": form})
