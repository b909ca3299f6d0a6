from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collectivites.views import nomenclature
from comptes.decorators import permission_requise
from config.bornes import identifiant_or_404
from config.pagination import paginer
from usagers.access import get_usager_for_user, journaliser
from usagers.lecture import noter
from usagers.models import JournalAcces

from . import access, actions, historique
from .enums import Porteur, StatutAction
from .forms import (
    ActionForm,
    CloturerForm,
    ContratForm,
    DepotForm,
    EnqueteExpulsionForm,
    EntretienForm,
    EvaluationIPForm,
    MembreForm,
    ObjectifForm,
    OuvrirForm,
    StatutActionForm,
    ThemeForm,
)
from .models import (
    CODE_EVALUATION_IP,
    CODE_PREVENTION_EXPULSIONS,
    Accompagnement,
    Action,
    DocumentPlan,
    Entretien,
    MembreGroupe,
    NotePrivee,
    Objectif,
    Theme,
    TypeAccompagnement,
)
from .propositions import propositions


def _erreurs(request, form):
    for champ, erreurs in form.errors.items():
        libelle = form.fields[champ].label if champ in form.fields else ""
        for e in erreurs:
            messages.error(request, f"{libelle} : {e}" if libelle else e)


def _retour(accompagnement, ancre=""):
    return redirect(f"/accompagnements/{accompagnement.pk}/{ancre}")


@require_GET
@permission_requise("accompagner")
def mes_accompagnements(request):
    """My caseload: next and overdue actions, and people without contact for N months."""
    user = request.user
    jour = timezone.localdate()
    seuil = timezone.now() - timezone.timedelta(days=30 * request.collectivite.mois_sans_contact_alerte)
    qs = access.accompagnements_visibles_par(user).filter(groupe__utilisateur=user, groupe__date_fin__isnull=True)
    filtre = request.GET.get("filtre", "ouverts")
    if filtre == "ouverts":
        qs = qs.ouverts()
    elif filtre == "clos":
        qs = qs.clos()
    qs = qs.select_related("usager", "type", "structure", "referent").avec_suivi(jour)
    if filtre == "retard":
        qs = qs.en_retard()
    elif filtre == "sans_contact":
        qs = qs.sans_contact_depuis(seuil)
    page = paginer(request, qs.order_by("usager__nom", "pk"))
    noter([a.usager_id for a in page], "accompagnements")
    return render(
        request,
        "accompagnement/mes_accompagnements.html",
        {
            "page": page,
            "filtre": filtre,
            "seuil": seuil,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def ouvrir(request):
    # docs/securite.md §21: ids read from the query string are checked (a bad one is a 404, never a server error)
    usager = get_usager_for_user(
        request.user, identifiant_or_404(request.GET.get("usager") or request.POST.get("usager"))
    )
    structures = request.user.structures_actives_ids()
    form = OuvrirForm(
        request.POST or None,
        user=request.user,
        structures_utilisateur=structures,
        initial={"date_debut": timezone.localdate(), "structure": structures[0] if structures else None},
    )
    passage = request.GET.get("passage") or request.POST.get("passage")
    passage = identifiant_or_404(passage) if passage else None
    existants = []
    if request.method == "POST" and form.is_valid():
        existants = list(actions.ouverts_du_meme_type(usager, form.cleaned_data["type"]))
        if existants and not form.cleaned_data["confirmer_doublon"]:
            form.add_error(None, "Un accompagnement de ce type est déjà ouvert pour cette personne.")
        else:
            try:
                accompagnement = actions.do_ouvrir(request.user, usager, form.cleaned_data, passage)
            except PermissionDenied as e:
                form.add_error("type", str(e))
            else:
                messages.success(request, "Accompagnement ouvert : construisez le plan d'action avec la personne.")
                return _retour(accompagnement)
    visibles = set(access.accompagnements_visibles_par(request.user).filter(usager=usager).values_list("pk", flat=True))
    contexte = {
        "form": form,
        "usager": usager,
        "passage": passage,
        "existants": [{"accompagnement": a, "lien": a.pk in visibles} for a in existants],
    }
    return render(request, "accompagnement/ouvrir.html", contexte)


@require_GET
@permission_requise("accompagner")
def detail(request, pk):
    user = request.user
    accompagnement = access.get_accompagnement_for_user(user, pk)
    journaliser(user, accompagnement.usager, JournalAcces.Action.CONSULTATION, f"accompagnement:{pk}")
    membre = access.est_membre_actif(user, accompagnement)
    peut_modifier = access.peut_modifier(user, accompagnement)
    themes = Theme.objects.filter(accompagnement=accompagnement).prefetch_related(
        Prefetch(
            "objectifs",
            queryset=Objectif.objects.prefetch_related(
                Prefetch("actions", queryset=Action.objects.select_related("structure_porteuse"))
            ),
        )
    )
    themes = list(themes)
    saisie_theme = _reprendre_saisie(request, accompagnement, themes)
    entretiens = list(Entretien.objects.filter(accompagnement=accompagnement).select_related("auteur"))
    notes = {n.entretien_id: n.texte for n in NotePrivee.objects.de(user).filter(entretien__in=entretiens)}
    for e in entretiens:
        e.ma_note = notes.get(e.pk)
    actions_ouvertes = (
        Action.objects.filter(objectif__theme__accompagnement=accompagnement)
        .a_venir()
        .select_related("structure_porteuse")
    )
    return render(
        request,
        "accompagnement/detail.html",
        {
            "a": accompagnement,
            "themes": themes,
            "entretiens": entretiens,
            "membre": membre,
            "peut_modifier": peut_modifier,
            "propositions": propositions(user, accompagnement, peut_modifier),
            "groupe": MembreGroupe.objects.filter(accompagnement=accompagnement).select_related(
                "utilisateur", "structure"
            ),
            "en_retard": [a for a in actions_ouvertes if a.en_retard],
            "a_venir": [a for a in actions_ouvertes if not a.en_retard][:5],
            "theme_form": ThemeForm(),
            "contrat_form": ContratForm(accompagnement=accompagnement),
            "saisie_theme": saisie_theme,
            "objectif_form": ObjectifForm(),
            "action_form": ActionForm(),
            "statut_form": StatutActionForm(),
            "membre_form": MembreForm(collectivite=request.collectivite),
            "statuts": StatutAction.choices,
            "porteurs": Porteur.choices,
            "est_encadrant": user.peut("encadrer"),
            "documents": DocumentPlan.objects.filter(accompagnement=accompagnement).select_related("demande_par"),
            "historique": historique.lignes(accompagnement),
        },
    )


def _ecrire(request, pk, fonction):
    """Run one write on a support the user may see; a refusal or bad input is a French message, nothing written."""
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    try:
        fonction(accompagnement)
    except PermissionDenied as e:
        raise PermissionDenied(str(e)) from e
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    return accompagnement


def _poster(request, pk, form, ecrire, ancre, saisie=None):
    """A form posted on a support's page: the support is looked up first (404), then the form is checked.
    ``saisie`` names a plan item (« theme », « objectif », « action »): when it is refused, what was typed is kept in
    the session for the page to show it again, once."""
    refus = []

    def si_valide(a):
        if not form.is_valid():
            refus.append(True)
            return _erreurs(request, form)
        try:
            return ecrire(a, form.cleaned_data)
        except ValidationError:
            refus.append(True)
            raise

    accompagnement = _ecrire(request, pk, si_valide)
    if refus and saisie:
        tape = {champ: request.POST.get(champ, "")[:250] for champ in form.fields}
        request.session[_CLE_SAISIE.format(accompagnement.pk)] = {"quoi": saisie, **tape}
    return _retour(accompagnement, ancre)


_CLE_SAISIE = "saisie_plan_{}"


def _reprendre_saisie(request, accompagnement, themes):
    """What a refused plan item had typed, attached to the theme or objective whose form it was (see _poster)."""
    saisie = request.session.pop(_CLE_SAISIE.format(accompagnement.pk), None)
    if not saisie:
        return None
    if saisie["quoi"] == "theme":
        return saisie
    for theme in themes:
        if saisie["quoi"] == "objectif" and str(theme.pk) == saisie.get("theme"):
            theme.saisie = saisie
        for objectif in theme.objectifs.all():
            if saisie["quoi"] == "action" and str(objectif.pk) == saisie.get("objectif"):
                objectif.saisie = saisie
    return None


@require_POST
@permission_requise("accompagner")
def ajouter_theme(request, pk):
    return _poster(
        request,
        pk,
        ThemeForm(request.POST),
        lambda a, d: actions.do_ajouter_theme(request.user, a, d["libelle"]),
        "#plan",
        saisie="theme",
    )


@require_POST
@permission_requise("accompagner")
def ajouter_objectif(request, pk):
    def ecrire(a, d):
        theme = get_object_or_404(Theme, pk=d["theme"], accompagnement=a)
        actions.do_ajouter_objectif(request.user, theme, d["libelle"], d["date_accord"])

    return _poster(request, pk, ObjectifForm(request.POST), ecrire, "#plan", saisie="objectif")


@require_POST
@permission_requise("accompagner")
def ajouter_action(request, pk):
    def ecrire(a, d):
        objectif = get_object_or_404(Objectif, pk=d["objectif"], theme__accompagnement=a)
        actions.do_ajouter_action(request.user, objectif, d)

    return _poster(request, pk, ActionForm(request.POST), ecrire, "#plan", saisie="action")


@require_POST
@permission_requise("accompagner")
def statut_action(request, pk, action_id):
    def ecrire(a, d):
        action = get_object_or_404(Action, pk=action_id, objectif__theme__accompagnement=a)
        actions.do_changer_statut_action(request.user, action, d["statut"], d["resultat"])

    return _poster(request, pk, StatutActionForm(request.POST), ecrire, "#plan")


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def nouvel_entretien(request, pk):
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    form = EntretienForm(
        request.POST or None, initial={"date": timezone.localtime().replace(second=0, microsecond=0), "canal": "bureau"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_consigner_entretien(request.user, accompagnement, form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Entretien consigné.")
            return _retour(accompagnement, "#entretiens")
    return render(request, "accompagnement/entretien.html", {"a": accompagnement, "form": form})


@require_POST
@permission_requise("accompagner")
def ajouter_membre(request, pk):
    return _poster(
        request,
        pk,
        MembreForm(request.POST, collectivite=request.collectivite),
        lambda a, d: actions.do_ajouter_membre(request.user, a, d["utilisateur"], d["structure"]),
        "#groupe",
    )


@require_POST
@permission_requise("accompagner")
def retirer_membre(request, pk, membre_id):
    def ecrire(a):
        membre = get_object_or_404(MembreGroupe, pk=membre_id, accompagnement=a)
        actions.do_retirer_membre(request.user, membre)

    return _retour(_ecrire(request, pk, ecrire), "#groupe")


@require_POST
@permission_requise("encadrer")
def remplacer_referent(request, pk):
    return _poster(
        request,
        pk,
        MembreForm(request.POST, collectivite=request.collectivite),
        lambda a, d: actions.do_remplacer_referent(request.user, a, d["utilisateur"], d["structure"]),
        "#groupe",
    )


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def cloturer(request, pk):
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    form = CloturerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_cloturer(
                request.user, accompagnement, form.cleaned_data["issue"], form.cleaned_data["commentaire"]
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Accompagnement clos.")
            return _retour(accompagnement)
    return render(request, "accompagnement/cloturer.html", {"a": accompagnement, "form": form})


@require_POST
@permission_requise("accompagner")
def rouvrir(request, pk):
    return _retour(_ecrire(request, pk, lambda a: actions.do_rouvrir(request.user, a)))


@require_POST
@permission_requise("accompagner")
def generer_plan(request, pk):
    """Ask the worker for the plan as a PDF (contrat d'engagement); it appears in the documents once rendered."""
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    form = ContratForm(request.POST, accompagnement=accompagnement)
    if not form.is_valid():
        _erreurs(request, form)
        return _retour(accompagnement, "#documents")
    actions.do_demander_plan_pdf(request.user, accompagnement, termes=form.cleaned_data)
    messages.success(request, "Le contrat d'engagement est en préparation : il apparaîtra dans les documents.")
    return _retour(accompagnement, "#documents")


@require_GET
@permission_requise("accompagner")
def document(request, pk, document_id):
    """Documents are served only through this view, after the access check, as attachments (docs/securite.md §8,
    §24)."""
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    doc = get_object_or_404(DocumentPlan, pk=document_id, accompagnement=accompagnement, genere_le__isnull=False)
    journaliser(request.user, accompagnement.usager, JournalAcces.Action.PDF, f"document:{doc.pk}")
    return FileResponse(
        doc.fichier.open("rb"),
        as_attachment=True,
        filename=doc.fichier.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


@require_GET
@permission_requise("encadrer")
def equipe(request):
    """The encadrant's team view: open supports per referent, and those left without one (reassign them)."""
    jour = timezone.localdate()
    qs = Accompagnement.objects.filter(structure_id__in=request.user.structures_actives_ids()).ouverts()
    if not request.user.peut("protection_enfance"):
        qs = qs.non_confidentiels()
    par_referent = qs.par_referent(jour)
    sans_referent = qs.filter(referent__isnull=True).select_related("usager", "type").order_by("date_debut", "pk")
    page = paginer(request, sans_referent)
    noter([a.usager_id for a in page], "equipe")
    return render(request, "accompagnement/equipe.html", {"par_referent": par_referent, "page": page})


def _procedure(request, pk, code_type, form_class, attribut, gabarit):
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    if accompagnement.type.code != code_type:
        raise Http404("Ce volet n'existe pas pour ce type d'accompagnement.")
    instance = getattr(accompagnement, attribut)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_enregistrer_procedure(request.user, accompagnement, form._meta.model, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Enregistré.")
            return _retour(accompagnement)
    return render(
        request,
        gabarit,
        {
            "a": accompagnement,
            "form": form,
            "existe": instance is not None,
            "titre": form._meta.model._meta.verbose_name,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def enquete_expulsion(request, pk):
    return _procedure(
        request,
        pk,
        CODE_PREVENTION_EXPULSIONS,
        EnqueteExpulsionForm,
        "enquete_expulsion",
        "accompagnement/procedure.html",
    )


@require_http_methods(["GET", "POST"])
@permission_requise("protection_enfance")
def evaluation_ip(request, pk):
    return _procedure(
        request, pk, CODE_EVALUATION_IP, EvaluationIPForm, "evaluation_ip", "accompagnement/procedure.html"
    )


@require_POST
@permission_requise("accompagner")
def rapport_expulsion(request, pk):
    accompagnement = access.get_accompagnement_for_user(request.user, pk)
    if accompagnement.enquete_expulsion is None:
        raise Http404("Pas d'enquête à rapporter.")
    actions.do_demander_plan_pdf(request.user, accompagnement, nature=DocumentPlan.Nature.RAPPORT_EXPULSION)
    messages.success(request, "Le rapport d'enquête est en préparation : il apparaîtra dans les documents.")
    return _retour(accompagnement, "#documents")


@require_POST
@permission_requise("accompagner")
def deposer(request, pk):
    def ecrire(a, d):
        actions.do_deposer_document(request.user, a, d["fichier"])
        messages.success(request, "Document déposé.")

    return _poster(request, pk, DepotForm(request.POST, request.FILES), ecrire, "#documents")


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def types(request, pk=None):
    """The collectivité's nomenclature of types of support: rename, switch off, add (collectivites.nomenclature)."""
    return nomenclature(request, TypeAccompagnement, "Types d'accompagnement", "accompagnement:types", pk)
