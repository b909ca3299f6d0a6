from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.access import orientations_a_repondre
from collectivites.actions import do_modifier_parametres
from collectivites.forms import ParametresForm
from collectivites.integration import integrable
from comptes.decorators import permission_requise
from comptes.roles import Role
from reseau.access import lieux_visibles_par, structures_visibles_par
from reseau.enums import TypeStructure
from reseau.models import LieuAccueil
from territoire.access import tis_visibles_par
from territoire.models import Commune, Sectorisation


@login_required
@require_GET
def accueil(request):
    """The home page of the user's main role."""
    user = request.user
    role = user.role_principal
    if role == Role.TRAVAILLEUR_SOCIAL:  # a social worker lands on their caseload (docs/accompagnement.md)
        return redirect("accompagnement:mes_accompagnements")
    contexte = {"role": role, "adhesions": user.adhesions_actives(), "peut_accueillir": user.peut("accueillir")}
    contexte.update(mes_lieux=None, reseau=None, premiers_accueils=None, a_repondre=None)  # each role fills its own
    if role in (Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT):
        lieux = [m.lieu_habituel for m in contexte["adhesions"] if m.lieu_habituel_id]
        structures = user.structures_actives_ids()
        contexte["mes_lieux"] = lieux or list(lieux_visibles_par(user).filter(structure_id__in=structures)[:5])
    if role in (Role.CHEF_DE_PROJET, Role.ADMINISTRATEUR, Role.ENCADRANT):
        communes = Commune.objects.du_departement(request.collectivite.departement_id)
        totaux = communes.aggregate(n=Count("code"), population=Sum("population"))
        sectorisees = Sectorisation.objects.aggregate(n=Count("id"), population=Sum("commune__population"))
        contexte["reseau"] = {
            "structures": structures_visibles_par(user).count(),
            "par_type": [
                (TypeStructure(ligne["type"]).label, ligne["n"])
                for ligne in structures_visibles_par(user).values("type").annotate(n=Count("id")).order_by("-n", "type")
            ],
            "lieux": lieux_visibles_par(user).count(),
            "premier_accueil": lieux_visibles_par(user).de_premier_accueil().count(),
            "tis": tis_visibles_par(user).count(),
            "communes": totaux["n"],
            "population": totaux["population"] or 0,
            "communes_sectorisees": sectorisees["n"],
            "population_sectorisee": sectorisees["population"] or 0,
        }
    if role == Role.PARTENAIRE:
        # a partner leads with the orientations waiting for its answer (docs/accueil.md §4)
        a_repondre = orientations_a_repondre(user)
        contexte["a_repondre"] = list(a_repondre[:20])
        contexte["a_repondre_total"] = a_repondre.count()
        contexte["premiers_accueils"] = lieux_visibles_par(user).de_premier_accueil().select_related("commune")[:10]
    return render(request, "portail/accueil.html", contexte)


@require_GET
@integrable
def accueil_public(request, collectivite_slug):
    """The collectivité's public page: the finder (cartographie.recherche) and every reception point, no login."""
    from cartographie.views import recherche_publique

    lieux = LieuAccueil.objects.de_premier_accueil().select_related("commune", "structure").order_by("commune__nom")
    return render(request, "portail/public.html", {"lieux": lieux, **recherche_publique(request)})


@require_GET
@cache_control(max_age=3600, public=True)
def theme(request, collectivite_slug):
    """The tenant's colours as CSS custom properties (a file, so the CSP needs no inline style)."""
    css = render_to_string("portail/theme.css", {"collectivite": request.collectivite})
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
@cache_control(max_age=3600, public=True)
def logo(request, collectivite_slug):
    """The collectivité's logo, served through a view (never a raw media URL), as an image attachment-safe type."""
    fichier = request.collectivite.logo
    if not fichier:
        raise Http404("Pas de logo.")
    reponse = FileResponse(
        fichier.open("rb"), content_type=f"image/{fichier.name.rsplit('.', 1)[-1].replace('jpg', 'jpeg')}"
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def parametres(request):
    collectivite = request.collectivite
    form = ParametresForm(request.POST or None, request.FILES or None, instance=collectivite)
    if request.method == "POST":
        if form.is_valid():
            do_modifier_parametres(request.user, collectivite, **form.cleaned_data)
            messages.success(request, "Paramètres enregistrés.")
            return redirect("portail:parametres")
        collectivite.refresh_from_db()  # an invalid form must not leak half-applied values into the page
    return render(request, "portail/parametres.html", {"form": form})


@require_GET
@permission_requise("exporter_dossier")
def export_dossier(request, pk):
    """The person's whole file as a ZIP (right of access), logged like every read."""
    from usagers.access import get_usager_for_user, journaliser
    from usagers.models import JournalAcces

    from .export import exporter

    usager = get_usager_for_user(request.user, pk)
    contenu = exporter(request.user, usager)
    journaliser(request.user, usager, JournalAcces.Action.EXPORT, f"dossier:{usager.pk}")
    reponse = HttpResponse(contenu, content_type="application/zip")
    reponse["Content-Disposition"] = f'attachment; filename="dossier-{usager.pk}-{timezone.localdate():%Y%m%d}.zip"'
    return reponse


@require_GET
@integrable
def charte_publique(request, collectivite_slug):
    """The charter in force and its signatories, for everyone."""
    from reseau.affichage import markdown_sur
    from reseau.models import Charte, Signature

    charte = Charte.objects.filter(publiee_le__isnull=False, retiree_le__isnull=True).order_by("-version").first()
    signatures = Signature.objects.filter(charte=charte).select_related("structure").order_by("structure__nom")
    return render(
        request,
        "portail/charte_publique.html",
        {"charte": charte, "texte": markdown_sur(charte.texte) if charte else "", "signatures": signatures},
    )


@require_http_methods(["GET", "POST"])
@permission_requise("accueillir")
def droit_acces_usager(request, pk):
    """The person's right-of-access requests; an encadrant records a new one (docs/securite.md §14)."""
    from usagers.access import get_usager_for_user

    from .access import demandes_visibles_par
    from .actions import do_enregistrer_demande
    from .forms import DemandeAccesForm

    usager = get_usager_for_user(request.user, pk)
    peut_enregistrer = request.user.peut("exporter_dossier")
    form = DemandeAccesForm(request.POST or None)
    if request.method == "POST":
        if not peut_enregistrer:
            raise PermissionDenied("Seul un encadrant enregistre une demande d'accès.")
        if form.is_valid():
            try:
                demande = do_enregistrer_demande(request.user, usager, form.cleaned_data["recue_le"])
            except ValidationError as e:
                form.add_error("recue_le", e)
            else:
                messages.success(request, "Demande enregistrée : chaque structure concernée libère sa partie.")
                return redirect("portail:droit_acces_demande", pk=demande.pk)
    demandes = demandes_visibles_par(request.user).filter(usager=usager).order_by("-enregistree_le", "-pk")
    return render(
        request,
        "portail/droit_acces_usager.html",
        {"usager": usager, "demandes": demandes, "form": form, "peut_enregistrer": peut_enregistrer},
    )


@require_GET
@permission_requise("accueillir")
def droit_acces(request):
    """The parts waiting for me to release them, and the requests I may follow."""
    from usagers.lecture import noter

    from .access import demandes_visibles_par, participe_au_droit_d_acces, parties_a_liberer_par

    if not participe_au_droit_d_acces(request.user):
        raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
    parties = list(
        parties_a_liberer_par(request.user)
        .filter(liberee_le__isnull=True)
        .select_related("demande__usager", "structure")
        .order_by("demande__recue_le", "pk")
    )
    demandes = list(
        demandes_visibles_par(request.user)
        .filter(remise_le__isnull=True)
        .select_related("usager")
        .order_by("recue_le", "pk")
    )
    noter([p.demande.usager_id for p in parties] + [d.usager_id for d in demandes], "droit-acces")
    return render(request, "portail/droit_acces.html", {"parties": parties, "demandes": demandes})


@require_GET
@permission_requise("accueillir")
def droit_acces_demande(request, pk):
    from .access import get_demande_for_user, parties_a_liberer_par

    demande = get_demande_for_user(request.user, pk)
    a_liberer = set(parties_a_liberer_par(request.user).filter(demande=demande).values_list("pk", flat=True))
    parties = demande.parties.select_related("structure", "liberee_par").order_by("pk")
    return render(
        request,
        "portail/droit_acces_demande.html",
        {
            "demande": demande,
            "usager": demande.usager,
            "parties": [(p, p.pk in a_liberer and not p.liberee) for p in parties],
            "peut_remettre": request.user.peut("exporter_dossier") and demande.complete,
        },
    )


@require_POST
@permission_requise("accueillir")
def droit_acces_liberer(request, pk, partie_id):
    from .access import get_demande_for_user
    from .actions import do_liberer

    demande = get_demande_for_user(request.user, pk)
    partie = get_object_or_404(demande.parties.all(), pk=partie_id)
    try:
        do_liberer(request.user, partie)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, f"Partie « {partie} » libérée.")
    return redirect("portail:droit_acces_demande", pk=demande.pk)


@require_GET
@permission_requise("exporter_dossier")
def droit_acces_reponse(request, pk):
    """The whole answer, once every part is released."""
    from .access import get_demande_for_user
    from .actions import do_remettre

    demande = get_demande_for_user(request.user, pk)
    try:
        contenu = do_remettre(request.user, demande)
    except ValidationError as e:
        messages.error(request, e.messages[0])
        return redirect("portail:droit_acces_demande", pk=demande.pk)
    reponse = HttpResponse(contenu, content_type="application/zip")
    reponse["Content-Disposition"] = f'attachment; filename="droit-acces-{demande.pk}-{demande.usager_id}.zip"'
    return reponse
