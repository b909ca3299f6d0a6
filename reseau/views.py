from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collectivites.noms import forme, pluriel
from comptes.decorators import permission_requise
from comptes.models import Utilisateur
from config.bornes import identifiant
from config.exports import reponse_csv
from config.pagination import paginer
from territoire.models import Sectorisation

from . import access, data_inclusion, import_csv
from .actions.charte import do_nouvelle_version, do_publier, do_signer
from .actions.droits import check_animer, gere_structure
from .actions.evenements import do_enregistrer_evenement, do_evaluation_organisateur, do_inscrire, do_pointer
from .actions.structures import do_enregistrer_lieu, do_enregistrer_structure, do_importer_structures
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
    gere = gere_structure(request.user, structure)
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


def _structures_au_nom_de(user):
    """The structures in whose name ``user`` acts (signs the charter, registers people): all of them for the network
    lead, their own otherwise."""
    structures = access.structures_visibles_par(user)
    if not user.peut("animer_reseau"):
        structures = structures.filter(pk__in=user.structures_actives_ids())
    return structures


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def charte(request):
    """The charter in force, its commitments and signatories; the network lead prepares and publishes versions."""
    en_vigueur = _charte_en_vigueur()
    form = VersionCharteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            version = do_nouvelle_version(request.user, **form.cleaned_data)
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
    do_publier(request.user, version)
    messages.success(request, f"Version {version.version} publiée : les signataires précédents doivent renouveler.")
    return redirect("reseau:charte")


@require_http_methods(["GET", "POST"])
@permission_requise("voir_reseau")
def signer_charte(request):
    en_vigueur = _charte_en_vigueur()
    if en_vigueur is None:
        raise Http404("Aucune charte en vigueur.")
    form = SignatureForm(
        request.POST or None,
        structures=_structures_au_nom_de(request.user).order_by("nom"),
        charte=en_vigueur,
        initial={"signee_le": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            do_signer(
                request.user,
                structure=d["structure"],
                charte=en_vigueur,
                signataire=d["signataire"],
                fonction=d["fonction"],
                signee_le=d["signee_le"],
                engagements=[int(e) for e in d["engagements"]],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Signature {forme(d['structure']).de} enregistrée.")
            return redirect("reseau:charte")
    return render(request, "reseau/signer.html", {"form": form, "charte": en_vigueur})


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def structure_form(request, pk=None):
    structure = access.get_structure_for_user(request.user, pk) if pk else None
    form = StructureForm(request.POST or None, instance=structure, departement=request.collectivite.departement_id)
    if request.method == "POST" and form.is_valid():
        structure = do_enregistrer_structure(request.user, structure, **form.cleaned_data)
        messages.success(request, f"Structure « {structure} » enregistrée.")
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
        lieu = do_enregistrer_lieu(request.user, structure, lieu, **form.cleaned_data)
        messages.success(request, f"Lieu d'accueil « {lieu} » enregistré.")
        return redirect("reseau:lieu", pk=lieu.pk)
    return render(
        request,
        "reseau/formulaire.html",
        {"form": form, "titre": f"Modifier {lieu}" if lieu else f"Nouveau lieu d'accueil {forme(structure).de}"},
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
        check_animer(request.user)
        if form.is_valid():
            evenement = do_enregistrer_evenement(request.user, **form.cleaned_data)
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


def _formulaire_inscription(request, donnees=None):
    structures = _structures_au_nom_de(request.user)
    utilisateurs = (
        Utilisateur.objects.de_la_collectivite(request.user.collectivite)
        .filter(adhesions__in=Membre.objects.actifs().filter(structure__in=structures))
        .distinct()
        .order_by("nom", "prenom")
    )
    return InscriptionForm(donnees, utilisateurs=utilisateurs, structures=structures.order_by("nom"))


def _page_evenement(request, evenement, form=None, bilan=None):
    """The event's page; a refused registration or review comes back here with its errors."""
    return render(
        request,
        "reseau/evenement.html",
        {
            "evenement": evenement,
            "form": form or _formulaire_inscription(request),
            "peut_animer": request.user.peut("animer_reseau"),
            "inscriptions": evenement.inscriptions.select_related("utilisateur", "structure"),
            "places_restantes": max(evenement.capacite - evenement.inscriptions.count(), 0),
            "cibles": evenement.cibles.select_related("structure"),
            "bilan": bilan or EvaluationOrganisateurForm(),
            "moyenne": evenement.inscriptions.filter(note__isnull=False).aggregate(m=Avg("note"), n=Count("id")),
            "ma_participation": evenement.inscriptions.filter(utilisateur=request.user).first(),
            "passe": evenement.date < timezone.now(),
            "evaluation_form": EvaluationForm(),
        },
    )


def _evenement(pk):
    return get_object_or_404(Evenement.objects.select_related("organisateur"), pk=pk)


@require_GET
@permission_requise("voir_reseau")
def evenement(request, pk):
    return _page_evenement(request, _evenement(pk))


@require_POST
@permission_requise("voir_reseau")
def inscrire_evenement(request, pk):
    """Register a professional (oneself, a colleague; anyone for the network lead)."""
    evenement = _evenement(pk)
    form = _formulaire_inscription(request, request.POST)
    if form.is_valid():
        try:
            do_inscrire(request.user, evenement, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{form.cleaned_data['utilisateur']} est inscrit·e.")
            return redirect("reseau:evenement", pk=evenement.pk)
    return _page_evenement(request, evenement, form=form)


@require_POST
@permission_requise("animer_reseau")
def pointer_evenement(request, pk):
    """Record attendance: the registrations ticked attended, the others did not."""
    evenement = _evenement(pk)
    presents = {n for x in request.POST.getlist("presents") if (n := identifiant(x)) is not None}
    do_pointer(request.user, evenement, presents)
    messages.success(request, "Présences enregistrées.")
    return redirect("reseau:evenement", pk=evenement.pk)


@require_POST
@permission_requise("animer_reseau")
def bilan_evenement(request, pk):
    """The organiser's review of the event."""
    evenement = _evenement(pk)
    bilan = EvaluationOrganisateurForm(request.POST)
    if bilan.is_valid():
        do_evaluation_organisateur(request.user, evenement, bilan.cleaned_data["evaluation"])
        messages.success(request, "Bilan enregistré.")
        return redirect("reseau:evenement", pk=evenement.pk)
    return _page_evenement(request, evenement, bilan=bilan)


@require_http_methods(["GET", "POST"])
@permission_requise("animer_reseau")
def evenement_modifier(request, pk):
    evenement = get_object_or_404(Evenement, pk=pk)
    form = EvenementForm(request.POST or None, instance=evenement)
    if request.method == "POST" and form.is_valid():
        do_enregistrer_evenement(request.user, evenement, **form.cleaned_data)
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
            n = do_importer_structures(request.user, lignes)
            messages.success(request, f"{n} structure{pluriel(n)} importée{pluriel(n)}.")
            return redirect("reseau:structures")
    return render(request, "reseau/importer.html", {"form": form, "erreurs": erreurs, "colonnes": import_csv.COLONNES})
