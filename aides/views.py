"""Pages of the aids (docs/aides.md). Thin: parse, authorise through access.py, call actions.py, render."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompagnement.access import get_accompagnement_for_user
from accueil.access import get_passage_for_user
from comptes.decorators import permission_requise
from config.bornes import annee as valider_annee
from config.bornes import identifiant_or_404
from config.exports import reponse_csv, reponse_xlsx
from config.pagination import paginer
from config.secret_statistique import SECRET
from usagers.access import get_usager_for_user, journaliser
from usagers.lecture import noter
from usagers.models import JournalAcces

from . import access, actions, budget, contrepartie, epicerie, statistiques
from .enums import Decideur, StatutDemande, StatutHeures
from .forms import (
    AchatForm,
    AnneeForm,
    BonsForm,
    CommissionForm,
    DecisionForm,
    DeclarationHeuresForm,
    DemandeForm,
    DispositifForm,
    EcheancierForm,
    ExamenForm,
    HeuresForm,
    InscriptionForm,
    InstructionForm,
    PaiementForm,
    RapportForm,
    RevueForm,
    SituationForm,
    UrgenceForm,
    ValidationHeuresForm,
    VersementForm,
)
from .models import (
    Bon,
    Decision,
    Demande,
    Dispositif,
    DocumentAide,
    Echeance,
    Habilitation,
    HeuresContrepartie,
    SituationFoyer,
)


def _messages_erreur(request, erreur):
    for m in erreur.messages:
        messages.error(request, m)


def _erreurs_form(request, form):
    for champ, erreurs in form.errors.items():
        libelle = form.fields[champ].label if champ in form.fields else ""
        for e in erreurs:
            messages.error(request, f"{libelle} : {e}" if libelle else e)


def _ajouter_erreurs(form, erreur):
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur)


@require_GET
@login_required
def index(request):
    """The applications the user may read, newest first."""
    qs = access.demandes_visibles_par(request.user).select_related("usager", "dispositif", "instructeur")
    statut = request.GET.get("statut", "")
    if statut in StatutDemande.values:
        qs = qs.filter(statut=statut)
    page = paginer(request, qs.order_by("-deposee_le", "-pk"))
    noter([d.usager_id for d in page], "aides")
    return render(request, "aides/index.html", {"page": page, "statut": statut, "statuts": StatutDemande.choices})


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def dispositifs(request):
    user = request.user
    structures = user.structures_actives_ids() if user.peut("encadrer") else ()
    form = DispositifForm(request.POST or None, structures=structures) if structures else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les encadrants créent un dispositif.")
        if form.is_valid():
            donnees = {k: v for k, v in form.cleaned_data.items() if k != "structure"}
            try:
                dispositif = actions.do_creer_dispositif(user, form.cleaned_data["structure"], donnees)
            except ValidationError as e:
                _ajouter_erreurs(form, e)
            else:
                messages.success(request, f"Dispositif « {dispositif.nom} » créé.")
                return redirect("aides:dispositifs")
    page = paginer(
        request,
        access.dispositifs_visibles_par(user).select_related("structure").order_by("structure__nom", "nom", "pk"),
    )
    return render(request, "aides/dispositifs.html", {"page": page, "form": form})


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def situation(request):
    usager = get_usager_for_user(
        request.user, identifiant_or_404(request.GET.get("usager") or request.POST.get("usager"))
    )
    actuelle = actions.situation_actuelle(usager)
    initial = {"date": timezone.localdate()}
    if actuelle:
        initial.update(
            {
                f: getattr(actuelle, f)
                for f in ("source", "type_foyer", "autres_14_plus", "moins_14", "ressources", "charges", "detail")
            }
        )
    form = SituationForm(request.POST or None, initial=initial)
    suite = request.GET.get("suite") or request.POST.get("suite") or ""
    if request.method == "POST" and form.is_valid():
        donnees = {f: form.cleaned_data[f] for f in SituationForm.Meta.fields}
        try:
            actions.do_enregistrer_situation(request.user, usager, donnees)
        except ValidationError as e:
            _ajouter_erreurs(form, e)
        else:
            messages.success(request, "Situation du foyer enregistrée : elle servira aux prochaines demandes.")
            return redirect(f"/aides/nouvelle/?usager={usager.pk}" if suite == "demande" else f"/usagers/{usager.pk}/")
    historique = SituationFoyer.objects.filter(usager=usager).order_by("-date", "-pk")[:5]
    return render(
        request,
        "aides/situation.html",
        {"form": form, "usager": usager, "actuelle": actuelle, "historique": historique, "suite": suite},
    )


@require_http_methods(["GET", "POST"])
@permission_requise("accompagner")
def deposer(request):
    user = request.user
    parametre = request.GET if request.method == "GET" else request.POST
    usager = get_usager_for_user(user, identifiant_or_404(parametre.get("usager")))
    accompagnement = None
    if parametre.get("accompagnement"):
        accompagnement = get_accompagnement_for_user(user, identifiant_or_404(parametre.get("accompagnement")))
    passage = None
    if parametre.get("passage"):
        passage = get_passage_for_user(user, identifiant_or_404(parametre["passage"]))
        # a passage whose person the user may not read (docs/securite.md §4) is not theirs to use: no oracle
        if passage.usager_id != usager.pk or not passage.nom_visible:
            raise Http404("Ce passage est celui d'une autre personne.")
    situation_foyer = actions.situation_actuelle(usager)
    form = DemandeForm(request.POST or None, dispositifs=access.dispositifs_visibles_par(user))
    if request.method == "POST" and form.is_valid():
        donnees = {f: form.cleaned_data[f] for f in ("objet", "montant_demande", "evaluation")}
        try:
            demande = actions.do_deposer(
                user,
                usager,
                form.cleaned_data["dispositif"],
                donnees,
                accompagnement=accompagnement,
                passage=passage,
                jeton=None,
            )
        except ValidationError as e:
            _ajouter_erreurs(form, e)
        else:
            messages.success(request, "Demande enregistrée : les règles du dispositif ont été vérifiées.")
            return redirect("aides:demande", pk=demande.pk)
    return render(
        request,
        "aides/deposer.html",
        {
            "form": form,
            "usager": usager,
            "situation": situation_foyer,
            "accompagnement": accompagnement,
            "passage": passage,
        },
    )


@require_GET
@login_required
def demande(request, pk):
    user = request.user
    d = access.get_demande_for_user(user, pk)
    journaliser(user, d.usager, JournalAcces.Action.CONSULTATION, f"aide:{pk}")
    decisions = list(
        Decision.objects.filter(demande=d).select_related("commission", "decidee_par").prefetch_related("lettres")
    )
    accordee = next((x for x in decisions if x.est_accordee), None)
    habilitation = Habilitation.objects.filter(dispositif=d.dispositif_id, utilisateur=user).first()
    return render(
        request,
        "aides/demande.html",
        {
            "d": d,
            "decisions": decisions,
            "accordee": accordee,
            "versements": accordee.versements.select_related("enregistre_par") if accordee else [],
            "bons": accordee.bons.all() if accordee else [],
            "echeances": accordee.echeances.all() if accordee else [],
            "heures": accordee.heures.select_related("structure_hote", "validee_par") if accordee else [],
            "heures_totaux": contrepartie.totaux(accordee) if accordee else None,
            "heures_form": HeuresForm(initial={"date": timezone.localdate()}),
            "carte": epicerie.carte(accordee) if accordee and d.dispositif.est_epicerie else None,
            "achats": accordee.achats.all() if accordee else [],
            "revue": accordee.revues.select_related("revue_par").first() if accordee else None,
            "achat_form": AchatForm(initial={"date": timezone.localdate()}),
            "examens": accordee.examens.all() if accordee else [],
            "examen_form": ExamenForm(),
            "revue_form": RevueForm(),
            "peut_suivre": access.peut_suivre(user, d),
            "habilitation": habilitation if d.dispositif.decideur == Decideur.HABILITE else None,
            "instruction_form": InstructionForm(initial={"evaluation": d.evaluation}),
            "urgence_form": UrgenceForm(),
            "versement_form": VersementForm(
                initial={"date": timezone.localdate(), "montant": accordee and accordee.montant}
            ),
            "bons_form": BonsForm(),
            "echeancier_form": EcheancierForm(),
            "aujourd_hui": timezone.localdate(),
        },
    )


def _poster_sur_demande(request, pk, form, ecrire):
    """A form posted on an application's page: looked up first (404), then checked; a refusal or bad input is a
    French message naming the field, nothing written."""
    d = access.get_demande_for_user(request.user, pk)
    if not form.is_valid():
        _erreurs_form(request, form)
    else:
        try:
            ecrire(d, form.cleaned_data)
        except ValidationError as e:
            _messages_erreur(request, e)
        else:
            messages.success(request, "Enregistré.")
    return redirect("aides:demande", pk=d.pk)


@require_POST
@login_required
def instruire(request, pk):
    return _poster_sur_demande(
        request, pk, InstructionForm(request.POST), lambda d, c: actions.do_instruire(request.user, d, c["evaluation"])
    )


@require_POST
@login_required
def urgence(request, pk):
    return _poster_sur_demande(
        request, pk, UrgenceForm(request.POST), lambda d, c: actions.do_decider_urgence(request.user, d, c)
    )


def _accordee(d):
    decision = Decision.objects.filter(demande=d).accordees().first()
    if decision is None:
        raise ValidationError("Cette demande n'a pas d'aide accordée.")
    return decision


@require_POST
@login_required
def verser(request, pk):
    return _poster_sur_demande(
        request, pk, VersementForm(request.POST), lambda d, c: actions.do_verser(request.user, _accordee(d), c)
    )


@require_POST
@login_required
def bons(request, pk):
    return _poster_sur_demande(
        request,
        pk,
        BonsForm(request.POST),
        lambda d, c: actions.do_emettre_bons(request.user, _accordee(d), c["nombre"], c["expire_le"]),
    )


@require_POST
@login_required
def utiliser_bon(request, pk, bon_id):
    d = access.get_demande_for_user(request.user, pk)
    bon = get_object_or_404(Bon, pk=bon_id, decision__demande=d)
    try:
        actions.do_utiliser_bon(request.user, bon)
    except ValidationError as e:
        _messages_erreur(request, e)
    else:
        messages.success(request, f"Chèque n° {bon.numero} utilisé.")
    return redirect("aides:demande", pk=d.pk)


@require_POST
@login_required
def echeancier(request, pk):
    return _poster_sur_demande(
        request,
        pk,
        EcheancierForm(request.POST),
        lambda d, c: actions.do_etablir_echeancier(request.user, _accordee(d), c["premiere_echeance"]),
    )


@require_POST
@login_required
def payer(request, pk, echeance_id):
    d = access.get_demande_for_user(request.user, pk)
    echeance = get_object_or_404(Echeance, pk=echeance_id, decision__demande=d)
    return _poster_sur_demande(
        request,
        pk,
        PaiementForm(request.POST),
        lambda d, c: actions.do_payer_echeance(request.user, echeance, c["payee_le"], c["incident"]),
    )


@require_GET
@login_required
def document(request, document_id):
    """Served only through this view, after the access check, as attachments (docs/securite.md §8, §24)."""
    doc = get_object_or_404(DocumentAide, pk=document_id, genere_le__isnull=False)
    if doc.type == DocumentAide.Type.RAPPORT:  # figures only, under the small-cell rule: nothing to log
        if not access.gere_la_structure(request.user, doc.structure_id):
            raise Http404("Rapport introuvable.")
    elif doc.type == DocumentAide.Type.LETTRE:
        d = access.get_demande_for_user(request.user, doc.decision.demande_id)
        journaliser(request.user, d.usager, JournalAcces.Action.PDF, f"aide-document:{doc.pk}")
    else:
        commission = access.get_commission_for_user(request.user, doc.commission_id)
        for usager_id in commission.decisions.values_list("demande__usager_id", flat=True):
            journaliser(request.user, usager_id, JournalAcces.Action.PDF, f"aide-pv:{doc.pk}")
    return FileResponse(
        doc.fichier.open("rb"),
        as_attachment=True,
        filename=doc.fichier.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


@require_http_methods(["GET", "POST"])
@login_required
def commissions(request):
    user = request.user
    structures = user.structures_actives_ids() if user.peut("encadrer") else ()
    form = CommissionForm(request.POST or None, structures=structures) if structures else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Seuls les encadrants convoquent une commission.")
        if form.is_valid():
            c = form.cleaned_data
            try:
                commission = actions.do_creer_commission(user, c["structure"], c["date"], c["lieu"], c["membres"])
            except ValidationError as e:
                _ajouter_erreurs(form, e)
            else:
                messages.success(request, f"{commission} créée.")
                return redirect("aides:commission", pk=commission.pk)
    page = paginer(request, access.commissions_visibles_par(user).select_related("structure").order_by("-date", "-pk"))
    return render(request, "aides/commissions.html", {"page": page, "form": form})


@require_GET
@login_required
def commission(request, pk):
    user = request.user
    c = access.get_commission_for_user(user, pk)
    ordre = list(c.ordre_du_jour.select_related("usager", "dispositif", "instructeur").order_by("deposee_le", "pk"))
    decisions = list(c.decisions.select_related("demande__usager", "demande__dispositif").order_by("pk"))
    urgentes = list(
        Decision.objects.filter(urgente=True, demande__dispositif__structure=c.structure)
        .filter(rapportee_a=c if c.est_close else None)
        .select_related("demande__usager", "demande__dispositif", "decidee_par")
        .order_by("decidee_le", "pk")
    )
    noter([d.usager_id for d in ordre] + [x.demande.usager_id for x in decisions + urgentes], f"commission:{pk}")
    gere = access.gere_la_structure(user, c.structure_id)
    a_inscrire = None
    if gere and not c.est_close:
        a_inscrire = InscriptionForm(
            demandes=Demande.objects.filter(
                dispositif__structure=c.structure,
                statut__in=[StatutDemande.DEPOSEE, StatutDemande.INSTRUITE, StatutDemande.AJOURNEE],
            )
            .select_related("usager", "dispositif")
            .order_by("deposee_le", "pk")
        )
    return render(
        request,
        "aides/commission.html",
        {
            "c": c,
            "ordre": ordre,
            "decisions": decisions,
            "urgentes": urgentes,
            "membres": c.membres.order_by("nom", "prenom", "pk"),
            "peut_deliberer": access.peut_deliberer(user, c) and not c.est_close,
            "gere": gere,
            "inscription_form": a_inscrire,
            "decision_form": DecisionForm(),
            "documents": DocumentAide.objects.filter(commission=c, genere_le__isnull=False),
        },
    )


@require_POST
@login_required
def inscrire(request, pk):
    c = access.get_commission_for_user(request.user, pk)
    form = InscriptionForm(request.POST, demandes=Demande.objects.filter(dispositif__structure=c.structure))
    if not form.is_valid():
        _erreurs_form(request, form)
    else:
        try:
            actions.do_inscrire(request.user, c, form.cleaned_data["demande"])
        except ValidationError as e:
            _messages_erreur(request, e)
    return redirect("aides:commission", pk=c.pk)


@require_POST
@login_required
def decider(request, pk, demande_id):
    c = access.get_commission_for_user(request.user, pk)
    d = get_object_or_404(Demande, pk=demande_id, commission=c)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _erreurs_form(request, form)
    else:
        try:
            actions.do_decider(request.user, c, d, form.cleaned_data)
        except ValidationError as e:
            _messages_erreur(request, e)
        else:
            messages.success(request, "Décision enregistrée ; la lettre à la personne est en préparation.")
    return redirect("aides:commission", pk=c.pk)


@require_POST
@login_required
def cloturer(request, pk):
    c = access.get_commission_for_user(request.user, pk)
    try:
        actions.do_cloturer_commission(request.user, c)
    except ValidationError as e:
        _messages_erreur(request, e)
    else:
        messages.success(request, "Commission close : le procès-verbal est en préparation.")
    return redirect("aides:commission", pk=c.pk)


@require_GET
@permission_requise("accompagner")
def page_budget(request):
    try:
        annee = valider_annee(request.GET.get("annee") or timezone.localdate().year)
    except ValidationError:
        annee = timezone.localdate().year
    structures = request.user.structures_actives_ids()
    format_ = request.GET.get("format")
    if format_ == "csv":
        return reponse_csv(f"budget-aides-{annee}", budget.ENTETE, budget.lignes(structures, annee))
    if format_ == "xlsx":
        return reponse_xlsx(f"budget-aides-{annee}", budget.ENTETE, budget.lignes(structures, annee), feuille="budget")
    return render(
        request, "aides/budget.html", {"annee": annee, "dispositifs": list(budget.budgets(structures, annee))}
    )


@require_POST
@login_required
def heures(request, pk):
    return _poster_sur_demande(
        request, pk, HeuresForm(request.POST), lambda d, c: actions.do_prevoir_heures(request.user, _accordee(d), c)
    )


@require_POST
@login_required
def declarer_heures(request, pk, heures_id):
    """Planned hours declared done from the application's page (the instructing professional)."""
    d = access.get_demande_for_user(request.user, pk)
    entree = get_object_or_404(HeuresContrepartie, pk=heures_id, decision__demande=d)
    return _poster_sur_demande(
        request,
        pk,
        DeclarationHeuresForm(request.POST),
        lambda d, c: actions.do_declarer_heures(request.user, entree, c["heures"]),
    )


@require_GET
@login_required
def contreparties(request):
    """The counterpart hours the user's structures host, for their people to declare and validate (docs/aides.md
    « Bourse au permis »): the person's name, the date and the hours, nothing of the application; each read logged."""
    qs = access.heures_a_valider_par(request.user).select_related(
        "decision__demande__usager", "decision__demande__dispositif__structure", "structure_hote", "validee_par"
    )
    statut = request.GET.get("statut", StatutHeures.FAITES)
    if statut in StatutHeures.values:
        qs = qs.filter(statut=statut)
    page = paginer(request, qs.order_by("date", "pk"))
    noter([h.decision.demande.usager_id for h in page], "aides-contreparties")
    return render(
        request,
        "aides/contreparties.html",
        {
            "page": page,
            "statut": statut,
            "statuts": StatutHeures.choices,
            "aujourd_hui": timezone.localdate(),
        },
    )


def _poster_sur_heures(request, heures_id, form, ecrire):
    """A host's form on hours it hosts: looked up first (404), then checked; bad input is a French message naming the
    field, nothing written."""
    entree = access.get_heures_for_user(request.user, heures_id)
    if not form.is_valid():
        _erreurs_form(request, form)
    else:
        try:
            ecrire(entree, form.cleaned_data)
        except ValidationError as e:
            _messages_erreur(request, e)
        else:
            messages.success(request, "Enregistré.")
    retour = request.POST.get("retour")
    return redirect(f"{reverse('aides:contreparties')}?statut={retour if retour in StatutHeures.values else ''}")


@require_POST
@login_required
def declarer_contrepartie(request, heures_id):
    return _poster_sur_heures(
        request,
        heures_id,
        DeclarationHeuresForm(request.POST),
        lambda h, c: actions.do_declarer_heures(request.user, h, c["heures"]),
    )


@require_POST
@login_required
def valider_contrepartie(request, heures_id):
    def ecrire(h, c):
        if c["decision"] == "valider":
            return actions.do_valider_heures(request.user, h)
        return actions.do_refuser_heures(request.user, h, c["motif_refus"])

    return _poster_sur_heures(request, heures_id, ValidationHeuresForm(request.POST), ecrire)


def _rapports_geres(user):
    return DocumentAide.objects.filter(
        type=DocumentAide.Type.RAPPORT, structure_id__in=user.structures_actives_ids()
    ).select_related("structure", "demande_par")


@require_http_methods(["GET", "POST"])
@permission_requise("encadrer")
def rapports(request):
    """The yearly activity reports of the user's structures (docs/aides.md « Rapport d'activité »)."""
    user = request.user
    structures = user.structures_actives_ids()
    form = RapportForm(request.POST or None, structures=structures, initial={"annee": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.do_demander_rapport(user, form.cleaned_data["structure"], form.cleaned_data["annee"])
        except ValidationError as e:
            _ajouter_erreurs(form, e)
        else:
            messages.success(request, f"Le rapport d'activité {document.annee} est en préparation.")
            return redirect("aides:rapports")
    page = paginer(request, _rapports_geres(user).order_by("-demande_le", "-pk"))
    return render(request, "aides/rapports.html", {"page": page, "form": form})


@require_GET
@permission_requise("encadrer")
def progression_rapport(request, document_id):
    """The progress of a report while the worker renders it, polled by htmx."""
    document = get_object_or_404(_rapports_geres(request.user), pk=document_id)
    return render(request, "aides/_rapport.html", {"r": document})


@require_POST
@login_required
def achats(request, pk):
    return _poster_sur_demande(
        request, pk, AchatForm(request.POST), lambda d, c: actions.do_enregistrer_achat(request.user, _accordee(d), c)
    )


@require_POST
@login_required
def revue(request, pk):
    return _poster_sur_demande(
        request, pk, RevueForm(request.POST), lambda d, c: actions.do_revoir_objectifs(request.user, _accordee(d), c)
    )


@require_POST
@login_required
def examens(request, pk):
    return _poster_sur_demande(
        request, pk, ExamenForm(request.POST), lambda d, c: actions.do_enregistrer_examen(request.user, _accordee(d), c)
    )


def _cellule_affichee(valeur):
    """A statistics cell on the page: « secret » for a hidden count, numbers in French (« 1 250,50 »)."""
    if valeur is None:
        return SECRET
    if isinstance(valeur, int | float | Decimal):
        decimales = 2 if isinstance(valeur, Decimal) and valeur.as_tuple().exponent == -2 else None
        return formats.number_format(valeur, decimal_pos=decimales, use_l10n=True, force_grouping=True)
    return valeur


@require_GET
@permission_requise("accompagner")
def page_statistiques(request):
    """The statistics of the schemes of the user's structures, read from the monthly rollups under the small-cell
    rule (docs/aides.md §11), with each table in CSV and XLSX."""
    user = request.user
    form = AnneeForm(request.GET if "annee" in request.GET else None)
    annee = form.cleaned_data["annee"] if form.is_bound and form.is_valid() else timezone.localdate().year
    dispositifs = (
        Dispositif.objects.filter(structure_id__in=user.structures_actives_ids())
        .select_related("structure")
        .order_by("structure__nom", "nom", "pk")
    )
    seuil = user.collectivite.seuil_secret_statistique
    format_ = request.GET.get("format")
    if format_ in ("csv", "xlsx"):
        choisis = statistiques.tableaux(dispositifs, annee, seuil, noms=[request.GET.get("table", "")])
        if not choisis:
            raise Http404("Tableau introuvable.")
        t = choisis[0]
        if format_ == "csv":
            return reponse_csv(f"aides-{t.nom}-{annee}", t.colonnes, t.lignes, nul=SECRET)
        return reponse_xlsx(f"aides-{t.nom}-{annee}", t.colonnes, t.lignes, feuille=t.nom, titre=t.titre, nul=SECRET)
    tableaux = [
        {"t": t, "lignes": [[_cellule_affichee(v) for v in ligne] for ligne in t.lignes]}
        for t in statistiques.tableaux(dispositifs, annee, seuil)
    ]
    return render(
        request,
        "aides/statistiques.html",
        {
            "form": form if form.is_bound else AnneeForm(initial={"annee": annee}),
            "annee": annee,
            "seuil": seuil,
            "tableaux": tableaux,
            "a_des_dispositifs": dispositifs.exists(),
        },
    )
