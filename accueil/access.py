"""What a member of the network may see of the desk's records.

A passage (with its free-text information) belongs to the structures that run its site; the person strip shows
other structures only where, when and why (usagers.bandeau). Orientations are seen by their two structures.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import get_object_or_404

from reseau.models import LieuAccueil, Service
from usagers import lecture
from usagers.access import dossiers_ouverts_a

from .enums import StatutOrientation
from .models import Motif, Orientation, Passage, Reponse


def lieux_du_guichet(user):
    """The sites where the user may log passages: those of their structures."""
    return LieuAccueil.objects.filter(structure_id__in=user.structures_actives_ids()).order_by("nom")


def lieu_par_defaut(user):
    for m in user.adhesions_actives():
        if m.lieu_habituel_id:
            return m.lieu_habituel
    return lieux_du_guichet(user).first()


def lieu_par_defaut_id(user, lieux):
    """``lieu_par_defaut``'s id, chosen among ``lieux`` — the (id, name) pairs of ``lieux_du_guichet`` the desk's
    form has already read: no query of its own (docs/performance.md §5)."""
    habituel = next((m.lieu_habituel_id for m in user.adhesions_actives() if m.lieu_habituel_id), None)
    return habituel or next((pk for pk, _ in lieux), None)


def passages_visibles_par(user):
    if not user.peut("accueillir"):
        return Passage.objects.none()
    return Passage.objects.filter(Q(lieu__structure_id__in=user.structures_actives_ids()) | Q(agent=user))


def get_passage_for_user(user, pk):
    """The passage, with ``nom_visible`` (``passages_nommes``); its person is noted as read only where the page names
    them (docs/securite.md §4, §9): a person the page does not name was not read."""
    passage = get_object_or_404(passages_nommes(user, passages_visibles_par(user)), pk=pk)
    lecture.noter(passage.usager_id if passage.nom_visible else None, f"passage:{passage.pk}")
    return passage


def lieux_nominatifs_ids(user):
    """The user's own sites (docs/securite.md §4): their usual sites, else their default site."""
    ids = {m.lieu_habituel_id for m in user.adhesions_actives() if m.lieu_habituel_id}
    if not ids and (lieu := lieu_par_defaut(user)) is not None:
        ids = {lieu.pk}
    return ids


def _passage_nomme_si(user, chemin=""):
    """The rule of §4 as a condition on a passage (``chemin``: the path to it, ``"passage__"`` from an orientation): a
    desk reads the names of the passages of its own sites, of those it logged and of the persons whose file is open
    to it."""
    return (
        Q(**{f"{chemin}lieu_id__in": lieux_nominatifs_ids(user)})
        | Q(**{f"{chemin}agent": user})
        | Q(**{f"{chemin}usager_id__in": dossiers_ouverts_a(user)})
    )


def passages_nommes(user, passages):
    """Annotate ``nom_visible`` (docs/securite.md §4, ``_passage_nomme_si``); elsewhere a row says a person was seen,
    not who."""
    return passages.annotate(nom_visible=ExpressionWrapper(_passage_nomme_si(user), output_field=BooleanField()))


def passage_nomme(user, passage):
    """May ``user`` read the name of this passage's person (``passages_nommes``)?"""
    qs = passages_nommes(user, Passage.objects.filter(pk=passage.pk))
    return qs.values_list("nom_visible", flat=True).first() or False


def noter_passages(passages):
    """The list shows these passages: the persons named are logged, the page is not cached (usagers.lecture)."""
    lecture.noter(None)
    for p in passages:
        if p.usager_id and getattr(p, "nom_visible", True):
            lecture.noter(p.usager_id, f"passage:{p.pk}")


def orientations_visibles_par(user):
    return Orientation.objects.concernant(user.structures_actives_ids())


def usagers_orientes_vers(user):
    """A partner's view of the persons (docs/securite.md §4), registered with usagers.access in
    ``AccueilConfig.ready()``:
    those whose orientation involves one of their structures."""
    return Orientation.objects.concernant(user.structures_actives_ids()).values("usager_id")


def orientations_nommees(user, orientations):
    """Annotate ``nommee``: may ``user`` read who is oriented (their name and how to reach them)? The receiving
    structure, which takes the person on; on the sending side, the rule of the passage the orientation comes from
    (``_passage_nomme_si``, §4): a desk of another site of the structure reads that someone was oriented, not who."""
    condition = Q(structure_destinataire_id__in=user.structures_actives_ids()) | _passage_nomme_si(user, "passage__")
    return orientations.annotate(nommee=ExpressionWrapper(condition, output_field=BooleanField()))


def get_orientation_for_user(user, pk):
    """The orientation, with ``nommee`` (``orientations_nommees``); its person is noted as read only where named."""
    orientation = get_object_or_404(orientations_nommees(user, orientations_visibles_par(user)), pk=pk)
    lecture.noter(orientation.usager_id if orientation.nommee else None, f"orientation:{orientation.pk}")
    return orientation


def peut_repondre(user, orientation):
    return user.peut("repondre_orientations") and orientation.structure_destinataire_id in user.structures_actives_ids()


def motifs_actifs():
    return Motif.objects.filter(actif=True).order_by("ordre", "libelle")


def reponses_actives():
    return Reponse.objects.filter(actif=True).order_by("ordre", "libelle")


class Nomenclature:
    """The active motifs and responses of one collectivité, in their order, as read once (``nomenclature``)."""

    def __init__(self, motifs, reponses):
        self.motifs = tuple(motifs)
        self.reponses = tuple(reponses)
        self.motifs_par_pk = {str(m.pk): m for m in self.motifs}
        self.reponses_par_pk = {str(r.pk): r for r in self.reponses}
        self.reponses_par_code = {r.code: r for r in self.reponses}
        self.choix_motifs = tuple((m.pk, m.libelle) for m in self.motifs)


_NOMENCLATURES = {}  # collectivité id -> (version, Nomenclature), per process


def nomenclature(user):
    """The desk's nomenclatures of the user's collectivité, read once per version and kept by the process: the
    version comes with the user's row at every request (``Collectivite.version_nomenclatures``, changed by every
    write of a motif or a response, accueil.signals), so a change is seen by the next request of every process
    (docs/performance.md §5). Read in the request's tenant context, kept under the collectivité's id."""
    collectivite = user.collectivite
    version = collectivite.version_nomenclatures
    gardee = _NOMENCLATURES.get(collectivite.pk)
    if gardee is not None and gardee[0] == version:
        return gardee[1]
    pk = collectivite.pk
    lue = Nomenclature(motifs_actifs().filter(collectivite_id=pk), reponses_actives().filter(collectivite_id=pk))
    _NOMENCLATURES[pk] = (version, lue)
    return lue


def orientations_a_repondre(user):
    """Orientations received by the user's structures that still wait for their answer (sent or acknowledged), the
    nearest deadline first: what a partner's home page leads with (docs/accueil.md §4)."""
    if not user.peut("repondre_orientations"):
        return Orientation.objects.none()
    return (
        Orientation.objects.recues_par(user.structures_actives_ids())
        .filter(statut__in=(StatutOrientation.ENVOYEE, StatutOrientation.RECUE))
        .select_related("structure_emettrice", "motif", "emise_par", "service_reseau")
        .order_by("echeance", "pk")
    )


def services_orientables(user):
    """The network's services an orientation may carry: those of the other structures (docs/accueil.md §5)."""
    return (
        Service.objects.exclude(structure_id__in=user.structures_actives_ids())
        .select_related("structure", "lieu")
        .order_by("nom", "pk")
    )


def thematique_racine(code):
    """« logement-hebergement--etre-accompagne » → « logement-hebergement » (data·inclusion categories)."""
    return code.split("--")[0]


def services_pour(user, thematique="", commune=None):
    """The services matching a need (a data·inclusion category or thématique) and open to the inhabitants of
    ``commune`` (its code, its EPCI's or its département's in the zone d'éligibilité; an empty zone is the whole
    département). Filtered in Python: JSON containment differs between PostgreSQL and the SQLite demo, and a
    network lists a few hundred services at most."""
    zones = {commune.code, commune.departement_id, commune.epci_id} - {None} if commune else set()
    trouves = []
    for sv in services_orientables(user):
        if thematique and not any(t == thematique or thematique_racine(t) == thematique for t in sv.thematiques):
            continue
        if zones and sv.zone_eligibilite and not zones.intersection(sv.zone_eligibilite):
            continue
        trouves.append(sv)
    return trouves
