from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptes.decorators import permission_requise
from config.pagination import paginer

from . import access
from . import actions as reseau_actions
from .affichage import horaires_en_francais, markdown_sur
from .forms import FiltreLieuxForm, FiltreStructuresForm, SignatureForm, VersionCharteForm
from .models import Charte, Signature, Structure


@require_GET
@permission_requise("voir_reseau")
def structures(request):
    form = FiltreStructuresForm(request.GET or None)
    qs = (
        access.structures_visibles_par(request.user)
        .select_related("commune")
        .annotate(nombre_lieux=Count("lieux"))
        .order_by("nom", "pk")
    )
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(nom__icontains=q) | Q(commune__nom__istartswith=q))
        if t := form.cleaned_data["type"]:
            qs = qs.filter(type=t)
    return render(request, "reseau/structures.html", {"form": form, "page": paginer(request, qs)})


@require_GET
@permission_requise("voir_reseau")
def structure(request, pk):
    structure = access.get_structure_for_user(request.user, pk)
    lieux = structure.lieux.select_related("commune", "tis")
    return render(request, "reseau/structure.html", {"structure": structure, "lieux": lieux})


@require_GET
@permission_requise("voir_reseau")
def lieux(request):
    form = FiltreLieuxForm(request.GET or None)
    qs = access.lieux_visibles_par(request.user).select_related("commune", "structure", "tis").order_by("nom", "pk")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            qs = qs.filter(Q(nom__icontains=q) | Q(commune__nom__istartswith=q))
        if t := form.cleaned_data["type_accueil"]:
            qs = qs.filter(type_accueil=t)
        if tis := form.cleaned_data["tis"]:
            qs = qs.filter(tis=tis)
    return render(request, "reseau/lieux.html", {"form": form, "page": paginer(request, qs)})


@require_GET
@permission_requise("voir_reseau")
def lieu(request, pk):
    lieu = access.get_lieu_for_user(request.user, pk)
    return render(
        request,
        "reseau/lieu.html",
        {"lieu": lieu, "horaires": horaires_en_francais(lieu.horaires), "ouvert": lieu.ouvert()},
    )


@require_GET
@permission_requise("gerer_membres")
def membres(request):
    qs = (
        access.membres_visibles_par(request.user)
        .select_related("lieu_habituel")
        .order_by("utilisateur__nom", "utilisateur__prenom", "pk")
    )
    return render(request, "reseau/membres.html", {"page": paginer(request, qs)})


def _charte_en_vigueur():
    return Charte.objects.filter(publiee_le__isnull=False, retiree_le__isnull=True).order_by("-version").first()


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def charte(request):
    """The charter in force, its commitments and signatories; the network lead prepares and publishes versions."""
    en_vigueur = _charte_en_vigueur()
    form = VersionCharteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            version = reseau_actions.do_nouvelle_version(
                request.user, form.cleaned_data["titre"], form.cleaned_data["texte"], form.cleaned_data["engagements"]
            )
            messages.success(request, f"Version {version.version} préparée : publiez-la pour la soumettre à signature.")
            return redirect("reseau:charte")
    signatures = []
    if en_vigueur:
        signatures = Signature.objects.filter(charte=en_vigueur).select_related("structure").order_by("structure__nom")
    return render(
        request,
        "reseau/charte.html",
        {
            "charte": en_vigueur,
            "texte": markdown_sur(en_vigueur.texte) if en_vigueur else "",
            "signatures": signatures,
            "form": form,
            "peut_animer": request.user.peut("animer_reseau"),
            "brouillons": Charte.objects.filter(publiee_le__isnull=True).order_by("-version"),
            "a_renouveler": Structure.objects.filter(signatures__charte__retiree_le__isnull=False)
            .exclude(signatures__charte=en_vigueur)
            .distinct()
            .order_by("nom")
            if en_vigueur
            else [],
        },
    )


@require_POST
@permission_requise("animer_reseau")
def publier_charte(request, pk):
    version = get_object_or_404(Charte, pk=pk)
    reseau_actions.do_publier(request.user, version)
    messages.success(request, f"Version {version.version} publiée : les signataires précédents doivent renouveler.")
    return redirect("reseau:charte")


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def signer_charte(request):
    en_vigueur = _charte_en_vigueur()
    if en_vigueur is None:
        raise Http404("Aucune charte en vigueur.")
    structures = access.structures_visibles_par(request.user)
    if not request.user.peut("animer_reseau"):
        structures = structures.filter(pk__in=[m.structure_id for m in request.user.adhesions_actives()])
    form = SignatureForm(
        request.POST or None,
        structures=structures.order_by("nom"),
        charte=en_vigueur,
        initial={"signee_le": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            reseau_actions.do_signer(
                request.user,
                d["structure"],
                en_vigueur,
                d["signataire"],
                d["fonction"],
                d["signee_le"],
                [int(e) for e in d["engagements"]],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Signature de {d['structure']} enregistrée.")
            return redirect("reseau:charte")
    return render(request, "reseau/signer.html", {"form": form, "charte": en_vigueur})
