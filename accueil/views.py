import re
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from collectivites.noms import forme
from collectivites.views import nomenclature
from comptes.decorators import permission_requise
from config import balisage
from config.bornes import identifiant_or_404
from config.exports import reponse_csv
from config.pagination import paginer
from reseau.models import Structure
from territoire.models import Commune
from usagers import bandeau
from usagers.access import get_usager_for_user, journaliser
from usagers.models import JournalAcces

from . import access, actions, liens
from .enums import STATUTS_OUVERTS, Canal, Consentement, StatutOrientation, StatutPassage
from .forms import ArriveeForm, FiltrePassagesForm, OrientationForm, PassageForm, ReponseOrientationForm
from .models import Motif, Orientation, Reponse


@require_GET
@permission_requise("accueillir")
def guichet(request):
    """The desk: who is waiting at my site, today's passages, orientations awaiting an answer."""
    actions.do_clore_arrivees()  # yesterday's queue is closed at the first read of the day (docs/accueil.md §3)
    lieu = access.lieu_par_defaut(request.user)
    passages = access.passages_nommes(
        request.user, access.passages_visibles_par(request.user).select_related("lieu", "usager")
    )
    structures = request.user.structures_actives_ids()
    en_attente = (
        list(
            passages.en_attente()
            .filter(lieu=lieu)
            .prefetch_related(Prefetch("motifs", queryset=Motif.objects.order_by("ordre")))
            .order_by("date_heure")
        )
        if lieu
        else []
    )
    du_jour = list(passages.du_jour().exclude(statut=StatutPassage.EN_ATTENTE).prefetch_related("motifs")[:20])
    access.noter_passages([*en_attente, *du_jour])
    return render(
        request,
        "accueil/guichet.html",
        {
            "lieu": lieu,
            "en_attente": en_attente,
            "motifs": list(access.motifs_actifs().values_list("pk", "libelle")) if lieu else [],
            "du_jour": du_jour,
            # a desk role that does not answer orientations (protection de l'enfance) gets no link it could not open
            "repond_aux_orientations": request.user.peut("repondre_orientations"),
            "a_repondre": Orientation.objects.recues_par(structures)
            .filter(statut__in=(StatutOrientation.ENVOYEE, StatutOrientation.RECUE))
            .select_related("structure_emettrice", "motif", "service_reseau")[:10]
            if request.user.peut("repondre_orientations")
            else [],
        },
    )


@require_POST
@permission_requise("accueillir")
def arrivee(request):
    form = ArriveeForm(request.POST, lieux=access.lieux_du_guichet(request.user), motifs=access.motifs_actifs())
    if not form.is_valid():
        # docs/securite.md §21: a malformed id or a too long cue is a message naming the field, never a server error
        for champ, erreurs in form.errors.items():
            libelle = form.fields[champ].label if champ in form.fields else ""
            messages.error(request, f"{libelle} : {erreurs[0]}" if libelle else erreurs[0])
    else:
        lieu = form.cleaned_data["lieu"]
        actions.do_signaler_arrivee(request.user, lieu, form.cleaned_data["repere"], form.cleaned_data["motif"])
        messages.success(request, f"Arrivée signalée {forme(lieu).a}.")
    return redirect("accueil:guichet")


@require_POST
@permission_requise("accueillir")
def prendre_en_charge(request, pk):
    passage = access.get_passage_for_user(request.user, pk)
    try:
        actions.do_prendre_en_charge(request.user, passage)
    except ValidationError as e:
        messages.error(request, e.messages[0])
        return redirect("accueil:guichet")
    return redirect(f"{reverse('accueil:passage_nouveau')}?arrivee={passage.pk}")


@require_http_methods(["GET", "POST"])
@permission_requise("accueillir")
def passage_nouveau(request):
    """Log a passage: one page, one submit. Anonymous unless a person is chosen."""
    user = request.user
    lieux = access.lieux_du_guichet(user)
    listes = access.nomenclature(user)
    arrivee = None
    if brut := request.GET.get("arrivee") or request.POST.get("arrivee"):
        # docs/securite.md §21: an id read from the query string is checked before it reaches the database
        arrivee = (
            access.passages_visibles_par(user)
            .filter(pk=identifiant_or_404(brut), statut__in=(StatutPassage.EN_ATTENTE, StatutPassage.PRIS_EN_CHARGE))
            .first()
        )
    usager = None
    usager_id = request.POST.get("usager") if request.method == "POST" else request.GET.get("usager")
    erreur_usager = None
    if usager_id:
        try:
            usager = get_usager_for_user(user, identifiant_or_404(usager_id))
        except Http404:
            erreur_usager = "Cette personne est introuvable dans votre collectivité."
    # the sites are read once, as (value, label) pairs, and only for a page to render: the form's field validates
    # against the queryset; the motifs and responses come from the nomenclature the process keeps, which the form
    # validates against; the template writes these lists (docs/performance.md §5)
    choix_lieux = list(lieux.values_list("pk", "nom")) if request.method == "GET" else None
    initial = {
        "jeton": uuid.uuid4(),
        "lieu": (arrivee.lieu_id if arrivee else access.lieu_par_defaut_id(user, choix_lieux))
        if request.method == "GET"
        else None,
        "date_heure": timezone.localtime().replace(second=0, microsecond=0),
        "canal": "sur_place",
        "usager": usager.pk if usager else None,
    }
    form = PassageForm(request.POST or None, initial=initial, lieux=lieux, nomenclature=listes)
    structures = Structure.objects.exclude(pk__in=user.structures_actives_ids()).order_by("nom")

    def formulaire_orientation(lie):
        """Bound to the POST only when the passage orients: an orientation not asked for has no errors to show (an
        outside check found « Structure partenaire » demanded whenever another field was wrong); its fields keep
        what was typed."""
        saisi = {nom: request.POST.get(f"orientation-{nom}") for nom in OrientationForm.base_fields}
        return OrientationForm(
            request.POST if lie else None,
            initial=None if lie else {nom: valeur for nom, valeur in saisi.items() if valeur is not None},
            prefix="orientation",
            structures=structures,
            motifs=access.motifs_actifs(),
            services=access.services_orientables(user),
        )

    orientation_form = None  # built when a passage orients, or for a page to render
    if request.method == "POST":
        valide = form.is_valid()
        # asked for even when another field is wrong: the page then names the orientation's errors with the others
        orienter = bool(getattr(form, "cleaned_data", {}).get("orienter"))  # none when the POST was empty
        if orienter:
            orientation_form = formulaire_orientation(lie=True)
            valide = orientation_form.is_valid() and valide
        if erreur_usager:
            form.add_error(None, erreur_usager)
            valide = False
        if valide:
            try:
                passage, cree = actions.do_enregistrer_passage(
                    user, form.cleaned_data, orientation_form.cleaned_data if orienter else None, usager, arrivee
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, "Passage enregistré." if cree else "Ce passage était déjà enregistré.")
                return redirect("accueil:passage", pk=passage.pk)
    services_trouves = None
    if request.method == "GET" and "chercher_services" in request.GET:
        services_trouves = _services_cherches(user, request.GET)
    sections = []
    if choix_lieux is None:  # a POST with errors: the page is rendered again
        choix_lieux = list(lieux.values_list("pk", "nom"))
    if orientation_form is None:
        orientation_form = formulaire_orientation(lie=False)
    choix_motifs = listes.choix_motifs
    if usager:
        journaliser(user, usager, JournalAcces.Action.BANDEAU, f"usager:{usager.pk}")
        sections = bandeau.sections(user, usager)
    return render(
        request,
        "accueil/passage_form.html",
        {
            "form": form,
            "orientation_form": orientation_form,
            "usager": usager,
            "arrivee": arrivee,
            "sections": sections,
            # Choices written without Django's widgets (~6 ms a form) and the long lists without a template loop
            # (docs/performance.md §5, bench/passage_charge.py).
            "choix": {
                "lieux": balisage.options(choix_lieux, form["lieu"].value()),
                "motifs": _cases_motifs(choix_motifs, form["motifs"].value()),
                "motifs_orientation": balisage.options(choix_motifs, orientation_form["motif"].value()),
                "reponses": listes.reponses,
                "structures": balisage.options(
                    structures.values_list("pk", "nom"), orientation_form["structure_destinataire"].value()
                ),
                "canaux": Canal.choices,
                "consentements": Consentement.choices,
            },
            "saisies": {nom: balisage.saisie(form[nom]) for nom in SAISIES},
            "saisies_orientation": {nom: balisage.saisie(orientation_form[nom]) for nom in SAISIES_ORIENTATION},
            "choisi": {
                "canal": str(form["canal"].value() or ""),
                # services searched (without JavaScript): the orientation they are for is ticked
                "reponses": {str(v) for v in (form["reponses"].value() or [])}
                | ({str(r.pk) for r in listes.reponses if r.ouvre_une_orientation} if services_trouves else set()),
                "consentement": str(orientation_form["consentement"].value() or ""),
            },
            # the search of the network's services (docs/accueil.md §5), for the person's commune by default; its
            # GET form reloads this page with the services found when JavaScript does not run (htmx otherwise)
            "thematiques": _options_thematiques(services_trouves["thematique"])
            if services_trouves
            else OPTIONS_THEMATIQUES,
            "commune_service": f"{usager.commune.nom} ({usager.commune_id})" if usager and usager.commune_id else "",
            "services_trouves": services_trouves,
            "service_choisi": orientation_form.cleaned_data.get("service_reseau")
            if orientation_form.is_bound and orientation_form.is_valid()
            else None,
        },
    )


SAISIES = ("jeton", "usager", "information", "duree_minutes", "tranche_age", "type_foyer", "date_heure")
SAISIES_ORIENTATION = ("raison_sans_consentement", "message", "contact", "service")


def _cases_motifs(choix, valeurs):
    """The motifs' checkboxes, those of ``valeurs`` checked (written in Python, as ``config.balisage.options``)."""
    coches = {str(v) for v in (valeurs or ())}
    return mark_safe(
        "".join(
            f'<label for="id_motifs_{i}"><input type="checkbox" name="motifs" value="{pk}" id="id_motifs_{i}"'
            f"{' checked' if str(pk) in coches else ''}> {escape(libelle)}</label>"
            for i, (pk, libelle) in enumerate(choix)
        )
    )


def _choix_thematiques():
    """data·inclusion thématiques grouped by category: (category code, category label, [(code, label)])."""
    from data_inclusion.schema.v1 import Thematique

    groupes = {}
    for t in Thematique:
        groupes.setdefault(access.thematique_racine(t.value), []).append((t.value, t.label))
    return [(code, CATEGORIES.get(code, code), sorted(sous, key=lambda c: c[1])) for code, sous in groupes.items()]


# The labels of data·inclusion's categories (the package names only the thématiques under them).
CATEGORIES = {
    "choisir-un-metier": "Choisir un métier",
    "creer-une-entreprise": "Créer une entreprise",
    "difficultes-administratives-ou-juridiques": "Difficultés administratives ou juridiques",
    "difficultes-financieres": "Difficultés financières",
    "equipement-et-alimentation": "Équipement et alimentation",
    "famille": "Famille",
    "lecture-ecriture-calcul": "Lecture, écriture, calcul",
    "logement-hebergement": "Logement, hébergement",
    "mobilite": "Mobilité",
    "numerique": "Numérique",
    "preparer-sa-candidature": "Préparer sa candidature",
    "remobilisation": "Remobilisation",
    "sante": "Santé",
    "se-former": "Se former",
    "souvrir-a-linternational": "S'ouvrir à l'international",
    "trouver-un-emploi": "Trouver un emploi",
}
CHOIX_THEMATIQUES = _choix_thematiques()


def _options_thematiques(choisie=""):
    """The <optgroup>s of the desk's « Besoin » select, ``choisie`` selected (the page reloaded without JavaScript)."""
    return mark_safe(
        "".join(
            f'<optgroup label="{escape(libelle)}">'
            f"{balisage.options([(code, f'{libelle} (tout)'), *sous], choisie)}</optgroup>"
            for code, libelle, sous in CHOIX_THEMATIQUES
        )
    )


# nothing chosen: fixed, written once (docs/performance.md §5)
OPTIONS_THEMATIQUES = _options_thematiques()
SERVICES_MAX = 20


def _services_cherches(user, parametres):
    """The network's services for the need (``thematique``) and the commune (``commune``: « Cahors (46042) ») of a
    query string: the context of ``_services_options.html``, for htmx and for the page reloaded without JavaScript."""
    thematique = (parametres.get("thematique") or "")[:120]
    texte = (parametres.get("commune") or "").replace("\x00", "")[:120]
    commune = None
    if trouve := re.search(r"\b(\d[0-9AB]\d{3})\b", texte):
        commune = Commune.objects.filter(code=trouve.group(1)).first()
    services = access.services_pour(user, thematique, commune)
    return {
        "services": services[:SERVICES_MAX],
        "reste": max(0, len(services) - SERVICES_MAX),
        "commune": commune,
        "commune_inconnue": bool(texte.strip()) and commune is None,
        "thematique": thematique,
        "commune_texte": texte,
    }


@require_GET
@permission_requise("accueillir")
def services_options(request):
    """The network's services for a need and a commune, as radio buttons of the orientation block (htmx,
    docs/accueil.md §5): the service's structure, conditions (publics, modes d'accueil, zone) and hours."""
    return render(request, "accueil/_services_options.html", _services_cherches(request.user, request.GET))


@require_GET
@permission_requise("accueillir")
def communes_options(request):
    """COG autocomplete for the desk: <option>s of a <datalist> (htmx)."""
    q = (request.GET.get("commune_residence") or request.GET.get("commune") or request.GET.get("q") or "").replace(
        "\x00", ""
    )[:60]
    communes = Commune.objects.recherche(q)[:12] if len(q.strip()) >= 2 else []
    return render(request, "accueil/_communes_options.html", {"communes": communes})


@require_GET
@permission_requise("accueillir")
def passage(request, pk):
    passage = access.get_passage_for_user(request.user, pk)
    sections = []
    # docs/securite.md §4: the name of a person seen at another site of the structure stays at that site
    nomme = passage.usager_id and passage.nom_visible
    if nomme:
        journaliser(request.user, passage.usager, JournalAcces.Action.CONSULTATION, f"passage:{passage.pk}")
        sections = bandeau.sections(request.user, passage.usager, passage_id=passage.pk)
    return render(
        request,
        "accueil/passage.html",
        {
            "passage": passage,
            "motifs": passage.motifs.all(),
            "reponses": passage.reponses.all(),
            "orientations": passage.orientations.select_related("structure_destinataire", "motif"),
            # the orientation page needs that permission: no link for a role without it (protection de l'enfance)
            "orientations_ouvrables": request.user.peut("repondre_orientations"),
            "brouillon_enregistre": request.GET.get("nouveau") != "0",
            "usager": passage.usager if nomme else None,
            "sections": sections,
        },
    )


def _passages_filtres(request):
    user = request.user
    lieux = access.lieux_du_guichet(user)
    form = FiltrePassagesForm(request.GET or None, lieux=lieux, motifs=access.motifs_actifs())
    qs = access.passages_visibles_par(user).select_related("lieu", "usager", "commune_residence", "agent")
    periode = "semaine"
    if form.is_valid():
        periode = form.cleaned_data["periode"] or "semaine"
        if lieu := form.cleaned_data["lieu"]:
            qs = qs.filter(lieu=lieu)
        if canal := form.cleaned_data["canal"]:
            qs = qs.filter(canal=canal)
        if motif := form.cleaned_data["motif"]:
            qs = qs.filter(motifs=motif)
    if periode == "jour":
        qs = qs.du_jour()
    elif periode == "semaine":
        qs = qs.de_la_semaine()
    elif periode == "mois":
        qs = qs.filter(date_heure__gte=timezone.now() - timezone.timedelta(days=30))
    return form, qs.prefetch_related(
        Prefetch("motifs", queryset=Motif.objects.order_by("ordre")),
        Prefetch("reponses", queryset=Reponse.objects.order_by("ordre")),
    ).order_by("-date_heure", "-pk")


@require_GET
@permission_requise("accueillir")
def passages(request):
    form, qs = _passages_filtres(request)
    page = paginer(request, access.passages_nommes(request.user, qs))
    access.noter_passages(page)
    return render(
        request,
        "accueil/passages.html",
        {
            "form": form,
            "page": page,
            "peut_exporter": request.user.peut("exporter_passages"),
            "parametres": request.GET.urlencode(),
        },
    )


@require_GET
@permission_requise("exporter_passages")
def passages_export(request):
    """CSV of the filtered passages, logged (docs/securite.md §9). Identified passages carry the file number, not the
    name, and only where the pages name the person (``access.passages_nommes``, §4); the column ``personne`` says
    what the pages say (« nommée », « identifiée (autre lieu) », « anonyme »), the file numbers stay numbers."""
    form, qs = _passages_filtres(request)
    qs = access.passages_nommes(request.user, qs)
    ligne = journaliser(request.user, None, JournalAcces.Action.EXPORT, f"passages:{request.GET.urlencode()}"[:100])
    nommes = qs.filter(nom_visible=True).exclude(usager=None)
    ligne.usagers_lus.set(nommes.order_by().values_list("usager_id", flat=True).distinct())
    entete = [
        "date",
        "heure",
        "lieu",
        "canal",
        "motifs",
        "commune",
        "tranche_age",
        "type_foyer",
        "dossier",
        "personne",
        "information",
        "reponses",
        "orientation",
        "duree_minutes",
    ]

    def lignes():
        for p in qs.annotate(n_orientations=Count("orientations")).iterator(chunk_size=500):
            d = timezone.localtime(p.date_heure)
            yield (
                d.strftime("%d/%m/%Y"),
                d.strftime("%H:%M"),
                p.lieu.nom,
                p.get_canal_display(),
                ", ".join(m.libelle for m in p.motifs.all()),
                p.commune_residence.nom if p.commune_residence else "",
                p.get_tranche_age_display(),
                p.get_type_foyer_display(),
                p.usager_id if p.usager_id and p.nom_visible else "",
                ("nommée" if p.nom_visible else "identifiée (autre lieu)") if p.usager_id else "anonyme",
                p.information,
                ", ".join(r.libelle for r in p.reponses.all()),
                "oui" if p.n_orientations else "non",
                p.duree_minutes or "",
            )

    return reponse_csv(f"passages-{timezone.localdate():%Y-%m-%d}", entete, lignes(), flux=True)


@require_GET
@permission_requise("repondre_orientations")
def orientations(request):
    structures = request.user.structures_actives_ids()
    sens = request.GET.get("sens", "recues")
    qs = (
        Orientation.objects.recues_par(structures) if sens == "recues" else Orientation.objects.envoyees_par(structures)
    )
    statut = request.GET.get("statut", "ouvertes")
    if statut == "ouvertes":
        qs = qs.filter(statut__in=STATUTS_OUVERTS)
    elif statut in StatutOrientation.values:
        qs = qs.filter(statut=statut)
    qs = qs.select_related("structure_emettrice", "structure_destinataire", "motif", "service_reseau").order_by(
        "-emise_le", "-pk"
    )
    return render(
        request,
        "accueil/orientations.html",
        {"page": paginer(request, qs), "sens": sens, "statut": statut, "statuts": StatutOrientation.choices},
    )


@require_http_methods(["GET", "POST"])
@permission_requise("repondre_orientations")
def orientation(request, pk):
    orientation = access.get_orientation_for_user(request.user, pk)
    peut_repondre = access.peut_repondre(request.user, orientation)
    form = ReponseOrientationForm(request.POST or None)
    if request.method == "POST":
        if not peut_repondre:
            raise Http404
        if form.is_valid():
            try:
                actions.do_changer_statut(
                    orientation,
                    form.cleaned_data["decision"],
                    par=request.user,
                    motif_refus=form.cleaned_data["motif_refus"],
                    commentaire=form.cleaned_data["commentaire"],
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, "Réponse enregistrée.")
                return redirect("accueil:orientation", pk=orientation.pk)
    if orientation.usager_id and orientation.nommee:
        journaliser(request.user, orientation.usager, JournalAcces.Action.CONSULTATION, f"orientation:{pk}")
    return render(
        request,
        "accueil/orientation.html",
        {
            "orientation": orientation,
            "form": form,
            "peut_repondre": peut_repondre,
            # the person's name only on this logged page, never on the e-mailed link (docs/accueil.md §4), and only
            # to whom the need-to-know rule gives it (access.orientations_nommees, docs/securite.md §4)
            "montrer_identite": orientation.nommee,
            "autre_lieu": not orientation.nommee,
            "evenements": orientation.evenements.select_related("par"),
        },
    )


@require_http_methods(["GET", "POST"])
def orientation_lien(request, collectivite_slug, jeton):
    """The partner answers without an account, through the signed link of the e-mail."""
    try:
        orientation = liens.orientation_du_lien(jeton)
    except ValidationError as e:
        return render(request, "accueil/orientation_lien_invalide.html", {"message": e.messages[0]}, status=404)
    form = ReponseOrientationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            orientation = actions.do_changer_statut(
                orientation,
                form.cleaned_data["decision"],
                via_lien=True,
                motif_refus=form.cleaned_data["motif_refus"],
                commentaire=form.cleaned_data["commentaire"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if orientation.attend_reponse:
                messages.success(request, "Réception confirmée, merci. Ce lien vous servira aussi à répondre.")
            else:
                messages.success(
                    request, f"Votre réponse est enregistrée : {orientation.get_statut_display().lower()}."
                )
            return redirect(request.path)
    # A GET only shows (docs/securite.md §21): a mail scanner prefetching the link must not acknowledge the
    # orientation; « Accuser réception » is a POST.
    return render(request, "accueil/orientation_lien.html", {"orientation": orientation, "form": form})


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def motifs(request, pk=None):
    """The collectivité's nomenclature of motifs: rename, switch off, add (collectivites.nomenclature)."""
    return nomenclature(request, Motif, "Motifs de passage", "accueil:motifs", pk)


@require_http_methods(["GET", "POST"])
@permission_requise("gerer_collectivite")
def reponses(request, pk=None):
    """The collectivité's nomenclature of responses given at a passage (docs/accueil.md §2)."""
    return nomenclature(request, Reponse, "Réponses apportées", "accueil:reponses", pk)
