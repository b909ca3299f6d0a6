"""Work for the worker: the data pack and the PDF of a version (docs/diagnostic.md §3, §6). Idempotent: a job
already done returns at once; each writes its progress on its row, which the page polls."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from collectivites.tasks import tache_collectivite
from config import pdf

from . import document, pack
from .enums import StatutTravail
from .models import DocumentDiagnostic, PackDonnees


def assembler(pack_id):
    p = PackDonnees.objects.select_related("diagnostic__collectivite").get(pk=pack_id)
    if p.pret:
        return "déjà assemblé"
    contenu = pack.assembler(
        p.diagnostic,
        p.date_reference,
        lambda progression, etape: PackDonnees.avancer(pack_id, progression, etape, statut=StatutTravail.EN_COURS),
    )
    PackDonnees.objects.filter(pk=pack_id).update(
        contenu=contenu, statut=StatutTravail.PRET, progression=100, etape_en_cours="", genere_le=timezone.now()
    )
    return "assemblé"


def rediger(document_id):
    doc = DocumentDiagnostic.objects.select_related("version__diagnostic__collectivite").get(pk=document_id)
    if doc.pret:
        return "déjà généré"
    DocumentDiagnostic.avancer(document_id, 10, "Rassemblement du document", statut=StatutTravail.EN_COURS)
    source = document.html_pdf(doc.version)
    DocumentDiagnostic.avancer(document_id, 40, "Mise en page", statut=StatutTravail.EN_COURS)
    rendu = pdf.mettre_en_page(source)
    DocumentDiagnostic.avancer(document_id, 75, "Écriture du PDF", statut=StatutTravail.EN_COURS)
    contenu = rendu.write_pdf()
    with transaction.atomic():
        doc = DocumentDiagnostic.objects.select_for_update().select_related("version").get(pk=document_id)
        if doc.pret:
            return "déjà généré"
        nom = f"{doc.nom_fichier()[:-4]}-{timezone.localtime():%Y%m%d-%H%M%S}.pdf"
        doc.fichier.save(nom, ContentFile(contenu), save=False)
        doc.statut, doc.progression, doc.etape_en_cours = StatutTravail.PRET, 100, ""
        doc.genere_le, doc.pages = timezone.now(), len(rendu.pages)
        doc.save()
    return doc.fichier.name


def _en_erreur(modele, pk, erreur):
    modele.objects.filter(pk=pk).update(statut=StatutTravail.ERREUR, erreur=str(erreur)[:500])


@tache_collectivite(name="diagnostic.assembler_pack")
def assembler_pack(pack_id):
    try:
        return assembler(pack_id)
    except Exception as erreur:
        _en_erreur(PackDonnees, pack_id, erreur)
        raise


@tache_collectivite(name="diagnostic.generer_document")
def generer_document(document_id):
    try:
        return rediger(document_id)
    except Exception as erreur:
        _en_erreur(DocumentDiagnostic, document_id, erreur)
        raise
