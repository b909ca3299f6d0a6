from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptes.decorators import permission_requise
from config import balisage
from config.pagination import paginer
from reseau.models import LieuAccueil
from territoire.models import ParametresCouverture, Sectorisation

from . import access, actions, exports
from . import tableaux as tb
from .forms import CalculForm, CiblesForm, FiltresForm, ParametresCouvertureForm, annees_proposees
from .models import Calcul, Cible


def _contexte_filtres(request):
    tout = access.voit_tout_le_reseau(request.user)
    form = FiltresForm(request.GET or None, avec_territoire=tout)
    annee, tis = form.valeurs()
    lieux = access.lieux_du_tableau(request.user)
    communes = None
    if tis is not None:
        lieux = list(LieuAccueil.objects.filter(tis=tis).values_list("pk", flat=True))
        communes = list(Sectorisation.objects.filter(tis=tis).values_list("commune_id", flat=True))
    return form, annee, tis, lieux, communes


def _territoires():
    return FiltresForm.territoires().only("nom")


def _derniers_calculs():
    return Calcul.objects.only("periodicite", "debut", "fin", "statut")[:5]


@require_GET
@access.tableau_requis
def tableau_de_bord(request):
    """Indicators against target, trends and activity: charts (SVG) with the same numbers as tables."""
    form, annee, tis, lieux, communes = _contexte_filtres(request)
    seuil = request.user.collectivite.seuil_secret_statistique
    pilote = request.user.peut("piloter_indicateurs")
    # the exports' path once, not two reverse() per table
    exports = reverse("indicateurs:export", kwargs={"table": "t", "format_": "csv"}).removesuffix("t.csv")
    # the territories and the last computations read in the rollups' round trip (docs/performance.md §15)
    avec = [
        tb.lecture_figee(_territoires) if "tis" in form.fields else None,
        tb.lecture_figee(_derniers_calculs) if pilote else None,
    ]
    lectures = [qs for qs in avec if qs is not None]
    tableaux = tb.tableau_de_bord(annee, seuil, lieux, communes, exports, request.GET.urlencode(), lectures)
    lues = iter(lectures)
    territoires, calculs = (None if qs is None else next(lues) for qs in avec)
    return render(
        request,
        "indicateurs/tableau_de_bord.html",
        {
            "form": form,
            "annee": annee,
            "tis": tis,
            **tableaux,
            "seuil": seuil,
            "pilote": pilote,
            "perimetre": "réseau" if lieux is None else ("territoire" if tis else "structure"),
            # the years' <option>s written once for the page's three selects
            "options_annees": balisage.options(annees_proposees(), annee),
            "territoires": territoires,
            "calculs": calculs or [],
        },
    )


@require_GET
@access.tableau_requis
def export(request, table, format_):
    if format_ not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    _, annee, tis, lieux, communes = _contexte_filtres(request)
    seuil = request.user.collectivite.seuil_secret_statistique
    if table == "indicateurs":
        tableau = tb.tableau_indicateurs(annee)
    elif table == "tendances":
        tableau = tb.tableau_tendances()
    else:
        tableau = next(iter(tb.tableaux_statistiques(annee, seuil, lieux, communes, noms={table})), None)
    if tableau is None:
        raise Http404("Tableau inconnu.")
    nom = f"{request.user.collectivite.slug}-{table}-{annee}"
    return (exports.csv_reponse if format_ == "csv" else exports.xlsx_reponse)(tableau, nom)


@require_POST
@permission_requise("piloter_indicateurs")
def calculer(request):
    form = CalculForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une année proposée : rien n'a été lancé.")
        return redirect("indicateurs:tableau_de_bord")
    calcul = actions.do_demander_calcul(request.user, form.cleaned_data["annee"])
    return redirect("indicateurs:calcul", pk=calcul.pk)


@require_GET
@permission_requise("piloter_indicateurs")
def calcul(request, pk):
    """The computation's progress; htmx polls the fragment until it is finished."""
    c = access.get_calcul_for_user(request.user, pk)
    gabarit = "indicateurs/_progression.html" if request.htmx else "indicateurs/calcul.html"
    return render(request, gabarit, {"calcul": c, "instantanes": c.instantanes.all()})


@require_GET
@access.tableau_requis
def instantane(request, pk):
    """One snapshot with everything needed to explain it: method, parameters, inputs, breakdown."""
    i = access.get_instantane_for_user(request.user, pk)
    return render(request, "indicateurs/instantane.html", {"i": i})


@require_GET
@access.tableau_requis
def instantanes(request):
    qs = access.instantanes_visibles_par(request.user).order_by("-fin", "-calcule_le", "indicateur")
    return render(request, "indicateurs/instantanes.html", {"page": paginer(request, qs)})


@require_http_methods(["GET", "POST"])
@permission_requise("piloter_indicateurs")
def cibles(request):
    annee_form = CalculForm(request.GET or None)
    annee = annee_form.cleaned_data["annee"] if annee_form.is_bound and annee_form.is_valid() else None
    annee = annee or CalculForm().fields["annee"].initial
    existantes = {c.indicateur: c for c in Cible.objects.filter(annee=annee)}
    form = CiblesForm(request.POST or None, cibles=existantes)
    if request.method == "POST" and form.is_valid():
        actions.do_enregistrer_cibles(request.user, annee, form.valeurs())
        messages.success(request, f"Cibles {annee} enregistrées.")
        return redirect(f"{request.path}?annee={annee}")
    return render(request, "indicateurs/cibles.html", {"form": form, "annee": annee, "annee_form": annee_form})


@require_POST
@permission_requise("piloter_indicateurs")
def demander_rapport(request):
    form = CalculForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une année proposée : aucun rapport demandé.")
        return redirect("indicateurs:tableau_de_bord")
    actions.do_demander_rapport(request.user, form.cleaned_data["annee"])
    messages.success(request, "Rapport demandé : il apparaît ci-dessous dès qu'il est prêt.")
    return redirect("indicateurs:rapports")


@require_GET
@permission_requise("piloter_indicateurs")
def rapports(request):
    qs = access.rapports_visibles_par(request.user).select_related("demande_par")
    return render(request, "indicateurs/rapports.html", {"page": paginer(request, qs), "form": CalculForm()})


@require_GET
@permission_requise("piloter_indicateurs")
def rapport(request, pk):
    r = access.get_rapport_for_user(request.user, pk)
    if not r.fichier:
        raise Http404("Le rapport n'est pas encore prêt.")
    return FileResponse(
        r.fichier.open("rb"),
        as_attachment=True,
        filename=r.fichier.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


@require_http_methods(["GET", "POST"])
@permission_requise("piloter_indicateurs")
def parametres_couverture(request):
    form = ParametresCouvertureForm(request.POST or None, instance=ParametresCouverture.objects.first())
    if request.method == "POST" and form.is_valid():
        actions.do_enregistrer_parametres_couverture(request.user, form.cleaned_data)
        messages.success(request, "Paramètres de la couverture enregistrés : ils valent pour les prochains calculs.")
        return redirect("indicateurs:parametres_couverture")
    return render(request, "indicateurs/parametres_couverture.html", {"form": form})
