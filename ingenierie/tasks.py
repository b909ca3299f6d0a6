"""Work for the worker: the note de restitution (WeasyPrint) and the e-mails. Each task is idempotent."""

import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites import courriels
from collectivites.liens import url_absolue
from collectivites.tasks import tache_collectivite
from config import pdf

from . import note as redaction
from .access import responsables_du_pole
from .enums import StatutNote
from .liens import url_suivi
from .models import Demande, NoteRestitution


@tache_collectivite(name="ingenierie.notifier_depot", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifier_depot(demande_id, responsables_seulement=False, commune_seulement=False):
    """The municipality's acknowledgement with its private tracking link; the pôle's managers are told."""
    demande = Demande.objects.select_related("collectivite", "tis").get(pk=demande_id)
    contexte = {"d": demande, "lien": url_suivi(demande)}
    n = 0
    if not responsables_seulement:
        n += courriels.envoyer(
            "ingenierie/emails/accuse.txt",
            f"Votre demande d'accompagnement {demande.reference} est reçue",
            [demande.contact_email],
            contexte,
        )
    if not commune_seulement:
        contexte["lien_interne"] = url_absolue("ingenierie:demande", demande.pk)
        destinataires = sorted({u.email for u in responsables_du_pole(demande.tis) if u.is_active})
        n += courriels.envoyer(
            "ingenierie/emails/nouvelle.txt",
            f"Relais — demande d'ingénierie {demande.reference} à qualifier",
            destinataires,
            contexte,
        )
    return n


@tache_collectivite(name="ingenierie.notifier_commune", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notifier_commune(demande_id, statut):
    demande = Demande.objects.select_related("collectivite", "tis").get(pk=demande_id)
    return courriels.envoyer(
        "ingenierie/emails/decision.txt",
        f"Votre demande d'accompagnement {demande.reference} : {demande.get_statut_display().lower()}",
        [demande.contact_email],
        {"d": demande, "lien": url_suivi(demande), "statut": statut},
    )


def rediger_note(note_id):
    """Render one version of the note; progress is written as it goes so that the page can show it."""
    note = NoteRestitution.objects.select_related("demande").get(pk=note_id)
    if note.statut == StatutNote.PRETE:
        return "déjà générée"
    debut = time.perf_counter()
    NoteRestitution.avancer(note.pk, 10, "Profil de la commune et activité de l'accueil", statut=StatutNote.EN_COURS)
    source = redaction.html(note.demande, note.version)
    NoteRestitution.avancer(note.pk, 40, "Mise en page", statut=StatutNote.EN_COURS)
    document = pdf.mettre_en_page(source)
    NoteRestitution.avancer(note.pk, 75, "Écriture du PDF", statut=StatutNote.EN_COURS)
    contenu = document.write_pdf()
    with transaction.atomic():
        note = NoteRestitution.objects.select_for_update().get(pk=note_id)
        if note.statut == StatutNote.PRETE:  # another run finished first
            return "déjà générée"
        nom = f"note-restitution-{note.demande.reference}-v{note.version}.pdf"
        note.fichier.save(nom, ContentFile(contenu), save=False)
        note.statut, note.progression, note.etape_en_cours = StatutNote.PRETE, 100, ""
        note.generee_le = timezone.now()
        note.pages = len(document.pages)
        note.duree_ms = round((time.perf_counter() - debut) * 1000)
        note.save()
    return note.fichier.name


@tache_collectivite(name="ingenierie.generer_note")
def generer_note(note_id):
    try:
        return rediger_note(note_id)
    except Exception as erreur:
        NoteRestitution.objects.filter(pk=note_id).update(statut=StatutNote.ERREUR, erreur=str(erreur)[:500])
        raise
