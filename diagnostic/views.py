"""Pages of the diagnostic social de territoire (docs/diagnostic.md): thin views over ``access`` and ``actions``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.bornes import identifiant_or_404
from config.pagination import paginer
from ingenierie.access import get_demande_for_user
from ingenierie.enums import TypeProjet

from . import access, actions, document
from .access import est_equipe, get_dans_un_diagnostic_for_user, get_diagnostic_for_user, verifier_equipe
from .forms import (
    ActeurForm,
    CommentaireForm,
    DiagnosticForm,
    EntretienForm,
    GrilleForm,
    InvitationForm,
    PackForm,
    ProblematiqueForm,
    QuestionnairesForm,
    SyntheseForm,
)
from .models import FIGEE, Acteur, Commentaire, VersionDiagnostic


def _erreurs(form, erreur):
    """A ValidationError of an action under the form's fields (or above them)."""
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur.messages)


def _message_erreur(request, erreur):
    messages.error(request, " ".join(erreur.messages) if isinstance(erreur, ValidationError) else str(erreur))


def _contexte(request, d, onglet, **extra):
    return {"d": d, "onglet": onglet, "equipe": est_equipe(request.user), **extra}


@require_GET
@login_required
def liste(request):
    qs = (
        access.diagnostics_visibles_par(request.user)
        .select_related("epci", "tis")
        .prefetch_related("communes")
        .order_by("-ouvert_le", "-pk")
    )
    return render(request, "diagnostic/liste.html", {"page": paginer(request, qs), "equipe": est_equipe(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def nouveau(request):
    verifier_equipe(request.user)
    demande = None
    if request.GET.get("demande"):
        demande = get_demande_for_user(request.user, identifiant_or_404(request.GET["demande"]))
        if demande.type_projet != TypeProjet.DIAGNOSTIC:
            demande = None
    initial = {}
    if demande:
        initial = {
            "titre": f"Diagnostic social de territoire — {demande.nom_demandeur}",
            "commanditaire": demande.nom_demandeur,
            "type_territoire": "epci" if demande.epci_id else "communes",
            "epci": demande.epci_id,
            "communes": [demande.commune_id],
        }
    form = DiagnosticForm(request.POST if request.method == "POST" else None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            d = actions.do_ouvrir(request.user, **form.cleaned_data, demande=demande)
        except ValidationError as e:
            _erreurs(form, e)
        else:
            messages.success(request, "Diagnostic ouvert.")
            return redirect("diagnostic:diagnostic", pk=d.pk)
    return render(request, "diagnostic/nouveau.html", {"form": form, "demande": demande})


@require_http_methods(["GET", "POST"])
@login_required
def diagnostic(request, pk):
    """The document being written: synthesis, problématiques, comments and amendments, versions and PDFs."""
    d = get_diagnostic_for_user(request.user, pk)
    version = actions.version_courante(d)
    pack = document.dernier_pack(d)
    ecrit = actions.peut_ecrire(request.user, version)
    synthese = SyntheseForm(request.POST if request.method == "POST" else None, initial={"synthese": version.synthese})
    if request.method == "POST":
        if not ecrit:
            raise PermissionDenied("Cette version ne peut pas être modifiée.")
        if synthese.is_valid():
            actions.do_modifier_synthese(request.user, version, synthese.cleaned_data["synthese"])
            messages.success(request, "Synthèse enregistrée.")
            return redirect("diagnostic:diagnostic", pk=d.pk)
    return render(
        request,
        "diagnostic/diagnostic.html",
        _contexte(
            request,
            d,
            "document",
            v=version,
            ecrit=ecrit,
            synthese=synthese,
            problematiques=_avec_chiffres(
                paginer(
                    request,
                    version.problematiques.prefetch_related("questionnaires", "entretiens__grille", "actions"),
                    parametre="page_problematiques",
                ),
                pack,
            ),
            commentaires=paginer(
                request,
                version.commentaires.select_related("auteur", "problematique"),
                parametre="page_commentaires",
            ),
            commentaire=CommentaireForm(version=version) if not version.est_partagee else None,
            versions=paginer(request, d.versions.order_by("-numero"), parametre="page_versions"),
            documents=paginer(
                request,
                access.documents_visibles_par(request.user).filter(version__diagnostic=d).select_related("version"),
                parametre="page_documents",
            ),
        ),
    )


def _avec_chiffres(problematiques, pack):
    """The page of problématiques, each with the pack's figures it cites."""
    chiffres = pack.chiffres() if pack else {}
    for p in problematiques:
        p.preuves_chiffrees = [
            chiffres.get(c) or {"libelle": c, "texte": "absent du dernier pack de données"} for c in p.chiffres
        ]
    return problematiques


@require_GET
@login_required
def version(request, pk):
    """A version as it reads: a shared one from its frozen snapshot."""
    v = get_dans_un_diagnostic_for_user(request.user, VersionDiagnostic, pk)
    doc = document.graphiques(document.du_document(v))
    return render(
        request,
        "diagnostic/version.html",
        {"v": v, "d": v.diagnostic, "doc": doc, "carte": document.carte(doc["communes"], document.lieux_pour_carte())},
    )


@require_http_methods(["GET", "POST"])
@login_required
def problematique_nouvelle(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    verifier_equipe(request.user)
    version = actions.version_courante(d)
    if version.est_partagee:
        messages.error(request, FIGEE)
        return redirect("diagnostic:diagnostic", pk=d.pk)
    form = ProblematiqueForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        diagnostic=d,
        pack=document.dernier_pack(d),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_ajouter_problematique(request.user, version, **form.cleaned_data)
        except ValidationError as e:
            _erreurs(form, e)
        else:
            messages.success(request, "Problématique ajoutée.")
            return redirect("diagnostic:diagnostic", pk=d.pk)
    return render(
        request,
        "diagnostic/formulaire.html",
        _contexte(request, d, "document", form=form, titre="Nouvelle problématique", bouton="Ajouter la problématique"),
    )


@require_POST
@login_required
def commenter(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    version = actions.version_courante(d)
    if version.est_partagee:
        messages.error(request, "Cette version est partagée : elle ne reçoit plus de commentaire.")
        return redirect("diagnostic:diagnostic", pk=d.pk)
    form = CommentaireForm(request.POST, version=version)
    if form.is_valid():
        actions.do_commenter(request.user, version, **form.cleaned_data)
        messages.success(request, "Commentaire enregistré.")
        return redirect("diagnostic:diagnostic", pk=d.pk)
    return render(
        request,
        "diagnostic/formulaire.html",
        _contexte(request, d, "document", form=form, titre="Commenter le diagnostic", bouton="Envoyer le commentaire"),
    )


@require_POST
@login_required
def amendement(request, pk):
    c = get_dans_un_diagnostic_for_user(request.user, Commentaire, pk, "version__diagnostic")
    decision = request.POST.get("decision")
    if decision not in ("accepter", "rejeter"):
        messages.error(request, "Choisissez d'accepter ou de rejeter l'amendement.")
    else:
        try:
            actions.do_traiter_amendement(request.user, c, decision == "accepter")
            messages.success(request, "Amendement accepté." if decision == "accepter" else "Amendement rejeté.")
        except ValidationError as e:
            _message_erreur(request, e)
    return redirect("diagnostic:diagnostic", pk=c.version.diagnostic_id)


@require_POST
@login_required
def partager(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    try:
        v = actions.do_partager(request.user, actions.version_courante(d))
        messages.success(request, f"Version {v.numero} partagée le {v.partagee_le:%d/%m/%Y} : elle est figée.")
    except ValidationError as e:
        _message_erreur(request, e)
    return redirect("diagnostic:diagnostic", pk=d.pk)


@require_POST
@login_required
def nouvelle_version(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    try:
        v = actions.do_nouvelle_version(request.user, d)
        messages.success(request, f"Version {v.numero} créée à partir de la version partagée.")
    except ValidationError as e:
        _message_erreur(request, e)
    return redirect("diagnostic:diagnostic", pk=d.pk)


@require_http_methods(["GET", "POST"])
@login_required
def donnees(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    form = PackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        verifier_equipe(request.user)
        if form.is_valid():
            actions.do_demander_pack(request.user, d, form.cleaned_data["date_reference"])
            messages.success(request, "Le pack de données est en préparation.")
            return redirect("diagnostic:donnees", pk=d.pk)
    packs = d.packs.order_by("-demande_le", "-pk")
    pret = document.dernier_pack(d)
    doc = document.graphiques({"pack": pret.contenu}) if pret else {}
    return render(
        request,
        "diagnostic/donnees.html",
        _contexte(
            request,
            d,
            "donnees",
            form=form,
            en_cours=packs.filter(statut__in=("en_attente", "en_cours"))[:3],
            pack=pret,
            contenu=doc.get("pack"),
        ),
    )


@require_GET
@login_required
def pack_progression(request, pk):
    p = access.get_pack_for_user(request.user, pk)
    return render(request, "diagnostic/_pack.html", {"p": p})


@require_http_methods(["GET", "POST"])
@login_required
def acteurs(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    form = ActeurForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        verifier_equipe(request.user)
        if form.is_valid():
            actions.do_ajouter_acteur(request.user, d, **form.cleaned_data)
            messages.success(request, "Acteur ajouté.")
            return redirect("diagnostic:acteurs", pk=d.pk)
    return render(
        request,
        "diagnostic/acteurs.html",
        _contexte(request, d, "acteurs", form=form, page=paginer(request, d.acteurs.order_by("nom", "pk"))),
    )


@require_POST
@login_required
def inventorier(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    ajoutes = actions.do_inventorier_reseau(request.user, d)
    messages.success(request, f"{len(ajoutes)} structure(s) du réseau ajoutée(s) à l'inventaire.")
    return redirect("diagnostic:acteurs", pk=d.pk)


@require_POST
@login_required
def rencontre(request, pk):
    a = get_dans_un_diagnostic_for_user(request.user, Acteur, pk)
    actions.do_marquer_rencontre(request.user, a, request.POST.get("rencontre") == "1")
    return redirect("diagnostic:acteurs", pk=a.diagnostic_id)


@require_http_methods(["GET", "POST"])
@login_required
def demande_exprimee(request, pk):
    """The expressed demand: questionnaires attached, interview grids and the interviews' syntheses."""
    d = get_diagnostic_for_user(request.user, pk)
    donnees = request.POST if request.method == "POST" else None
    quel = request.POST.get("formulaire") if donnees else None
    questionnaires = QuestionnairesForm(
        donnees if quel == "questionnaires" else None,
        user=request.user,
        initial={"questionnaires": d.questionnaires.all()},
    )
    grille = GrilleForm(donnees if quel == "grille" else None, prefix="grille")
    entretien = EntretienForm(donnees if quel == "entretien" else None, prefix="entretien", diagnostic=d)
    if donnees:
        verifier_equipe(request.user)
        form = {"questionnaires": questionnaires, "grille": grille, "entretien": entretien}.get(quel)
        if form is not None and form.is_valid():
            if quel == "questionnaires":
                actions.do_rattacher_questionnaires(request.user, d, form.cleaned_data["questionnaires"])
            elif quel == "grille":
                actions.do_ajouter_grille(request.user, d, **form.cleaned_data)
            else:
                actions.do_ajouter_entretien(request.user, d, **form.cleaned_data)
            messages.success(request, "Enregistré.")
            return redirect("diagnostic:demande", pk=d.pk)
    seuil = d.collectivite.seuil_secret_statistique
    rattaches = paginer(request, d.questionnaires.order_by("titre", "pk"), parametre="page_questionnaires")
    resultats = document.graphiques(
        {"questionnaires": [document.resultats_questionnaire(q, seuil) for q in rattaches]}
    )["questionnaires"]
    return render(
        request,
        "diagnostic/demande.html",
        _contexte(
            request,
            d,
            "demande",
            form_questionnaires=questionnaires,
            form_grille=grille,
            form_entretien=entretien,
            resultats=resultats,
            rattaches=rattaches,
            grilles=paginer(request, d.grilles.all(), parametre="page_grilles"),
            entretiens=paginer(request, d.entretiens.select_related("grille").order_by("date", "pk")),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def partenaires(request, pk):
    d = get_diagnostic_for_user(request.user, pk)
    form = InvitationForm(request.POST if request.method == "POST" else None, invitables=actions.invitables(d))
    if request.method == "POST":
        verifier_equipe(request.user)
        if form.is_valid():
            try:
                actions.do_inviter(request.user, d, form.cleaned_data["utilisateur"])
            except ValidationError as e:
                _erreurs(form, e)
            else:
                messages.success(request, "Partenaire invité : il lit le diagnostic et peut le commenter.")
                return redirect("diagnostic:partenaires", pk=d.pk)
    return render(
        request,
        "diagnostic/partenaires.html",
        _contexte(
            request,
            d,
            "partenaires",
            form=form,
            page=paginer(request, d.invitations.select_related("utilisateur").order_by("invite_le", "pk")),
        ),
    )


@require_POST
@login_required
def version_pdf(request, pk):
    v = get_dans_un_diagnostic_for_user(request.user, VersionDiagnostic, pk)
    actions.do_demander_pdf(request.user, v)
    messages.success(request, f"Le PDF de la version {v.numero} est en préparation.")
    return redirect("diagnostic:diagnostic", pk=v.diagnostic_id)


@require_GET
@login_required
def document_progression(request, pk):
    doc = access.get_document_for_user(request.user, pk)
    return render(request, "diagnostic/_document.html", {"doc": doc})


@require_GET
@login_required
def telecharger(request, pk):
    doc = access.get_document_for_user(request.user, pk)
    if not doc.pret:
        raise Http404("Ce PDF n'est pas encore prêt.")
    return FileResponse(
        doc.fichier.open("rb"), as_attachment=True, filename=doc.nom_fichier(), content_type="application/pdf"
    )
