"""The convention's budget page (docs/developpement.md §11), for the network's leads (``animer_reseau``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from comptes.decorators import permission_requise
from config import bornes
from config.exports import reponse_csv, reponse_xlsx
from config.pagination import paginer

from . import budget
from .forms import DepenseForm, DotationForm, FinanceurForm
from .models import Depense

# Three forms on one page, told apart by their prefix (and their fields' ids stay unique).
FORMULAIRES = {"financeur": FinanceurForm, "dotation": DotationForm, "depense": DepenseForm}


def annee_demandee(request):
    """The year of ``?annee=`` (``config.bornes.annee``: 2000 to 2100, ASCII digits), the current year otherwise: the
    budget and the actions' statistics."""
    try:
        return bornes.annee(request.GET.get("annee", ""))
    except ValidationError:
        return timezone.localdate().year


def _ecrire(user, cle, donnees):
    if cle == "financeur":
        budget.do_ajouter_financeur(user, **donnees)
        return "Financeur ajouté."
    if cle == "dotation":
        budget.do_fixer_dotation(user, **donnees)
        return "Montant alloué enregistré."
    budget.do_enregistrer_depense(user, **donnees)
    return "Dépense enregistrée."


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def page(request):
    annee = annee_demandee(request)
    formulaires = {cle: classe(prefix=cle) for cle, classe in FORMULAIRES.items()}
    formulaires["dotation"].initial = {"annee": annee}
    cle = next((c for c in FORMULAIRES if request.method == "POST" and f"{c}-envoi" in request.POST), None)
    if cle:
        form = formulaires[cle] = FORMULAIRES[cle](request.POST, prefix=cle)
        if form.is_valid():
            try:
                messages.success(request, _ecrire(request.user, cle, form.cleaned_data))
            except ValidationError as e:
                for champ, erreurs in e.message_dict.items():
                    form.add_error(champ, erreurs)
            else:
                return redirect(f"{request.path}?annee={annee}")
    depenses = Depense.objects.filter(date__year=annee).select_related("financeur").order_by("-date", "-pk")
    return render(
        request,
        "developpement/budget.html",
        {
            "annee": annee,
            "execution": budget.execution(annee),
            "page": paginer(request, depenses),
            "formulaires": formulaires,
        },
    )


def _export(request):
    annee = annee_demandee(request)
    return annee, f"budget-convention-{annee}", budget.lignes_export(budget.execution(annee))


@require_GET
@permission_requise("animer_reseau")
def export_csv(request):
    _, nom, lignes = _export(request)
    return reponse_csv(nom, budget.ENTETE_EXPORT, lignes)


@require_GET
@permission_requise("animer_reseau")
def export_xlsx(request):
    annee, nom, lignes = _export(request)
    return reponse_xlsx(
        nom, budget.ENTETE_EXPORT, lignes, feuille="exécution", titre=f"Budget de la convention — {annee}"
    )
