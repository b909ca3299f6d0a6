from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comptes.decorators import permission_requise
from comptes.models import Utilisateur
from config.exports import reponse_csv
from config.pagination import paginer
from territoire.models import Sectorisation

from . import access, data_inclusion, import_csv
from . import actions as reseau_actions
from .affichage import horaires_en_francais, markdown_sur
from .enums import TypeStructure
from .forms import (
    EvaluationForm,
    EvaluationOrganisateurForm,
    EvenementForm,
    FiltreLieuxForm,
    FiltreStructuresForm,
    ImportStructuresForm,
    InscriptionForm,
    LieuForm,
    SignatureForm,
    StructureForm,
    VersionCharteForm,
)
from .models import Charte, Evenement, Inscription, Membre, NiveauEngagement, Signature, Structure


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
    return render(
        request,
        "reseau/structures.html",
        {"form": form, "page": paginer(request, qs), "peut_animer": request.user.peut("animer_reseau")},
    )


@require_GET
@permission_requise("voir_reseau")
def structure(request, pk):
    structure = access.get_structure_for_user(request.user, pk)
    lieux = structure.lieux.select_related("commune", "tis")
    gere = reseau_actions.gere_structure(request.user, structure)
    membre_de = [m for m in request.user.adhesions_actives() if m.structure_id == structure.pk]
    membres = invitations = None
    if gere or membre_de:
        membres = structure.membres.actifs().select_related("utilisateur").order_by("utilisateur__nom", "pk")
    if gere:
        invitations = structure.invitations.filter(acceptee_le__isnull=True, revoquee_le__isnull=True).order_by(
            "-creee_le"
        )
    return render(
        request,
        "reseau/structure.html",
        {
            "structure": structure,
            "lieux": lieux,
            "peut_animer": request.user.peut("animer_reseau"),
            "gere": gere,
            "membre_de": membre_de,
            "membres": membres,
            "invitations": invitations,
            "contacts": structure.contacts.all(),
            "services": structure.services.select_related("lieu"),
            "antennes": structure.antennes.order_by("nom"),
        },
    )


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
        {
            "lieu": lieu,
            "horaires": horaires_en_francais(lieu.horaires),
            "ouvert": lieu.ouvert(),
            "peut_animer": request.user.peut("animer_reseau"),
        },
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
            "documents_visibles": set(access.signatures_visibles_par(request.user).values_list("pk", flat=True)),
            "documents_geres": set(
                Signature.objects.filter(structure__in=access.structures_gerees_par(request.user)).values_list(
                    "pk", flat=True
                )
            ),
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


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def structure_form(request, pk=None):
    structure = access.get_structure_for_user(request.user, pk) if pk else None
    form = StructureForm(request.POST or None, instance=structure, departement=request.collectivite.departement_id)
    if request.method == "POST" and form.is_valid():
        structure = reseau_actions.do_enregistrer_structure(request.user, form)
        messages.success(request, f"{structure} enregistrée.")
        return redirect("reseau:structure", pk=structure.pk)
    return render(
        request,
        "reseau/formulaire.html",
        {"form": form, "titre": f"Modifier {structure}" if structure else "Nouvelle structure"},
    )


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def lieu_form(request, structure_pk, pk=None):
    structure = access.get_structure_for_user(request.user, structure_pk)
    lieu = get_object_or_404(access.lieux_visibles_par(request.user), pk=pk, structure=structure) if pk else None
    form = LieuForm(request.POST or None, instance=lieu, departement=request.collectivite.departement_id)
    if request.method == "POST" and form.is_valid():
        lieu = reseau_actions.do_enregistrer_lieu(request.user, structure, form)
        messages.success(request, f"{lieu} enregistré.")
        return redirect("reseau:lieu", pk=lieu.pk)
    return render(
        request,
        "reseau/formulaire.html",
        {"form": form, "titre": f"Modifier {lieu}" if lieu else f"Nouveau lieu d'accueil de {structure}"},
    )


@require_GET
@permission_requise("animer_reseau")
def recensement(request):
    """The network census: structures engaged by type and by territory, and when each joined."""
    engagees = access.structures_visibles_par(request.user).exclude(niveau_engagement="identifiee")
    par_type = [
        (TypeStructure(t["type"]).label, t["n"])
        for t in engagees.values("type").annotate(n=Count("id")).order_by("-n", "type")
    ]
    par_niveau = [
        (NiveauEngagement(t["niveau_engagement"]).label, t["n"])
        for t in access.structures_visibles_par(request.user)
        .values("niveau_engagement")
        .annotate(n=Count("id"))
        .order_by("niveau_engagement")
    ]
    par_epci = engagees.values("commune__epci__nom").annotate(n=Count("id")).order_by("-n", "commune__epci__nom")
    tis_par_commune = dict(Sectorisation.objects.values_list("commune_id", "tis__nom"))
    par_tis = {}
    for commune_id in engagees.values_list("commune_id", flat=True):
        nom = tis_par_commune.get(commune_id, "Hors sectorisation")
        par_tis[nom] = par_tis.get(nom, 0) + 1
    historique = engagees.filter(engagee_le__isnull=False).order_by("-engagee_le", "nom")
    return render(
        request,
        "reseau/recensement.html",
        {
            "total": engagees.count(),
            "par_type": par_type,
            "par_niveau": par_niveau,
            "par_epci": par_epci,
            "par_tis": sorted(par_tis.items(), key=lambda x: (-x[1], x[0])),
            "page": paginer(request, historique),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def evenements(request):
    """Trainings, cross-immersions, practitioner meetings and conferences; the lead creates them."""
    form = EvenementForm(request.POST or None)
    if request.method == "POST":
        reseau_actions.check_animer(request.user)
        if form.is_valid():
            evenement = reseau_actions.do_enregistrer_evenement(request.user, form)
            messages.success(request, f"« {evenement} » créé.")
            return redirect("reseau:evenement", pk=evenement.pk)
    qs = (
        Evenement.objects.select_related("organisateur")
        .annotate(
            inscrits=Count("inscriptions", distinct=True),
            presents=Count("inscriptions", filter=Q(inscriptions__present=True), distinct=True),
        )
        .order_by("-date", "pk")
    )
    totaux = Inscription.objects.filter(present=True).aggregate(
        professionnels=Count("utilisateur", distinct=True), structures=Count("structure", distinct=True)
    )
    return render(
        request,
        "reseau/evenements.html",
        {
            "page": paginer(request, qs),
            "form": form,
            "totaux": totaux,
            "peut_animer": request.user.peut("animer_reseau"),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def evenement(request, pk):
    evenement = get_object_or_404(Evenement.objects.select_related("organisateur"), pk=pk)
    mes_structures = [m.structure_id for m in request.user.adhesions_actives()]
    structures = access.structures_visibles_par(request.user)
    if not request.user.peut("animer_reseau"):
        structures = structures.filter(pk__in=mes_structures)
    utilisateurs = (
        Utilisateur.objects.de_la_collectivite(request.user.collectivite)
        .filter(adhesions__in=Membre.objects.actifs().filter(structure__in=structures))
        .distinct()
        .order_by("nom", "prenom")
    )
    inscrire = request.method == "POST" and not ({"bilan", "pointage"} & set(request.POST))
    form = InscriptionForm(
        request.POST if inscrire else None, utilisateurs=utilisateurs, structures=structures.order_by("nom")
    )
    bilan = EvaluationOrganisateurForm(request.POST if "bilan" in request.POST else None)
    if request.method == "POST":
        if "bilan" in request.POST:
            if bilan.is_valid():
                reseau_actions.do_evaluation_organisateur(request.user, evenement, bilan.cleaned_data["evaluation"])
                messages.success(request, "Bilan enregistré.")
                return redirect("reseau:evenement", pk=evenement.pk)
        elif "pointage" in request.POST:
            presents = {int(x) for x in request.POST.getlist("presents") if x.isdigit()}
            reseau_actions.do_pointer(request.user, evenement, presents)
            messages.success(request, "Présences enregistrées.")
            return redirect("reseau:evenement", pk=evenement.pk)
        elif form.is_valid():
            try:
                reseau_actions.do_inscrire(
                    request.user, evenement, form.cleaned_data["utilisateur"], form.cleaned_data["structure"]
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, f"{form.cleaned_data['utilisateur']} est inscrit·e.")
                return redirect("reseau:evenement", pk=evenement.pk)
    return render(
        request,
        "reseau/evenement.html",
        {
            "evenement": evenement,
            "form": form,
            "peut_animer": request.user.peut("animer_reseau"),
            "inscriptions": evenement.inscriptions.select_related("utilisateur", "structure"),
            "places_restantes": max(evenement.capacite - evenement.inscriptions.count(), 0),
            "cibles": evenement.cibles.select_related("structure"),
            "bilan": bilan,
            "moyenne": evenement.inscriptions.filter(note__isnull=False).aggregate(m=Avg("note"), n=Count("id")),
            "ma_participation": evenement.inscriptions.filter(utilisateur=request.user).first(),
            "passe": evenement.date < timezone.now(),
            "evaluation_form": EvaluationForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def evenement_modifier(request, pk):
    evenement = get_object_or_404(Evenement, pk=pk)
    form = EvenementForm(request.POST or None, instance=evenement)
    if request.method == "POST" and form.is_valid():
        reseau_actions.do_enregistrer_evenement(request.user, form)
        messages.success(request, f"« {evenement} » enregistré.")
        return redirect("reseau:evenement", pk=evenement.pk)
    return render(
        request,
        "reseau/formulaire.html",
        {"form": form, "titre": f"Modifier {evenement}", "ariane": "Événements", "ariane_url": "reseau:evenements"},
    )


@require_GET
@permission_requise("voir_reseau")
def export_data_inclusion(request, format_):
    """The directory in the data·inclusion schema, as JSON or CSV (records that fail the schema are left out)."""
    if format_ not in ("json", "csv"):
        raise Http404("Format inconnu : json ou csv.")
    if request.GET.get("jeu") == "services":
        valides, _ = data_inclusion.services(request.collectivite, access.structures_visibles_par(request.user))
        colonnes, nom = data_inclusion.COLONNES_SERVICES, "services"
    else:
        valides, _ = data_inclusion.structures(request.collectivite, access.structures_visibles_par(request.user))
        colonnes, nom = data_inclusion.COLONNES, "structures"
    nom = f"{nom}-data-inclusion-{request.collectivite.slug}-{timezone.localdate():%Y%m%d}"
    if format_ == "json":
        reponse = JsonResponse(valides, safe=False, json_dumps_params={"ensure_ascii": False})
        reponse["Content-Disposition"] = f'attachment; filename="{nom}.json"'
        return reponse
    # the data·inclusion CSV: « , » between cells, no byte-order mark, a list as « a,b »; no cell runs as a formula
    lignes = ([",".join(v) if isinstance(v, list) else v for v in map(ligne.get, colonnes)] for ligne in valides)
    return reponse_csv(nom, colonnes, lignes, separateur=",", bom=False)


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def importer_structures(request):
    """CSV import with a line-by-line report; nothing is written unless every line is right."""
    form = ImportStructuresForm(request.POST or None, request.FILES or None)
    erreurs = []
    if request.method == "POST" and form.is_valid():
        lignes, erreurs = import_csv.lire(form.cleaned_data["fichier"])
        if not erreurs:
            n = reseau_actions.do_importer_structures(request.user, lignes)
            messages.success(request, f"{n} structure{'s' if n > 1 else ''} importée{'s' if n > 1 else ''}.")
            return redirect("reseau:structures")
    return render(request, "reseau/importer.html", {"form": form, "erreurs": erreurs, "colonnes": import_csv.COLONNES})
