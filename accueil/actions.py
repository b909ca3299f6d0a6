"""Writes of the reception desk. ``check_`` validates and authorises, ``do_`` writes, logs and queues work."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from collectivites.envois import planifier
from collectivites.models import Collectivite
from collectivites.noms import forme

from .access import peut_repondre
from .enums import (
    MOTIFS_PAR_DEFAUT,
    REPONSES_PAR_DEFAUT,
    STATUTS_OUVERTS,
    CodeReponse,
    StatutOrientation,
    StatutPassage,
)
from .models import EvenementOrientation, Motif, Orientation, Passage, PassageMotif, PassageReponse, Reponse

S = StatutOrientation
TRANSITIONS = {
    S.ENVOYEE: {S.RECUE, S.ACCEPTEE, S.REFUSEE, S.EXPIREE},
    S.RECUE: {S.ACCEPTEE, S.REFUSEE, S.EXPIREE},
    S.ACCEPTEE: {S.REALISEE},
    S.REFUSEE: set(),
    S.REALISEE: set(),
    S.EXPIREE: set(),
}
DELAI_RELANCE = timezone.timedelta(days=7)


def _initialiser(modele, liste, collectivite):
    existants = set(modele.objects.filter(collectivite=collectivite).values_list("code", flat=True))
    modele.objects.bulk_create(
        [
            modele(collectivite=collectivite, code=code, libelle=libelle, ordre=i)
            for i, (code, libelle) in enumerate(liste)
            if code not in existants
        ]
    )


def initialiser_nomenclatures(collectivite):
    """Seed the collectivité's nomenclatures of the desk — motifs (the national default list) and responses (the
    five the desk always had, docs/accueil.md §2). Idempotent."""
    _initialiser(Motif, MOTIFS_PAR_DEFAUT, collectivite)
    _initialiser(Reponse, REPONSES_PAR_DEFAUT, collectivite)
    Collectivite.changer_version_nomenclatures(collectivite.pk)  # bulk_create sends no signal (accueil.signals)


def check_enregistrer_passage(user, lieu):
    if not user.peut("accueillir"):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer un passage.")
    if lieu.structure_id not in user.structures_actives_ids():
        raise PermissionDenied("Ce lieu d'accueil n'est pas le vôtre.")


def do_enregistrer_passage(user, donnees, orientation=None, usager=None, arrivee=None):
    """Write one passage (and its orientation) from cleaned form data. Returns (passage, created).

    The form's ``jeton`` makes it idempotent: a double click or a resent form finds the passage already written
    (docs/securite.md §28), sequentially or concurrently, through the unique (collectivité, jeton) constraint: the
    insert of a second passage with the same jeton fails and the first is returned. No SELECT before the insert —
    the save is the desk's hottest write, and a resent form is rare (docs/performance.md §5).
    """
    lieu = donnees["lieu"]
    check_enregistrer_passage(user, lieu)
    try:
        with transaction.atomic():
            passage = arrivee or Passage(collectivite_id=user.collectivite_id)
            passage.jeton = donnees["jeton"] if arrivee is None else passage.jeton
            passage.lieu = lieu
            passage.agent = user
            passage.date_heure = donnees["date_heure"]
            passage.canal = donnees["canal"]
            passage.statut = StatutPassage.TERMINE
            passage.repere = ""  # the queue's cue is not kept once the person is received (docs/accueil.md §3)
            passage.usager = usager
            passage.commune_residence = donnees.get("commune_residence") or (usager.commune if usager else None)
            passage.tranche_age = donnees.get("tranche_age", "")
            passage.type_foyer = donnees.get("type_foyer", "")
            passage.information = donnees.get("information", "")
            passage.duree_minutes = donnees.get("duree_minutes")
            passage.save()
            if arrivee is not None:  # a waiting arrival may already carry motifs; a new passage has none
                PassageMotif.objects.filter(passage=passage).delete()
                PassageReponse.objects.filter(passage=passage).delete()
            PassageMotif.objects.bulk_create(
                [
                    PassageMotif(collectivite_id=user.collectivite_id, passage=passage, motif=m)
                    for m in donnees["motifs"]
                ]
            )
            PassageReponse.objects.bulk_create(
                [
                    PassageReponse(collectivite_id=user.collectivite_id, passage=passage, reponse=r)
                    for r in reponses_du_passage(donnees, orientation)
                ]
            )
            if orientation:
                # without a motif of its own, the orientation carries the passage's first one (docs/accueil.md)
                premier = next(iter(donnees["motifs"]), None)
                do_orienter(user, passage, {**orientation, "motif": orientation.get("motif") or premier})
            if usager:
                usager.dernier_contact = passage.date_heure
                usager.save(update_fields=["dernier_contact"])
    except IntegrityError:
        # the same jeton already committed: a resent form, or a concurrent request in the meantime
        existant = Passage.objects.filter(jeton=donnees["jeton"]).first()
        if existant is None:
            raise
        return existant, False
    return passage, True


def reponses_du_passage(donnees, orientation=None):
    """The responses to record: those chosen, plus « information donnée » when an information is written and
    « orientation » when one is sent — so that statistics never miss them (docs/accueil.md §2)."""
    reponses = {r.pk: r for r in donnees.get("reponses") or ()}
    codes = {r.code for r in reponses.values()}
    implicites = []
    if donnees.get("information") and CodeReponse.INFORMATION not in codes:
        implicites.append(CodeReponse.INFORMATION)
    if orientation and CodeReponse.ORIENTATION not in codes:
        implicites.append(CodeReponse.ORIENTATION)
    if implicites:  # an empty list would still compile a query that is never sent
        for r in Reponse.objects.filter(code__in=implicites):
            reponses[r.pk] = r
    return list(reponses.values())


@transaction.atomic
def do_signaler_arrivee(user, lieu, repere="", motif=None):
    """Someone is waiting at the desk: a passage « en attente » that an agent will take over, with an optional cue
    and the motif when it is known (docs/accueil.md §3)."""
    check_enregistrer_passage(user, lieu)
    passage = Passage.objects.create(
        collectivite_id=user.collectivite_id, lieu=lieu, agent=user, statut=StatutPassage.EN_ATTENTE, repere=repere
    )
    if motif is not None:
        PassageMotif.objects.create(collectivite_id=user.collectivite_id, passage=passage, motif=motif)
    return passage


def do_clore_arrivees(maintenant=None):
    """Arrivals of a previous day that nobody took: « parti sans être reçu », a figure of the statistics; their cue
    goes (docs/accueil.md §3). Idempotent; run at the first read of the desk and by the hourly task."""
    return Passage.objects.arrivees_d_avant(maintenant).update(statut=StatutPassage.PARTI, repere="")


def do_prendre_en_charge(user, passage):
    check_enregistrer_passage(user, passage.lieu)
    if passage.statut != StatutPassage.EN_ATTENTE:
        raise ValidationError("Cette arrivée est déjà prise en charge.")
    passage.statut = StatutPassage.PRIS_EN_CHARGE
    passage.agent = user
    passage.save(update_fields=["statut", "agent"])


SERVICE_HORS_RESEAU = "Ce service ne fait pas partie du réseau."


def check_service_oriente(service, structure):
    """An orientation to a service of the network goes to the structure that offers it (docs/accueil.md §5): the
    structure to write — the service's when none was chosen — or a ValidationError naming both. The desk's form and
    the API apply this one rule."""
    if structure is None:
        return service.structure
    if structure.pk != service.structure_id:
        raise ValidationError(f"Ce service est proposé {forme(service.structure).par}, pas {forme(structure).par}.")
    return structure


@transaction.atomic
def do_orienter_passage(user, passage, donnees):
    """An orientation sent after the passage was logged (the API): the same checks as a passage's, and the passage
    then counts the response « orientation » (docs/accueil.md §2)."""
    check_enregistrer_passage(user, passage.lieu)
    orientation = do_orienter(user, passage, donnees)
    if reponse := Reponse.objects.filter(code=CodeReponse.ORIENTATION).first():
        PassageReponse.objects.get_or_create(collectivite_id=user.collectivite_id, passage=passage, reponse=reponse)
    return orientation


def do_orienter(user, passage, donnees):
    emettrice = passage.lieu.structure
    destinataire = donnees["structure_destinataire"]
    if destinataire.pk == emettrice.pk:
        raise ValidationError("Une orientation va vers une autre structure que la vôtre.")
    maintenant = timezone.now()
    orientation = Orientation.objects.create(
        collectivite_id=user.collectivite_id,
        passage=passage,
        usager=passage.usager,
        structure_emettrice=emettrice,
        structure_destinataire=destinataire,
        service=donnees.get("service", ""),
        service_reseau=donnees.get("service_reseau"),
        motif=donnees.get("motif"),
        message=donnees.get("message", ""),
        contact=donnees.get("contact", ""),
        consentement=donnees["consentement"],
        raison_sans_consentement=donnees.get("raison_sans_consentement", ""),
        emise_par=user,
        emise_le=maintenant,
        echeance=maintenant + timezone.timedelta(days=passage.collectivite.delai_expiration_orientation),
    )
    EvenementOrientation.objects.create(
        collectivite_id=user.collectivite_id, orientation=orientation, vers=S.ENVOYEE, par=user, quand=maintenant
    )
    planifier("accueil.notifier_orientation", passage.collectivite, orientation.pk)
    return orientation


def check_transition(orientation, vers):
    if vers not in TRANSITIONS[S(orientation.statut)]:
        if orientation.statut in (S.REFUSEE, S.REALISEE, S.EXPIREE):
            raise ValidationError(f"Cette orientation est close ({orientation.get_statut_display().lower()}).")
        raise ValidationError(f"Impossible de passer de « {orientation.get_statut_display()} » à « {S(vers).label} ».")


@transaction.atomic
def do_changer_statut(orientation, vers, par=None, via_lien=False, motif_refus="", commentaire=""):
    """One transition, logged with who (or the signed link) and when; the sender is told of an answer."""
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if par is not None and not via_lien and vers != S.EXPIREE and not peut_repondre(par, orientation):
        raise PermissionDenied("Seule la structure destinataire répond à une orientation.")
    check_transition(orientation, vers)
    ancien = orientation.statut
    orientation.statut = vers
    champs = ["statut"]
    if vers == S.REFUSEE:
        orientation.motif_refus = motif_refus
        champs.append("motif_refus")
    if commentaire:
        orientation.commentaire_reponse = commentaire
        champs.append("commentaire_reponse")
    orientation.save(update_fields=champs)
    EvenementOrientation.objects.create(
        collectivite_id=orientation.collectivite_id,
        orientation=orientation,
        de=ancien,
        vers=vers,
        par=par,
        via_lien=via_lien,
        commentaire=commentaire,
    )
    if vers in (S.ACCEPTEE, S.REFUSEE, S.REALISEE, S.EXPIREE):
        planifier("accueil.notifier_reponse", orientation.collectivite, orientation.pk, vers)
    return orientation


def orientations_a_relancer(maintenant):
    return Orientation.objects.filter(
        statut__in=(S.ENVOYEE, S.RECUE), echeance__gt=maintenant, emise_le__lte=maintenant - DELAI_RELANCE
    ).exclude(derniere_relance__gt=maintenant - DELAI_RELANCE)


def do_expirer_et_relancer(collectivite, maintenant=None):
    """Expire the orientations past their deadline, and pick those due a reminder. Idempotent."""
    maintenant = maintenant or timezone.now()
    expirees = 0
    for orientation in Orientation.objects.filter(statut__in=(S.ENVOYEE, S.RECUE), echeance__lte=maintenant):
        do_changer_statut(orientation, S.EXPIREE)
        expirees += 1
    a_relancer = list(orientations_a_relancer(maintenant).values_list("pk", flat=True))
    return expirees, a_relancer


assert set(STATUTS_OUVERTS) == {S.ENVOYEE, S.RECUE, S.ACCEPTEE}
