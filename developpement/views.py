"""Staff pages of the questionnaires and the public answer page under /c/<slug>/questionnaire/ (thin views)."""

import io
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from collectivites.liens import url_absolue
from comptes.decorators import permission_requise
from config.bornes import identifiant
from config.exports import reponse_csv, reponse_xlsx
from config.pagination import paginer
from config.secret_statistique import SECRET

from . import access, actions, resultats
from .forms import (
    DiffusionForm,
    ModifierQuestionnaireForm,
    ParametresForm,
    QuestionForm,
    QuestionnaireForm,
    ReponseForm,
    SectionForm,
)
from .models import Diffusion, ParametresDeveloppement, Question

# docs/developpement.md §3: a reception desk may lend one tablet to many people, so the limit per address is wider
# than the engineering form's, and still stops a script.
DEBIT_REPONSES = "30/h"
# docs/developpement.md §3: all clients together, per collectivité (many addresses sending answers in bulk); the
# collectivité sets it (ParametresDeveloppement.reponses_par_heure).
DEBIT_COLLECTIVITE_DEFAUT = 600


def _debit_collectivite(group, request):
    parametres = ParametresDeveloppement.objects.first()
    return f"{parametres.reponses_par_heure if parametres else DEBIT_COLLECTIVITE_DEFAUT}/h"


def _cle_collectivite(group, request):
    return f"collectivite:{request.collectivite.pk}"


def gestionnaire(vue):
    """Log-in required, then staff of a structure or lead of the network (403 otherwise)."""

    @login_required
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        if not access.peut_gerer_questionnaires(request.user):
            raise PermissionDenied("Votre rôle ne donne pas accès aux questionnaires.")
        return vue(request, *args, **kwargs)

    return enveloppe


def _erreur(request, e):
    for m in e.messages:
        messages.error(request, m)


@require_GET
@gestionnaire
def liste(request):
    qs = access.questionnaires_visibles_par(request.user).select_related("structure")
    return render(
        request,
        "developpement/liste.html",
        {
            "page": paginer(request, qs),
            "peut_regler": request.user.peut("gerer_collectivite"),
            "peut_piloter": request.user.peut("animer_reseau"),
        },
    )


@require_http_methods(["GET", "POST"])
@gestionnaire
def nouveau(request):
    form = QuestionnaireForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            q = actions.do_creer_questionnaire(
                request.user,
                titre=d["titre"],
                nature=d["nature"],
                structure=d["structure"],
                introduction=d["introduction"],
                modele=d["modele"],
            )
        except PermissionDenied as e:
            form.add_error("structure", str(e))
        else:
            messages.success(request, "Questionnaire créé.")
            return redirect("developpement:questionnaire", pk=q.pk)
    return render(request, "developpement/nouveau.html", {"form": form})


@require_GET
@gestionnaire
def questionnaire(request, pk):
    q = access.get_questionnaire_for_user(request.user, pk)
    version = actions.version_courante(q)
    return render(
        request,
        "developpement/questionnaire.html",
        {
            "q": q,
            "version": version,
            "questions": version.questions.select_related("section"),
            "sections": version.sections.all(),
            "versions": q.versions.all(),
            "diffusions": q.diffusions.select_related("lieu"),
            "modifiable": access.peut_modifier(request.user, q),
            "aujourd_hui": timezone.localdate(),
        },
    )


def _modifiable(request, pk):
    q = access.get_questionnaire_for_user(request.user, pk)
    actions.check_modifier(request.user, q)
    return q


@require_http_methods(["GET", "POST"])
@gestionnaire
def modifier(request, pk):
    q = _modifiable(request, pk)
    form = ModifierQuestionnaireForm(request.POST if request.method == "POST" else None, instance=q)
    if request.method == "POST" and form.is_valid():
        actions.do_modifier_questionnaire(
            request.user, q, titre=form.cleaned_data["titre"], introduction=form.cleaned_data["introduction"]
        )
        messages.success(request, "Questionnaire modifié.")
        return redirect("developpement:questionnaire", pk=q.pk)
    return render(request, "developpement/formulaire.html", {"form": form, "q": q, "intitule": "Modifier"})


@require_http_methods(["GET", "POST"])
@gestionnaire
def section_ajouter(request, pk):
    q = _modifiable(request, pk)
    form = SectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_ajouter_section(request.user, actions.version_courante(q), **form.cleaned_data)
        except ValidationError as e:
            _erreur(request, e)
        else:
            messages.success(request, "Section ajoutée.")
        return redirect("developpement:questionnaire", pk=q.pk)
    return render(request, "developpement/formulaire.html", {"form": form, "q": q, "intitule": "Ajouter une section"})


@require_http_methods(["GET", "POST"])
@gestionnaire
def question_ajouter(request, pk):
    q = _modifiable(request, pk)
    version = actions.version_courante(q)
    form = QuestionForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_ajouter_question(request.user, version, **form.cleaned_data)
        except ValidationError as e:
            _erreur(request, e)
        else:
            messages.success(request, "Question ajoutée.")
        return redirect("developpement:questionnaire", pk=q.pk)
    return render(request, "developpement/formulaire.html", {"form": form, "q": q, "intitule": "Ajouter une question"})


@require_POST
@gestionnaire
def question_supprimer(request, pk, question_id):
    q = _modifiable(request, pk)
    question = get_object_or_404(Question.objects.filter(version__questionnaire=q), pk=question_id)
    try:
        actions.do_supprimer_question(request.user, question)
    except ValidationError as e:
        _erreur(request, e)
    else:
        messages.success(request, "Question supprimée.")
    return redirect("developpement:questionnaire", pk=q.pk)


@require_POST
@gestionnaire
def version_nouvelle(request, pk):
    q = _modifiable(request, pk)
    try:
        v = actions.do_nouvelle_version(request.user, q)
    except ValidationError as e:
        _erreur(request, e)
    else:
        messages.success(request, f"Version {v.numero} créée : elle reprend les questions de la précédente.")
    return redirect("developpement:questionnaire", pk=q.pk)


@require_http_methods(["GET", "POST"])
@gestionnaire
def publier(request, pk):
    q = _modifiable(request, pk)
    form = DiffusionForm(request.POST if request.method == "POST" else None, questionnaire=q)
    if request.method == "POST" and form.is_valid():
        try:
            d = actions.do_publier(request.user, q, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Lien public créé.")
            return redirect("developpement:diffusion", pk=d.pk)
    return render(request, "developpement/formulaire.html", {"form": form, "q": q, "intitule": "Publier"})


def _url_publique(diffusion):
    return url_absolue(
        "developpement_public:repondre", collectivite_slug=diffusion.collectivite.slug, jeton=diffusion.jeton
    )


def _qr(diffusion):
    return segno.make(_url_publique(diffusion), error="m")


@require_GET
@gestionnaire
def diffusion(request, pk):
    d = access.get_diffusion_for_user(request.user, pk)
    tampon = io.BytesIO()
    _qr(d).save(tampon, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, title="Code QR du questionnaire")
    return render(
        request,
        "developpement/diffusion.html",
        {"d": d, "url": _url_publique(d), "qr": tampon.getvalue().decode(), "q": d.questionnaire},
    )


@require_GET
@gestionnaire
def diffusion_qr_svg(request, pk):
    d = access.get_diffusion_for_user(request.user, pk)
    tampon = io.BytesIO()
    _qr(d).save(tampon, kind="svg", scale=10, border=4, title=d.questionnaire.titre)
    reponse = HttpResponse(tampon.getvalue(), content_type="image/svg+xml")
    reponse["Content-Disposition"] = f'attachment; filename="questionnaire-{d.pk}.svg"'
    return reponse


@require_GET
@gestionnaire
def diffusion_qr_png(request, pk):
    d = access.get_diffusion_for_user(request.user, pk)
    tampon = io.BytesIO()
    _qr(d).save(tampon, kind="png", scale=12, border=4)  # about 5 cm at 300 dpi: printable at a desk
    reponse = HttpResponse(tampon.getvalue(), content_type="image/png")
    reponse["Content-Disposition"] = f'attachment; filename="questionnaire-{d.pk}.png"'
    return reponse


def _resultats(request, pk):
    q = access.get_questionnaire_for_user(request.user, pk)
    versions = list(q.versions.all())
    # a malformed version or diffusion is ignored: the last version, every diffusion (docs/securite.md §21)
    numero = identifiant(request.GET.get("version"))
    version = next((v for v in versions if v.numero == numero), versions[-1])
    diffusion = None
    if diffusion_id := identifiant(request.GET.get("diffusion")):
        diffusion = q.diffusions.filter(pk=diffusion_id).first()
    r = resultats.calculer(
        version,
        q.collectivite.seuil_secret_statistique,
        diffusion=diffusion,
        avec_textes=access.lit_les_textes_libres(request.user, q),
    )
    return q, versions, version, diffusion, r


@require_GET
@gestionnaire
def resultats_page(request, pk):
    q, versions, version, diffusion, r = _resultats(request, pk)
    return render(
        request,
        "developpement/resultats.html",
        {
            "q": q,
            "versions": versions,
            "version": version,
            "diffusion": diffusion,
            "diffusions": q.diffusions.select_related("lieu"),
            "r": r,
            "textes": access.lit_les_textes_libres(request.user, q),
            # the summaries of this version this user may download (docs/developpement.md §10)
            "documents": access.documents_visibles_par(request.user).filter(version=version)[:5],
        },
    )


ENTETE_EXPORT = ["Question", "Réponse", "Effectif"]


@require_GET
@gestionnaire
def resultats_csv(request, pk):
    q, _, version, _, r = _resultats(request, pk)
    return reponse_csv(f"questionnaire-{q.pk}-v{version.numero}", ENTETE_EXPORT, resultats.lignes_export(r), nul=SECRET)


@require_GET
@gestionnaire
def resultats_xlsx(request, pk):
    q, _, version, _, r = _resultats(request, pk)
    return reponse_xlsx(
        f"questionnaire-{q.pk}-v{version.numero}",
        ENTETE_EXPORT,
        resultats.lignes_export(r),
        feuille="résultats",
        titre=f"{q.titre} — version {version.numero}",
        nul=SECRET,
    )


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def parametres(request):
    """The collectivité's policy for indicator 5: how many answers make a satisfaction measure."""
    instance = ParametresDeveloppement.objects.filter(collectivite_id=request.user.collectivite_id).first()
    form = ParametresForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        actions.do_enregistrer_parametres(
            request.user,
            form.cleaned_data["reponses_minimum_satisfaction"],
            form.cleaned_data["reponses_par_heure"],
        )
        messages.success(request, "Paramètres enregistrés.")
        return redirect("developpement:parametres")
    return render(request, "developpement/parametres.html", {"form": form})


# Public pages (no account): the collectivité comes from the /c/<slug>/ prefix (CollectiviteMiddleware). Nothing of
# the respondent is stored (docs/developpement.md §3); no session is opened (no messages framework here).


def _diffusion_publique(jeton):
    if len(jeton) > 32:
        raise Http404("Questionnaire introuvable.")
    return get_object_or_404(Diffusion.objects.select_related("questionnaire", "lieu"), jeton=jeton)


@require_http_methods(["GET", "POST"])
def repondre(request, collectivite_slug, jeton):
    d = _diffusion_publique(jeton)
    contexte = {"d": d, "q": d.questionnaire, "trop": False}
    if not d.est_ouverte():
        return render(request, "developpement/public/ferme.html", contexte, status=410)
    version = actions.version_courante(d.questionnaire)
    if version is None:  # published before any question was written: nothing to answer yet
        return render(request, "developpement/public/ferme.html", contexte, status=410)
    questions = version.questions.select_related("section").order_by("section__ordre", "ordre", "pk")
    form = ReponseForm(request.POST if request.method == "POST" else None, questions=questions)
    contexte["form"] = form
    if request.method == "POST":
        # docs/securite.md §21: the address is counted in the rate-limit cache (hashed), never stored with the answer
        if is_ratelimited(request, group="developpement.reponse", key="ip", rate=DEBIT_REPONSES, increment=True):
            contexte["trop"] = True
            return render(request, "developpement/public/repondre.html", contexte, status=429)
        if is_ratelimited(
            request,
            group="developpement.reponse.collectivite",
            key=_cle_collectivite,
            rate=_debit_collectivite,
            increment=True,
        ):
            contexte["trop"] = "collectivite"
            return render(request, "developpement/public/repondre.html", contexte, status=429)
        if form.is_valid():
            if not form.robot:  # the honeypot was filled: say thanks, write nothing
                actions.do_repondre(d, version, form.valeurs())
            return redirect("developpement_public:merci", collectivite_slug=collectivite_slug, jeton=jeton)
    return render(request, "developpement/public/repondre.html", contexte)


@require_GET
def merci(request, collectivite_slug, jeton):
    d = _diffusion_publique(jeton)
    return render(request, "developpement/public/merci.html", {"d": d, "q": d.questionnaire})
