"""Staff pages (the advisors' board, a request and its follow-up) and the public pages under /c/<slug>/ingenierie/."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from config.bornes import identifiant
from config.pagination import paginer
from territoire.models import EPCI, Commune, TerritoireInterventionSociale

from . import access, actions, liens
from .enums import STATUTS_OUVERTS, Niveau, Statut
from .forms import DemandeForm, EtapeForm, QualificationForm, RedactionForm, TransfertForm
from .models import Demande, Document, Etape, EvenementDemande, NoteRestitution


def _erreurs(request, form):
    for champ, erreurs in form.errors.items():
        libelle = form.fields[champ].label if champ in form.fields else ""
        for e in erreurs:
            messages.error(request, f"{libelle} : {e}" if libelle else e)


def _retour(demande, ancre=""):
    return redirect(f"/ingenierie/{demande.pk}/{ancre}")


def _fichier(champ, nom, type_mime="application/pdf"):
    """Files leave only through a view that checked access, as attachments of the type read from their content
    (docs/securite.md §8, §24), whatever the name they were sent with."""
    return FileResponse(champ.open("rb"), as_attachment=True, filename=nom, content_type=type_mime)


# The advisors' board


@require_GET
@login_required
def tableau(request):
    """Requests by state, level, pôle and age; what each waits on, and on whom."""
    demandes = access.demandes_visibles_par(request.user)
    filtres = {
        "statut": request.GET.get("statut", "ouvertes"),
        "niveau": request.GET.get("niveau", ""),
        "tis": request.GET.get("tis", ""),
        "conseiller": request.GET.get("conseiller", ""),
    }
    liste = demandes
    if filtres["statut"] == "ouvertes":
        liste = liste.ouvertes()
    elif filtres["statut"] in Statut.values:
        liste = liste.filter(statut=filtres["statut"])
    if filtres["niveau"] in ("1", "2"):
        liste = liste.filter(niveau=int(filtres["niveau"]))
    if tis := identifiant(filtres["tis"]):  # a malformed id is ignored, like any unknown filter
        liste = liste.filter(tis_id=tis)
    if filtres["conseiller"] == "moi":
        liste = liste.filter(conseiller=request.user)
    liste = liste.select_related("tis", "conseiller", "commune").order_by("deposee_le", "pk")
    par_pole = (
        demandes.ouvertes()
        .values("tis__nom")
        .annotate(
            recues=Count("pk", filter=Q(statut=Statut.RECUE)),
            niveau1=Count("pk", filter=Q(niveau=Niveau.LANCEMENT)),
            niveau2=Count("pk", filter=Q(niveau=Niveau.FORMALISATION)),
            total=Count("pk"),
        )
        .order_by("tis__nom")
    )
    comptes = dict(demandes.values_list("statut").annotate(n=Count("pk")))
    return render(
        request,
        "ingenierie/tableau.html",
        {
            "page": paginer(request, liste),
            "filtres": filtres,
            "par_statut": [(s, comptes.get(s.value, 0)) for s in Statut],
            "par_pole": par_pole,
            "poles": TerritoireInterventionSociale.objects.order_by("nom"),
            "statuts": Statut,
            "maintenant": timezone.now(),
        },
    )


# A request


@require_GET
@login_required
def demande(request, pk):
    d = access.get_demande_for_user(request.user, pk)
    similaires = (
        Demande.objects.similaires_a(d).select_related("commune", "conseiller", "tis").order_by("-deposee_le")[:20]
    )
    peut_qualifier = access.peut_qualifier(request.user)
    peut_suivre = access.peut_suivre(request.user, d) and d.statut in (
        Statut.QUALIFIEE,
        Statut.EN_COURS,
        Statut.RESTITUEE,
    )
    return render(
        request,
        "ingenierie/demande.html",
        {
            "d": d,
            "etapes": [
                (e, EtapeForm(prefix=f"etape-{e.pk}", initial={"realisee_le": e.realisee_le, "note": e.note}))
                for e in Etape.objects.filter(demande=d).prefetch_related("documents")
            ],
            "documents": Document.objects.filter(demande=d, etape__isnull=True),
            "evenements": EvenementDemande.objects.filter(demande=d).select_related("par"),
            "notes": NoteRestitution.objects.filter(demande=d),
            "similaires": similaires,
            "peut_qualifier": peut_qualifier and d.statut == Statut.RECUE,
            "peut_suivre": peut_suivre,
            "peut_clore": access.peut_suivre(request.user, d) and d.statut == Statut.RESTITUEE,
            "qualification": QualificationForm(
                conseillers=access.conseillers_possibles(request.collectivite),
                initial={"decision": str(d.niveau_suggere)},
            ),
            "transfert": TransfertForm(tis=TerritoireInterventionSociale.objects.exclude(pk=d.tis_id)),
            "redaction": RedactionForm(instance=d),
        },
    )


def _ecrire(request, pk, ecrire, ancre=""):
    """Run a write on a request and come back to its page with the outcome; nothing written on error."""
    d = access.get_demande_for_user(request.user, pk)
    try:
        ecrire(d)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    return _retour(d, ancre)


@require_POST
@login_required
def qualifier(request, pk):
    d = access.get_demande_for_user(request.user, pk)
    actions.check_qualifier(request.user, d)
    form = QualificationForm(request.POST, conseillers=access.conseillers_possibles(request.collectivite))
    if not form.is_valid():
        _erreurs(request, form)
        return _retour(d, "#qualification")

    def ecrire(d):
        decision = form.cleaned_data["decision"]
        if decision in ("1", "2"):
            actions.do_qualifier(request.user, d, int(decision), form.cleaned_data["conseiller"])
            messages.success(
                request, f"Demande qualifiée au niveau {decision}, confiée à {form.cleaned_data['conseiller']}."
            )
        else:
            actions.do_decider(request.user, d, decision, form.cleaned_data["motif"])
            messages.success(request, f"Demande {Statut(decision).label.lower()} ; la commune en est informée.")

    return _ecrire(request, pk, ecrire)


@require_POST
@login_required
def transferer(request, pk):
    d = access.get_demande_for_user(request.user, pk)
    actions.check_qualifier(request.user, d)
    form = TransfertForm(request.POST, tis=TerritoireInterventionSociale.objects.all())
    if not form.is_valid():
        _erreurs(request, form)
        return _retour(d)

    def ecrire(d):
        actions.do_transferer(request.user, d, form.cleaned_data["tis"], form.cleaned_data["motif"])
        messages.success(request, f"Demande transférée au pôle {form.cleaned_data['tis']}.")

    return _ecrire(request, pk, ecrire)


@require_POST
@login_required
def etape(request, pk, etape_id):
    d = access.get_demande_for_user(request.user, pk)
    e = get_object_or_404(Etape, pk=etape_id, demande=d)
    form = EtapeForm(request.POST, request.FILES, prefix=f"etape-{e.pk}")
    if not form.is_valid():
        _erreurs(request, form)
        return _retour(d, f"#etape-{e.pk}")

    def ecrire(d):
        donnees = form.cleaned_data
        actions.do_etape(
            request.user, e, donnees["realisee_le"], donnees["note"], donnees["documents"], donnees["partage_commune"]
        )
        messages.success(request, f"Étape « {e.libelle} » enregistrée.")

    return _ecrire(request, pk, ecrire, f"#etape-{e.pk}")


@require_POST
@login_required
def rediger(request, pk):
    d = access.get_demande_for_user(request.user, pk)
    form = RedactionForm(request.POST, instance=Demande.objects.get(pk=d.pk))
    if not form.is_valid():
        _erreurs(request, form)
        return _retour(d, "#note")

    def ecrire(d):
        actions.do_rediger(request.user, d, form.cleaned_data)
        messages.success(request, "Contenu de la note enregistré.")

    return _ecrire(request, pk, ecrire, "#note")


@require_POST
@login_required
def generer(request, pk):
    def ecrire(d):
        note = actions.do_demander_note(request.user, d)
        messages.success(request, f"La note de restitution (version {note.version}) est en préparation.")

    return _ecrire(request, pk, ecrire, "#note")


@require_GET
@login_required
def progression(request, pk, note_id):
    """The progress of a rendering, polled by htmx while the worker runs."""
    d = access.get_demande_for_user(request.user, pk)
    note = get_object_or_404(NoteRestitution, pk=note_id, demande=d)
    return render(request, "ingenierie/_note.html", {"d": d, "note": note})


@require_GET
@login_required
def note(request, pk, note_id):
    d = access.get_demande_for_user(request.user, pk)
    n = get_object_or_404(NoteRestitution.objects.pretes(), pk=note_id, demande=d)
    return _fichier(n.fichier, f"note-restitution-{d.reference}-v{n.version}.pdf")


@require_GET
@login_required
def document(request, pk, document_id):
    d = access.get_demande_for_user(request.user, pk)
    doc = get_object_or_404(Document, pk=document_id, demande=d)
    return _fichier(doc.fichier, doc.nom_original, doc.type_mime)


@require_POST
@login_required
def restituer(request, pk):
    def ecrire(d):
        actions.do_restituer(request.user, d)
        messages.success(request, "Note transmise : la commune la télécharge depuis son lien de suivi.")

    return _ecrire(request, pk, ecrire)


@require_POST
@login_required
def clore(request, pk):
    def ecrire(d):
        actions.do_clore(request.user, d, request.POST.get("commentaire", "")[:500])
        messages.success(request, "Demande close.")

    return _ecrire(request, pk, ecrire)


@require_POST
@login_required
def renouveler_lien(request, pk):
    def ecrire(d):
        actions.do_renouveler_lien(request.user, d)
        messages.success(
            request, "L'ancien lien de suivi ne fonctionne plus ; un nouveau lien est envoyé à la commune."
        )

    return _ecrire(request, pk, ecrire)


# Public pages (no account): the collectivité comes from the /c/<slug>/ prefix (CollectiviteMiddleware).


@require_http_methods(["GET", "POST"])
def formulaire_public(request, collectivite_slug):
    collectivite = request.collectivite
    form = DemandeForm(request.POST or None, request.FILES or None, collectivite=collectivite)
    if request.method == "POST":
        # docs/securite.md §21: about five an hour per address; every attempt counts, valid or not.
        if is_ratelimited(
            request, group="ingenierie.demande", key="ip", rate=settings.RELAIS_DEBIT_FORMULAIRES, increment=True
        ):
            return render(
                request,
                "ingenierie/public/formulaire.html",
                {"form": form, "trop": True},
                status=429,
            )
        if form.is_valid():
            if form.robot:  # the honeypot was filled: say thanks, write nothing
                return redirect("ingenierie_public:merci", collectivite_slug=collectivite.slug)
            try:
                actions.do_deposer(collectivite, form.cleaned_data)
            except actions.DemandeEnDouble as e:
                form.add_error(None, e)
            except ValidationError as e:
                form.add_error("territoire", e)
            else:
                return redirect("ingenierie_public:merci", collectivite_slug=collectivite.slug)
    return render(request, "ingenierie/public/formulaire.html", {"form": form, "trop": False})


@require_GET
def merci(request, collectivite_slug):
    return render(request, "ingenierie/public/merci.html")


@require_GET
def territoires(request, collectivite_slug):
    """COG autocomplete for the public form: the communes and intercommunalities of the collectivité's territory."""
    q = " ".join((request.GET.get("territoire") or "").replace("\x00", "").split())[:60]
    departement = request.collectivite.departement_id
    communes, epcis = [], []
    if len(q) >= 2:
        communes = Commune.objects.du_departement(departement).recherche(q)[:10]
        if not q.isdigit():
            epcis = (
                EPCI.objects.filter(nom__icontains=q, communes__departement_id=departement)
                .distinct()
                .order_by("nom")[:5]
            )
    return render(request, "ingenierie/public/_territoires.html", {"communes": communes, "epcis": epcis})


def _demande_du_lien(request, jeton):
    try:
        return liens.demande_du_lien(jeton)
    except ValidationError as e:
        raise Http404(e.messages[0]) from None


@require_GET
def suivi(request, collectivite_slug, jeton):
    """The municipality follows its request through its private link: states, documents, the note once sent."""
    try:
        d = liens.demande_du_lien(jeton)
    except ValidationError as e:
        return render(request, "ingenierie/public/lien_invalide.html", {"message": e.messages[0]}, status=404)
    return render(
        request,
        "ingenierie/public/suivi.html",
        {
            "d": d,
            "jeton": jeton,
            # the transitions, not the internal events (a transfer between pôles, a renewed link)
            "evenements": [e for e in EvenementDemande.objects.filter(demande=d) if e.de != e.vers],
            "etapes": Etape.objects.filter(demande=d).realisees(),
            "documents": Document.objects.filter(demande=d, partage_commune=True),
            "note": _note_restituee(d),
            "ouverte": d.statut in STATUTS_OUVERTS,
        },
    )


def _note_restituee(d):
    """The municipality reads the version that was sent to it: the latest one ready when « Transmettre » was pressed
    (a version drafted afterwards stays with the advisor)."""
    if d.statut not in (Statut.RESTITUEE, Statut.CLOSE):
        return None
    envoi = (
        EvenementDemande.objects.filter(demande=d, vers=Statut.RESTITUEE)
        .order_by("-quand")
        .values_list("quand", flat=True)
        .first()
    )
    notes = NoteRestitution.objects.filter(demande=d).pretes()
    if envoi is not None:
        notes = notes.filter(generee_le__lte=envoi)
    return notes.order_by("-version").first()


@require_GET
def suivi_note(request, collectivite_slug, jeton):
    d = _demande_du_lien(request, jeton)
    n = _note_restituee(d)
    if n is None:
        raise Http404("Aucune note de restitution transmise.")
    return _fichier(n.fichier, f"note-restitution-{d.reference}-v{n.version}.pdf")


@require_GET
def suivi_document(request, collectivite_slug, jeton, document_id):
    d = _demande_du_lien(request, jeton)
    doc = get_object_or_404(Document, pk=document_id, demande=d, partage_commune=True)
    return _fichier(doc.fichier, doc.nom_original, doc.type_mime)
