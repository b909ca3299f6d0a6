"""Writes of the engineering offer. ``check_`` validates and authorises, ``do_`` writes, logs and queues work."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from collectivites.envois import planifier
from collectivites.noms import forme
from config.verrous import verrouiller_jusqu_a_la_fin
from territoire.models import Sectorisation

from .access import peut_qualifier, peut_suivre
from .enums import ETAPES, TRANSITIONS, Niveau, Statut, StatutNote
from .models import Demande, Document, Etape, EvenementDemande, NoteRestitution

# Routing


def pole_competent(collectivite, commune, epci=None):
    """The TIS that serves the request, through the sectorisation.

    A commune goes to the pôle that serves it. A grouping goes to the pôle serving the largest share of its
    population in the département. A commune or grouping outside the collectivité's territory is refused.
    """
    if epci is not None:
        parts = (
            Sectorisation.objects.filter(commune__epci=epci)
            .values("tis")
            .annotate(population=Sum("commune__population"))
            .order_by("-population", "tis")
        )
        premier = parts.first()
        if premier is None:
            raise ValidationError(f"{epci} n'a aucune commune sur le territoire {forme(collectivite).de}.")
        return Sectorisation.objects.filter(tis_id=premier["tis"]).select_related("tis").first().tis
    if commune.departement_id != collectivite.departement_id:
        raise ValidationError(f"{commune} n'est pas sur le territoire {forme(collectivite).de}.")
    ligne = Sectorisation.objects.filter(commune=commune).select_related("tis").first()
    if ligne is None:
        raise ValidationError(
            f"{commune} n'est rattachée à aucun pôle d'action sociale : appelez le Département, qui complétera "
            "sa sectorisation."
        )
    return ligne.tis


# The public form


def _evenement(demande, de, vers, par=None, commentaire=""):
    return EvenementDemande.objects.create(
        collectivite_id=demande.collectivite_id, demande=demande, de=de, vers=vers, par=par, commentaire=commentaire
    )


def _documents(demande, fichiers, par=None, etape=None, partage_commune=True):
    for f in fichiers:
        document = Document(
            collectivite_id=demande.collectivite_id,
            demande=demande,
            etape=etape,
            nom_original=f.name[:200],
            type_mime=f.type_detecte,
            depose_par=par,
            partage_commune=partage_commune,
        )
        document.fichier.save(f"{uuid.uuid4().hex}.{f.extension_detectee}", f, save=False)
        document.save()


# Issue 12 point 11: the same request sent again (a double click, a reload, a form posted twice) within this delay is
# refused with the reference of the first, instead of opening a second file for the pôle.
DELAI_DOUBLON = timezone.timedelta(hours=24)


class DemandeEnDouble(ValidationError):
    pass


def _normaliser(texte):
    return " ".join((texte or "").split()).casefold()


def check_deposer(collectivite, donnees):
    """Refuse an identical request from the same requester for the same territory within ``DELAI_DOUBLON``."""
    recentes = Demande.objects.filter(
        collectivite=collectivite,
        contact_email__iexact=donnees["contact_email"],
        commune=donnees["commune"],
        epci=donnees.get("epci"),
        deposee_le__gte=timezone.now() - DELAI_DOUBLON,
    ).order_by("-deposee_le", "-pk")
    description = _normaliser(donnees["description"])
    for demande in recentes.only("description", "deposee_le"):
        if _normaliser(demande.description) == description:
            quand = timezone.localtime(demande.deposee_le)
            raise DemandeEnDouble(
                f"Cette demande a déjà été reçue le {quand:%d/%m/%Y à %H:%M} (référence {demande.reference}) : "
                "inutile de l'envoyer à nouveau. Le lien de suivi a été envoyé à l'adresse du contact ; pour "
                "compléter votre demande, utilisez-le ou modifiez la description."
            )


def do_deposer(collectivite, donnees):
    """Write a request from the public form's cleaned data (no account), route it, queue the e-mails."""

    with transaction.atomic():
        # two identical submissions sent together (a double click, two tabs) check one after the other
        verrouiller_jusqu_a_la_fin(
            "ingenierie.depot",
            collectivite.pk,
            donnees["contact_email"].casefold(),
            getattr(donnees["commune"], "pk", None),
            getattr(donnees.get("epci"), "pk", None),
        )
        check_deposer(collectivite, donnees)
        demande = Demande(
            collectivite=collectivite,
            tis=pole_competent(collectivite, donnees["commune"], donnees.get("epci")),
            **{
                champ: donnees[champ]
                for champ in (
                    "type_demandeur",
                    "commune",
                    "epci",
                    "nom_demandeur",
                    "contact_nom",
                    "contact_fonction",
                    "contact_email",
                    "contact_telephone",
                    "type_projet",
                    "description",
                    "avancement",
                    "calendrier_souhaite",
                )
            },
        )
        demande.save()
        _evenement(demande, "", Statut.RECUE, commentaire=f"Déposée en ligne, adressée {forme(demande.tis).a}.")
        _documents(demande, donnees.get("documents") or [])
        planifier("ingenierie.notifier_depot", collectivite, demande.pk)
    return demande


# Follow-up


def check_transition(demande, vers):
    if vers not in TRANSITIONS[Statut(demande.statut)]:
        raise ValidationError(f"Impossible de passer de « {demande.get_statut_display()} » à « {Statut(vers).label} ».")


def _changer(demande, vers, par, commentaire="", champs=()):
    check_transition(demande, vers)
    ancien = demande.statut
    demande.statut = vers
    demande.modifiee_le = timezone.now()
    demande.save(update_fields=["statut", "modifiee_le", *champs])
    _evenement(demande, ancien, vers, par, commentaire)


def check_qualifier(user, demande):
    if not peut_qualifier(user):
        raise PermissionDenied("Seul·e un·e responsable qualifie une demande et désigne son conseiller.")


@transaction.atomic
def do_qualifier(user, demande, niveau, conseiller):
    """Level 1 or 2 and an advisor: the level's steps become the checklist."""
    check_qualifier(user, demande)
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    niveau = Niveau(int(niveau))
    demande.niveau, demande.conseiller = niveau, conseiller
    _changer(
        demande,
        Statut.QUALIFIEE,
        user,
        f"{niveau.label}, confiée à {conseiller.get_full_name()}.",
        champs=["niveau", "conseiller"],
    )
    Etape.objects.bulk_create(
        [
            Etape(
                collectivite_id=demande.collectivite_id,
                demande=demande,
                niveau=niveau,
                code=code,
                libelle=libelle,
                ordre=i,
            )
            for i, (code, libelle) in enumerate(ETAPES[niveau])
        ]
    )
    return demande


@transaction.atomic
def do_decider(user, demande, vers, motif):
    """Re-orient (towards another scheme or partner) or refuse, always with a reason the municipality will read."""

    check_qualifier(user, demande)
    if vers not in (Statut.REORIENTEE, Statut.REFUSEE):
        raise ValidationError("Décision inconnue.")
    if not (motif or "").strip():
        raise ValidationError("Indiquez le motif : la commune le lira.")
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    demande.motif_decision = motif.strip()
    _changer(demande, vers, user, demande.motif_decision, champs=["motif_decision"])
    planifier("ingenierie.notifier_commune", demande.collectivite, demande.pk, vers)
    return demande


@transaction.atomic
def do_transferer(user, demande, tis, motif=""):
    """A manager sends a request received by mistake to the right pôle; it stays « reçue »."""

    check_qualifier(user, demande)
    if demande.statut != Statut.RECUE:
        raise ValidationError("Seule une demande qui n'est pas encore qualifiée change de pôle.")
    if tis.pk == demande.tis_id:
        raise ValidationError("La demande est déjà adressée à ce pôle.")
    ancien = demande.tis
    demande.tis = tis
    demande.modifiee_le = timezone.now()
    demande.save(update_fields=["tis", "modifiee_le"])
    _evenement(
        demande, demande.statut, demande.statut, user, f"Transférée {forme(ancien).de} {forme(tis).a}. {motif}".strip()
    )
    planifier("ingenierie.notifier_depot", demande.collectivite, demande.pk, responsables_seulement=True)
    return demande


def check_suivre(user, demande):
    if not peut_suivre(user, demande):
        raise PermissionDenied("Seul·e le conseiller ou la conseillère de la demande (ou un·e responsable) la suit.")
    if demande.statut not in (Statut.QUALIFIEE, Statut.EN_COURS, Statut.RESTITUEE):
        raise ValidationError(f"Cette demande est {demande.get_statut_display().lower()} : elle ne se modifie plus.")


@transaction.atomic
def do_etape(user, etape, realisee_le, note, fichiers=(), partage_commune=True):
    """Date a step, note what was done, attach documents. The first step done puts the request « en cours »."""
    demande = Demande.objects.select_for_update().get(pk=etape.demande_id)
    check_suivre(user, demande)
    if realisee_le and realisee_le > timezone.localdate():
        raise ValidationError("Une étape ne peut pas être réalisée dans le futur.")
    etape.realisee_le, etape.note = realisee_le, note
    etape.save(update_fields=["realisee_le", "note"])
    _documents(demande, fichiers, par=user, etape=etape, partage_commune=partage_commune)
    if realisee_le and demande.statut == Statut.QUALIFIEE:
        _changer(demande, Statut.EN_COURS, user, f"Première étape réalisée : {etape.libelle}.")
    return etape


@transaction.atomic
def do_rediger(user, demande, donnees):
    """The parts of the note the advisor writes: partners identified, methodology and calendar, recommendations."""
    check_suivre(user, demande)
    for champ in ("partenaires", "methodologie", "recommandations"):
        setattr(demande, champ, donnees[champ])
    demande.modifiee_le = timezone.now()
    demande.save(update_fields=["partenaires", "methodologie", "recommandations", "modifiee_le"])
    return demande


@transaction.atomic
def do_demander_note(user, demande):
    """A new version of the note, rendered by the worker after the commit."""

    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    check_suivre(user, demande)
    derniere = NoteRestitution.objects.filter(demande=demande).order_by("-version").first()
    if derniere and derniere.statut in (StatutNote.EN_ATTENTE, StatutNote.EN_COURS):
        return derniere  # a double click does not queue a second rendering
    note = NoteRestitution.objects.create(
        collectivite_id=demande.collectivite_id,
        demande=demande,
        version=(derniere.version + 1) if derniere else 1,
        demandee_par=user,
    )
    planifier("ingenierie.generer_note", demande.collectivite, note.pk)
    return note


@transaction.atomic
def do_restituer(user, demande):
    """Send the latest note to the municipality: « restituée », and an e-mail with the tracking link."""

    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    check_suivre(user, demande)
    note = NoteRestitution.objects.filter(demande=demande).pretes().order_by("-version").first()
    if note is None:
        raise ValidationError("Générez d'abord la note de restitution.")
    _changer(demande, Statut.RESTITUEE, user, f"Note de restitution (version {note.version}) transmise à la commune.")
    planifier("ingenierie.notifier_commune", demande.collectivite, demande.pk, Statut.RESTITUEE)
    return demande


@transaction.atomic
def do_clore(user, demande, commentaire=""):
    demande = Demande.objects.select_for_update().get(pk=demande.pk)
    if not peut_suivre(user, demande):
        raise PermissionDenied("Seul·e le conseiller ou la conseillère de la demande (ou un·e responsable) la clôt.")
    _changer(demande, Statut.CLOSE, user, commentaire or "Accompagnement terminé.")
    return demande


@transaction.atomic
def do_renouveler_lien(user, demande):
    """Revoke every tracking link sent so far and e-mail a new one to the contact."""

    if not peut_suivre(user, demande):
        raise PermissionDenied("Seul·e le conseiller ou la conseillère de la demande (ou un·e responsable) le fait.")
    demande.cle_lien = uuid.uuid4()
    demande.save(update_fields=["cle_lien"])
    _evenement(demande, demande.statut, demande.statut, user, "Lien de suivi révoqué ; un nouveau lien est envoyé.")
    planifier("ingenierie.notifier_depot", demande.collectivite, demande.pk, commune_seulement=True)
    return demande
